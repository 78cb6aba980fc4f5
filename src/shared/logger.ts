import type { LogLevel } from '../config/config.js';

const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Only codes, counts, durations and flags: a log line never carries names, numbers, addresses or codes. */
export type LogFields = Record<string, string | number | boolean | null | string[]>;

export interface Logger {
  error(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  debug(event: string, fields?: LogFields): void;
}

/** JSON lines on a stream (stderr by default), so stdout stays the product's output. */
export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const at = (l: LogLevel) => (event: string, fields: LogFields = {}) => {
    if (ORDER[l] > ORDER[level]) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: l, event, ...fields })}\n`);
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
