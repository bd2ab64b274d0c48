/**
 * Imported first by main.ts: zod builds its object parsers with `new Function` unless told otherwise, and it
 * probes for that while the schemas are being defined. The CSP forbids eval, so the probe only produced a
 * CSP violation report on every start; jitless mode never tries.
 */
import { z } from 'zod';

z.config({ jitless: true });
