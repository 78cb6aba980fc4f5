// Each queue test gets its own PostgreSQL schema and Redis key prefix, migrated before and
// removed after, so tests (and other engineers' runs) on the shared servers never meet.
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { parseConfig, type Config } from '../../../src/config/config.js';
import { runCli, type CliRun } from '../../support/run-cli.js';
import { TEST_DATABASE_URL } from '../db/backends.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface QueueEnv {
  env: Record<string, string>;
  config: Config;
  schema: string;
  prefix: string;
  /** Runs the CLI in-process with this environment. */
  cli(argv: string[]): Promise<CliRun>;
  /** Plain SQL on the test's schema (checks only). */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  cleanup(): Promise<void>;
}

/** A migrated schema and a fresh prefix; `extra` adds or overrides variables. */
export async function createQueueEnv(extra: Record<string, string> = {}): Promise<QueueEnv> {
  const id = randomBytes(5).toString('hex');
  const schema = `q_${id}`;
  const prefix = `qtest-${id}`;
  const env: Record<string, string> = {
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    TRIAGE_PG_SCHEMA: schema,
    TRIAGE_QUEUE_PREFIX: prefix,
    TRIAGE_OCR: 'off',
    TRIAGE_LOG_LEVEL: 'error',
    TRIAGE_JOB_BACKOFF_MS: '50',
    TRIAGE_JOB_ATTEMPTS: '3',
    TRIAGE_READ_THREADS: '2',
    TRIAGE_SHUTDOWN_TIMEOUT_MS: '5000',
    ...extra,
  };
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2, options: `-c search_path=${schema}` });
  const cli = (argv: string[]) => runCli(argv, env);
  const migrated = await cli(['migrate']);
  if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
  return {
    env,
    config: parseConfig(env),
    schema,
    prefix,
    cli,
    async sql<T>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as T[];
    },
    async cleanup() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
      await pool.end();
      await deleteKeys(prefix);
    },
  };
}

/** Removes every Redis key under the prefix. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls until `check` is true or the time is up (then throws with `what`). */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const SAMPLES = path.resolve('samples');

/** The sample emails and contact forms (file names, sorted). */
export function sampleMessages(): string[] {
  return readdirSync(SAMPLES)
    .filter((f) => f.endsWith('.eml') || f.endsWith('.json'))
    .sort();
}

/**
 * `count` distinct items made from the sample emails and forms, round robin: emails get a new
 * Message-ID, forms a different JSON layout. Their content (what is read) stays the sample's.
 */
export function variedMessages(count: number): { name: string; ending: 'eml' | 'json'; bytes: Buffer }[] {
  const files = sampleMessages();
  const out: { name: string; ending: 'eml' | 'json'; bytes: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const file = files[i % files.length]!;
    const bytes = readFileSync(path.join(SAMPLES, file));
    if (file.endsWith('.eml')) {
      const text = bytes.toString('latin1');
      const varied = /^message-id:\s*</im.test(text)
        ? text.replace(/^(message-id:\s*<)/im, `$1v${i}.`)
        : `X-Variant: ${i}\r\n${text}`;
      out.push({ name: `v${i}-${file}`, ending: 'eml', bytes: Buffer.from(varied, 'latin1') });
    } else {
      const json = JSON.parse(bytes.toString('utf8')) as unknown;
      out.push({ name: `v${i}-${file}`, ending: 'json', bytes: Buffer.from(`${JSON.stringify(json, null, 1 + (i % 7))}${' '.repeat(Math.floor(i / 7))}\n`) });
    }
  }
  return out;
}
