import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { InsurerAddress } from '../extract/find-address.js';
import { DEFAULT_LIMITS, type ReaderLimits } from '../extract/readers/reader-limits.js';
import { parseApiKeys, type ApiKey } from '../api/api-keys.js';
import { parseMailboxConfig, type MailboxConfig } from './mailbox-config.js';
import { TriageError } from '../shared/errors.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** Who the insurer is, so its own names and addresses are never read as the sender's. */
export interface InsurerIdentity {
  names: string[];
  addresses: InsurerAddress[];
}

export interface Config {
  /** Real PostgreSQL; when null the embedded PGlite under `dataDir` is used. */
  databaseUrl: string | null;
  dataDir: string;
  redisUrl: string;
  logLevel: LogLevel;
  reviewConfidence: number;
  limits: ReaderLimits;
  insurer: InsurerIdentity;
  /** OCR of scanned letters and attachments (tesseract.js, offline). */
  ocr: { enabled: boolean; model: '4.0.0_best_int' | '4.0.0'; workers: number; recycleAfterPages: number };
  /** PostgreSQL schema the tables live in (search_path); null for the server's default. */
  pgSchema: string | null;
  queue: QueueConfig;
  /** Prometheus metrics of a worker process; `port` null: not served. */
  metrics: { host: string; port: number | null };
  /** The IMAP mailboxes `triage mailbox` reads (TRIAGE_IMAP_*); none when unset. */
  mailbox: MailboxConfig;
  /** The mailroom hot folder (`triage watch DIR`): scan interval and how long a file must stay unchanged before it is handed in. */
  watch: { intervalMs: number; settleMs: number };
  /** The HTTP intake API and queue dashboard (`triage serve`). */
  api: ApiConfig;
  /** The reply outbox (route stage): print folder, portal inbox, optional data-free acknowledgement. */
  outbox: OutboxConfig;
  /** The case workers' review API (sessions, sign-in limits); see src/review/. */
  review: ReviewConfig;
}

/** Sign-in and sessions of the review API. */
export interface ReviewConfig {
  /** Mark the session cookie `Secure` (TRIAGE_COOKIE_SECURE=on): needed whenever it is served over HTTPS. */
  cookieSecure: boolean;
  /** A session ends after this long without a request (TRIAGE_SESSION_IDLE_MINUTES). */
  sessionIdleMs: number;
  /** A session ends this long after sign-in, used or not (TRIAGE_SESSION_MAX_HOURS). */
  sessionMaxMs: number;
  /** Consecutive failed sign-ins that lock an account until an admin unlocks it (TRIAGE_SIGNIN_LOCK_AFTER). */
  lockAfterFailures: number;
  /** Failed sign-ins per user name and client address within `signInWindowMs` before 429 (TRIAGE_SIGNIN_RATE_LIMIT). */
  signInRateLimit: number;
  signInWindowMs: number;
  /**
   * How often `triage serve` delivers again the replies of closed items that wait after a failed
   * delivery (TRIAGE_REPLY_RETRY_S); 0: only when a case worker asks.
   */
  replyRetryMs: number;
}

/** Where the route stage hands replies: post (PDF for the print service) and portal; never email. */
export interface OutboxConfig {
  /** Folder the print service takes post replies from (TRIAGE_OUTBOX_DIR, absolute); null: they wait in outbox_replies. */
  dir: string | null;
  /** The member portal's inbox endpoint (TRIAGE_PORTAL_URL, TRIAGE_PORTAL_TOKEN); null: portal replies wait in outbox_replies. */
  portal: { url: string; token: string; timeoutMs: number } | null;
  /** The data-free acknowledgement email (TRIAGE_ACK_EMAIL=on, TRIAGE_ACK_FROM); null: off. */
  ackEmail: { from: string } | null;
}

/** `triage serve`: the HTTP intake API and the admin queue dashboard. */
export interface ApiConfig {
  host: string;
  port: number;
  /** Keys that may hand in items and read their state (TRIAGE_API_KEYS); `triage serve` needs at least one. */
  keys: ApiKey[];
  /** Keys for the queue dashboard at /admin/queues (TRIAGE_ADMIN_KEYS); none: the dashboard is off. */
  adminKeys: ApiKey[];
}

