import type { Logger } from '../ports.ts';
import type { CacheStore } from './cache-store.ts';

export function openCacheStore(_filePath: string, _logger: Logger): CacheStore {
  throw new Error('openCacheStore: implementation in progress');
}
