import type { Logger } from '../core/ports.ts';

function describe(detail: unknown): string {
  if (detail === undefined) return '';
  if (detail instanceof Error) return ` ${detail.stack ?? detail.message}`;
  try {
    return ` ${JSON.stringify(detail)}`;
  } catch {
    return ` ${String(detail)}`;
  }
}

/** Timestamped lines on stderr; the core never passes secrets in `detail`. */
export function createConsoleLogger(scope: string): Logger {
  const line = (level: string, message: string, detail: unknown) =>
    process.stderr.write(`${new Date().toISOString()} ${level} [${scope}] ${message}${describe(detail)}\n`);
  return {
    info: (message, detail) => line('info', message, detail),
    warn: (message, detail) => line('warn', message, detail),
    error: (message, detail) => line('error', message, detail),
  };
}
