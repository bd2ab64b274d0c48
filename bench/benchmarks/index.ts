import type { Benchmark } from '../lib/types.ts';
import { burstBenchmark } from './burst.ts';
import { bigInboxBenchmark } from './big-inbox.ts';
import { cacheBenchmark } from './cache.ts';
import { coldStartBenchmark } from './cold-start.ts';
import { largeHistoryBenchmark } from './large-history.ts';
import { realtimeBenchmark } from './realtime.ts';
import { reconnectBenchmark } from './reconnect.ts';
import { soakBenchmark } from './soak.ts';

/** In the brief's order, the self-contained cache first. */
export const benchmarks: Benchmark[] = [
  cacheBenchmark,
  realtimeBenchmark,
  burstBenchmark,
  largeHistoryBenchmark,
  bigInboxBenchmark,
  coldStartBenchmark,
  soakBenchmark,
  reconnectBenchmark,
];
