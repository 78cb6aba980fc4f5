// What the queue and mailbox benches share: a migrated schema and queue prefix of their own (with
// the members imported), removed afterwards, and `triage` commands as child processes, as deployed.
//
// Environment: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), REDIS_URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { run } from '../src/cli/main.js';

export const root = path.resolve(import.meta.dirname, '..');
export const corpus = path.resolve(root, '../shared/load-corpus');
export const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BenchEnv {
  env: Record<string, string>;
  schema: string;
  prefix: string;
  pool: pg.Pool;
}

/** A migrated schema `bench_<tag>_<id>` and prefix `bench-<tag>-<id>`, OCR off unless `extra` says otherwise. */
export async function freshBenchEnv(tag: string, extra: Record<string, string> = {}): Promise<BenchEnv> {
  const id = randomBytes(4).toString('hex');
  const schema = `bench_${tag}_${id}`;
  const prefix = `bench-${tag}-${id}`;
  const env: Record<string, string> = {
    DATABASE_URL,
    REDIS_URL,
    TRIAGE_PG_SCHEMA: schema,
    TRIAGE_QUEUE_PREFIX: prefix,
    TRIAGE_OCR: 'off',
    TRIAGE_LOG_LEVEL: 'error',
    ...extra,
  };
  const quiet = { stdout: () => {}, stderr: (s: string) => void process.stderr.write(s.startsWith('triage: database migrated') || s.startsWith('triage: loaded') ? '' : s), stdoutIsTty: false, stderrIsTty: false, cwd: root };
  if ((await run(['migrate'], env, quiet)) !== 0) throw new Error('migrate failed');
  const members = existsSync(path.join(corpus, 'members.csv')) ? path.join(corpus, 'members.csv') : path.join(root, 'test/samples/members.csv');
  await run(['members', 'import', members], env, quiet);
  return { env, schema, prefix, pool: new pg.Pool({ connectionString: DATABASE_URL, max: 2, options: `-c search_path=${schema}` }) };
}

/** Drops the schema and every Redis key under the prefix. */
export async function dropBenchEnv(e: BenchEnv): Promise<void> {
  await e.pool.query(`DROP SCHEMA IF EXISTS "${e.schema}" CASCADE`);
  await e.pool.end();
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${e.prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

/** `triage <args>` as a child process, resolved once its stderr shows `ready`. */
export function startTriage(args: string[], env: Record<string, string>, ready: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, 'bin/triage.mjs'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], cwd: root });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes(ready)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`triage ${args[0]} exited (${code}): ${err.slice(-500)}`)));
  });
}

/** Waits until `n` items have a result (polled every `everyMs`); throws after `timeoutMs`. */
export async function waitForResults(pool: pg.Pool, n: number, timeoutMs: number, everyMs = 50): Promise<void> {
  const decided = async () => (await pool.query<{ n: number }>('select count(distinct intake_id)::int as n from results')).rows[0]!.n;
  const end = Date.now() + timeoutMs;
  while ((await decided()) < n) {
    if (Date.now() > end) throw new Error(`only ${await decided()} of ${n} items have a result after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Waits until every decided item that wants a post or portal reply has one stored (the route jobs
 * are done); throws after `timeoutMs`.
 */
export async function waitForReplies(pool: pg.Pool, timeoutMs: number, everyMs = 50): Promise<void> {
  const missing = async () =>
    (
      await pool.query<{ n: number }>(
        "select count(*)::int as n from results r where r.status = 'processed' and r.reply_channel in ('post', 'portal') and not exists (select 1 from outbox_replies o where o.intake_id = r.intake_id)",
      )
    ).rows[0]!.n;
  const end = Date.now() + timeoutMs;
  while ((await missing()) > 0) {
    if (Date.now() > end) throw new Error(`${await missing()} replies still missing after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** CPU seconds used so far (user + system, all threads) by each group of processes; null where /proc is missing. */
export type CpuGroups = Record<string, number> | null;

/**
 * CPU seconds of the given processes (by pid) and of every process whose command line matches a
 * pattern (PostgreSQL, Redis on this machine), plus this process: the difference of two readings
 * says where a run's CPU went. Linux only (/proc); elsewhere null.
 */
export function cpuSeconds(groups: { pids?: Record<string, number[]>; commands?: Record<string, RegExp> }): CpuGroups {
  if (!existsSync('/proc/self/stat')) return null;
  const hz = 100; // USER_HZ: 100 on every Linux platform Node supports
  const ticksOf = (pid: number | string): number => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  const out: Record<string, number> = {};
  for (const [name, pids] of Object.entries(groups.pids ?? {})) out[name] = pids.reduce((sum, pid) => sum + ticksOf(pid), 0) / hz;
  const commands = Object.entries(groups.commands ?? {});
  if (commands.length > 0) {
    for (const [name] of commands) out[name] = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let cmd: string;
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      const match = commands.find(([, re]) => re.test(cmd));
      if (match) out[match[0]]! += ticksOf(pid) / hz;
    }
  }
  const own = process.cpuUsage();
  out.self = (own.user + own.system) / 1e6;
  return out;
}

/** `after - before` per group, in milliseconds per item: "workers 3.0, postgres 1.4". */
export function cpuPerItem(before: CpuGroups, after: CpuGroups, items: number, names: Record<string, string>): string | null {
  if (!before || !after) return null;
  return Object.entries(names)
    .map(([key, label]) => `${label} ${((((after[key] ?? 0) - (before[key] ?? 0)) * 1000) / items).toFixed(1)}`)
    .join(', ');
}

/** SIGTERM to each, resolved when all have exited. */
export async function stopTriage(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          c.removeAllListeners('exit');
          if (c.exitCode !== null) return resolve();
          c.on('exit', () => resolve());
          c.kill('SIGTERM');
        }),
    ),
  );
}