/** The queue workers (BullMQ on Redis). */
export interface QueueConfig {
  /** Prefix of every Redis key, so several deployments (or tests) can share one Redis. */
  prefix: string;
  /** Runs of a job before it is a dead letter (transient errors only; bad input fails at once). */
  attempts: number;
  /** First retry delay; it doubles with each attempt. */
  backoffMs: number;
  /** How long a worker's claim on a job lasts without renewal; a crashed worker's job is taken over after it. */
  lockDurationMs: number;
  /** How often a job may be taken over from a crashed or blocked worker before it is a dead letter. */
  maxStalledCount: number;
  /** Time in-flight jobs get to finish on SIGTERM before they are handed back. */
  shutdownTimeoutMs: number;
  /** Threads per worker process that read items (PDF rendering, OCR, signatures), off the main thread. */
  readThreads: number;
  /** Jobs at once per stage and worker process (mostly waiting on PostgreSQL, Redis or a read thread). */
  concurrency: number;
  /** How often a worker reloads the member registry from the database. */
  registryRefreshMs: number;
  /**
   * How often a worker looks for stored items that lost their job (a crash between storing and
   * queuing, a Redis restarted without its data); items younger than twice this are left alone.
   */
  recoveryIntervalMs: number;
}

const DEFAULT_INSURER = new URL('./insurer.default.json', import.meta.url);

function readInsurer(file: string | URL, problems: string[], variable: string): InsurerIdentity {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<InsurerIdentity>;
    const names = Array.isArray(data.names) ? data.names.filter((n): n is string => typeof n === 'string') : [];
    const addresses = Array.isArray(data.addresses)
      ? data.addresses.filter((a): a is InsurerAddress => typeof a?.street === 'string' && typeof a?.postalCode === 'string')
      : [];
    return { names, addresses };
  } catch (err) {
    problems.push(`${variable}: cannot read insurer identity file (${err instanceof Error ? err.message : 'unknown error'}); it must be JSON {"names": [...], "addresses": [{"street","postalCode"}]}`);
    return { names: [], addresses: [] };
  }
}

function integer(env: Record<string, string | undefined>, name: string, fallback: number, problems: string[], min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name}=${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return n;
}

function number(env: Record<string, string | undefined>, name: string, fallback: number, problems: string[], min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    problems.push(`${name}=${JSON.stringify(raw)}: must be a number from ${min} to ${max}`);
    return fallback;
  }
  return n;
}

/**
 * Reads every setting once, from the environment given. Nothing else in the product reads
 * `process.env`. Fails with one error naming every bad variable.
 */
