import { pino, type DestinationStream } from 'pino';
import type { LogLevel } from '../config/config.js';

/** Only codes, counts, durations and flags: a log line never carries names, numbers, addresses or codes. */
export type LogFields = Record<string, string | number | boolean | null | string[]>;

export interface Logger {
  error(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  debug(event: string, fields?: LogFields): void;
}

/**
 * Field names that would hold personal data. Callers log codes and counts only; should one of
 * these ever be passed anyway, pino writes `[redacted]` instead of the value.
 */
export const PERSONAL_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'sender',
  'address',
  'street',
  'postalCode',
  'city',
  'insuranceNumber',
  'kvnr',
  'email',
  'from',
  'to',
  'replyTo',
  'subject',
  'text',
  'body',
  'authCode',
  'phone',
  'iban',
] as const;

// Values that look like personal data are masked wherever they stand, as a second net behind the
// field names: an insurance number, an email address, a German IBAN.
const PERSONAL_VALUES = [/\b[A-Z][0-9]{9}\b/g, /[^\s@"<>]+@[^\s@"<>]+\.[A-Za-z]{2,}/g, /\bDE[0-9]{2}(?: ?[0-9]{4}){4} ?[0-9]{2}\b/g];

/** Masks personal-looking values in one log value. */
export function scrubValue<T>(value: T): T {
  if (typeof value === 'string') return PERSONAL_VALUES.reduce<string>((s, re) => s.replace(re, '[redacted]'), value) as T;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v)) as T;
  return value;
}

/**
 * Structured JSON lines (pino) on a stream, stderr by default, so stdout stays the product's output:
 * `{"level":"warn","time":"…","pid":…,"event":"job.retry",…fields}`.
 */
export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const stream: DestinationStream = { write };
  const log = pino(
    {
      level,
      messageKey: 'event',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, scrubValue(v)])),
      },
      redact: { paths: [...PERSONAL_FIELDS], censor: '[redacted]' },
    },
    stream,
  );
  return {
    error: (event, fields = {}) => log.error(fields, event),
    warn: (event, fields = {}) => log.warn(fields, event),
    info: (event, fields = {}) => log.info(fields, event),
    debug: (event, fields = {}) => log.debug(fields, event),
  };
}