export function parseConfig(env: Record<string, string | undefined>, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL: must start with postgres:// or postgresql://');
  const redisUrl = env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL: must start with redis:// or rediss://');
  const logLevel = (env.TRIAGE_LOG_LEVEL?.trim() || 'warn') as LogLevel;
  if (!['error', 'warn', 'info', 'debug'].includes(logLevel)) problems.push(`TRIAGE_LOG_LEVEL=${JSON.stringify(env.TRIAGE_LOG_LEVEL)}: use error, warn, info or debug`);
  const mb = 1024 * 1024;
  const limits: ReaderLimits = {
    maxMessageBytes: Math.round(number(env, 'TRIAGE_MAX_MESSAGE_MB', DEFAULT_LIMITS.maxMessageBytes / mb, problems, 0.001, 1024) * mb),
    maxScanBytes: Math.round(number(env, 'TRIAGE_MAX_SCAN_MB', DEFAULT_LIMITS.maxScanBytes / mb, problems, 0.001, 4096) * mb),
    maxMimeParts: integer(env, 'TRIAGE_MAX_MIME_PARTS', DEFAULT_LIMITS.maxMimeParts, problems, 1, 10_000),
    maxPdfPages: integer(env, 'TRIAGE_MAX_PDF_PAGES', DEFAULT_LIMITS.maxPdfPages, problems, 1, 10_000),
    attachmentTimeoutMs: integer(env, 'TRIAGE_ATTACHMENT_TIMEOUT_MS', DEFAULT_LIMITS.attachmentTimeoutMs, problems, 100, 600_000),
    itemTimeoutMs: integer(env, 'TRIAGE_ITEM_TIMEOUT_MS', DEFAULT_LIMITS.itemTimeoutMs, problems, 100, 3_600_000),
    maxPixels: Math.round(number(env, 'TRIAGE_MAX_SCAN_MEGAPIXELS', DEFAULT_LIMITS.maxPixels / 1e6, problems, 0.1, 1000) * 1e6),
    renderDpi: integer(env, 'TRIAGE_RENDER_DPI', DEFAULT_LIMITS.renderDpi, problems, 72, 600),
    maxRenderWidth: DEFAULT_LIMITS.maxRenderWidth,
  };
  const ocrModel = (env.TRIAGE_OCR_MODEL?.trim() || '4.0.0_best_int') as Config['ocr']['model'];
  if (!['4.0.0_best_int', '4.0.0'].includes(ocrModel)) problems.push(`TRIAGE_OCR_MODEL=${JSON.stringify(env.TRIAGE_OCR_MODEL)}: use 4.0.0_best_int or 4.0.0`);
  const ocr = {
    enabled: (env.TRIAGE_OCR?.trim() || 'on') !== 'off',
    model: ocrModel,
    workers: integer(env, 'TRIAGE_OCR_WORKERS', Math.max(1, availableParallelism()), problems, 1, 64),
    recycleAfterPages: integer(env, 'TRIAGE_OCR_RECYCLE_PAGES', 300, problems, 1, 100_000),
  };
  if (!['on', 'off', ''].includes(env.TRIAGE_OCR?.trim() ?? '')) problems.push(`TRIAGE_OCR=${JSON.stringify(env.TRIAGE_OCR)}: use on or off`);
  const reviewConfidence = number(env, 'TRIAGE_REVIEW_CONFIDENCE', 0.6, problems, 0, 1);
  const insurerFile = env.TRIAGE_INSURER_FILE?.trim();
  const insurer = readInsurer(insurerFile ? path.resolve(cwd, insurerFile) : DEFAULT_INSURER, problems, 'TRIAGE_INSURER_FILE');
  const dataDir = path.resolve(cwd, env.TRIAGE_DATA_DIR?.trim() || '.triage-data');
  const pgSchema = env.TRIAGE_PG_SCHEMA?.trim() || null;
  if (pgSchema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(pgSchema)) {
    problems.push(`TRIAGE_PG_SCHEMA=${JSON.stringify(pgSchema)}: use lower-case letters, digits and "_" (at most 63, not starting with a digit)`);
  }
  const prefix = env.TRIAGE_QUEUE_PREFIX?.trim() || 'triage';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) problems.push(`TRIAGE_QUEUE_PREFIX=${JSON.stringify(prefix)}: use letters, digits, "_", "-" and "." (at most 64)`);
  const queue: QueueConfig = {
    prefix,
    attempts: integer(env, 'TRIAGE_JOB_ATTEMPTS', 8, problems, 1, 100),
    backoffMs: integer(env, 'TRIAGE_JOB_BACKOFF_MS', 1000, problems, 10, 3_600_000),
    lockDurationMs: integer(env, 'TRIAGE_LOCK_DURATION_MS', 60_000, problems, 1000, 3_600_000),
    maxStalledCount: integer(env, 'TRIAGE_MAX_STALLED_COUNT', 2, problems, 0, 100),
    shutdownTimeoutMs: integer(env, 'TRIAGE_SHUTDOWN_TIMEOUT_MS', 30_000, problems, 0, 3_600_000),
    readThreads: integer(env, 'TRIAGE_READ_THREADS', Math.max(1, availableParallelism()), problems, 1, 256),
    concurrency: integer(env, 'TRIAGE_WORKER_CONCURRENCY', 16, problems, 1, 1000),
    registryRefreshMs: integer(env, 'TRIAGE_REGISTRY_REFRESH_S', 60, problems, 1, 86_400) * 1000,
    recoveryIntervalMs: integer(env, 'TRIAGE_RECOVERY_INTERVAL_S', 60, problems, 1, 86_400) * 1000,
  };
  const metricsPort = env.TRIAGE_METRICS_PORT?.trim() ? integer(env, 'TRIAGE_METRICS_PORT', 0, problems, 0, 65_535) : null;
  const metrics = { host: env.TRIAGE_METRICS_HOST?.trim() || '127.0.0.1', port: metricsPort };
  const watch = {
    intervalMs: integer(env, 'TRIAGE_WATCH_INTERVAL_MS', 2000, problems, 10, 3_600_000),
    settleMs: integer(env, 'TRIAGE_WATCH_SETTLE_MS', 2000, problems, 0, 3_600_000),
  };
  const api: ApiConfig = {
    host: env.TRIAGE_API_HOST?.trim() || '127.0.0.1',
    port: integer(env, 'TRIAGE_API_PORT', 8080, problems, 0, 65_535),
    keys: parseApiKeys(env.TRIAGE_API_KEYS, 'TRIAGE_API_KEYS', problems),
    adminKeys: parseApiKeys(env.TRIAGE_ADMIN_KEYS, 'TRIAGE_ADMIN_KEYS', problems),
  };
  const outbox = parseOutbox(env, cwd, problems);
  const review = parseReview(env, problems);
  const mailbox = parseMailboxConfig(env, cwd, problems);
  if (problems.length > 0) {
    throw new TriageError('config.invalid', `Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return { databaseUrl, dataDir, redisUrl, logLevel, reviewConfidence, limits, insurer, ocr, pgSchema, queue, metrics, api, watch, outbox, mailbox, review };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** TRIAGE_OUTBOX_DIR, TRIAGE_PORTAL_*, TRIAGE_ACK_*: the reply outbox. */
function parseOutbox(env: Record<string, string | undefined>, cwd: string, problems: string[]): OutboxConfig {
  const dirRaw = env.TRIAGE_OUTBOX_DIR?.trim();
  const dir = dirRaw ? path.resolve(cwd, dirRaw) : null;
  const url = env.TRIAGE_PORTAL_URL?.trim() || null;
  const token = env.TRIAGE_PORTAL_TOKEN?.trim() || null;
  const timeoutMs = integer(env, 'TRIAGE_PORTAL_TIMEOUT_MS', 10_000, problems, 100, 600_000);
  let portal: OutboxConfig['portal'] = null;
  if (url) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      problems.push('TRIAGE_PORTAL_URL: not a URL; use https://portal.example/api/inbox');
    }
    if (parsed && parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname))) {
      problems.push('TRIAGE_PORTAL_URL: must be https:// (http:// only to localhost): replies carry personal data');
    }
    if (parsed && (parsed.username || parsed.password)) problems.push('TRIAGE_PORTAL_URL: no credentials in the URL; put the token in TRIAGE_PORTAL_TOKEN');
    if (!token) problems.push('TRIAGE_PORTAL_TOKEN: needed when TRIAGE_PORTAL_URL is set (sent as "Authorization: Bearer <token>")');
    if (parsed && token) portal = { url, token, timeoutMs };
  } else if (token) {
    problems.push('TRIAGE_PORTAL_TOKEN: set without TRIAGE_PORTAL_URL; set both or neither');
  }
  const ack = env.TRIAGE_ACK_EMAIL?.trim() || 'off';
  if (!['on', 'off'].includes(ack)) problems.push(`TRIAGE_ACK_EMAIL=${JSON.stringify(env.TRIAGE_ACK_EMAIL)}: use on or off`);
  const from = env.TRIAGE_ACK_FROM?.trim() || null;
  if (from !== null && !/^[^\s@<>"(),;:]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(from)) problems.push('TRIAGE_ACK_FROM: must be a plain address like noreply@kasse.example');
  if (ack === 'on' && from === null) problems.push('TRIAGE_ACK_FROM: needed when TRIAGE_ACK_EMAIL=on (the sender address of the acknowledgement)');
  return { dir, portal, ackEmail: ack === 'on' && from !== null ? { from } : null };
}

/** TRIAGE_COOKIE_SECURE, TRIAGE_SESSION_*, TRIAGE_SIGNIN_*: sign-in and sessions of the review API. */
function parseReview(env: Record<string, string | undefined>, problems: string[]): ReviewConfig {
  const secure = env.TRIAGE_COOKIE_SECURE?.trim() || 'off';
  if (!['on', 'off'].includes(secure)) problems.push(`TRIAGE_COOKIE_SECURE=${JSON.stringify(env.TRIAGE_COOKIE_SECURE)}: use on (served over HTTPS) or off (http://localhost)`);
  return {
    cookieSecure: secure === 'on',
    sessionIdleMs: integer(env, 'TRIAGE_SESSION_IDLE_MINUTES', 480, problems, 1, 10_080) * 60_000,
    sessionMaxMs: integer(env, 'TRIAGE_SESSION_MAX_HOURS', 12, problems, 1, 168) * 3_600_000,
    lockAfterFailures: integer(env, 'TRIAGE_SIGNIN_LOCK_AFTER', 5, problems, 1, 100),
    replyRetryMs: integer(env, 'TRIAGE_REPLY_RETRY_S', 300, problems, 0, 86_400) * 1000,
    signInRateLimit: integer(env, 'TRIAGE_SIGNIN_RATE_LIMIT', 10, problems, 1, 1000),
    signInWindowMs: 15 * 60_000,
  };
}
