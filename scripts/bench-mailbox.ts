// `npm run bench -- mailbox [--messages N]`: email intake from an IMAP mailbox, end to end.
//
// A Dovecot of the bench's own on loopback (test/support/dovecot.ts; installed from Debian when
// missing), the real PostgreSQL and Redis (own schema and prefix, removed afterwards), one
// `triage worker` and one `triage mailbox` process, as deployed. Prints, in one run:
//   - backlog: N messages already in the mailbox when the poller starts: messages/s until every one
//     is filed (the poller alone) and until every result is stored (end to end), and the poller's
//     peak RSS (bounded: it holds UIDs, one batch of sizes and one message at a time);
//   - live: messages delivered (APPEND) while poller and worker run: messages/s from the first
//     delivery to the last stored result, and each message's latency from its delivery to its
//     stored result (p50, p95).
// Emails are those of ../shared/load-corpus (else the samples), each with a Message-ID of its own.
// Prints figures only.
//
// Environment: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), REDIS_URL.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ImapFlow } from 'imapflow';
import { messageIdOf } from '../src/intake/message-id.js';
import { asServed, deliver, ensureDovecot, folderCount, imapClient, startDovecot, type Dovecot } from '../test/support/dovecot.js';
import { corpus, DATABASE_URL, dropBenchEnv as dropEnv, freshBenchEnv, REDIS_URL, root, startTriage as start, stopTriage as stop, waitForResults, type BenchEnv } from './bench-env.js';

/** `n` distinct emails: the load corpus (or samples) round robin, each with a new Message-ID, as the server hands them out. */
function emails(n: number, tag: string): Buffer[] {
  const dir = existsSync(corpus) ? corpus : path.join(root, 'samples');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f)).toString('latin1'));
  return Array.from({ length: n }, (_, i) => {
    const text = files[i % files.length]!;
    const varied = /^message-id:\s*</im.test(text) ? text.replace(/^(message-id:\s*<)/im, `$1${tag}${i}.`) : `Message-ID: <${tag}${i}@bench.example>\n${text}`;
    return asServed(Buffer.from(varied, 'latin1'));
  });
}

function freshEnv(server: Dovecot, user: string, password: string): Promise<BenchEnv> {
  return freshBenchEnv('mbx', {
    TRIAGE_IMAP_HOST: server.host,
    TRIAGE_IMAP_PORT: String(server.port),
    TRIAGE_IMAP_TLS: 'off',
    TRIAGE_IMAP_USER: user,
    TRIAGE_IMAP_PASSWORD: password,
  });
}

/** Peak resident memory of a process (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * A mailbox user of its own, a fresh environment whose poller reads it, and the bench's IMAP client;
 * the `triage` processes `run` starts (into `children`) are stopped and everything dropped after.
 */
async function withMailbox(server: Dovecot, tag: string, run: (e: BenchEnv, imap: ImapFlow, children: ChildProcess[]) => Promise<void>): Promise<void> {
  const user = `bench-${tag}-${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await server.addUser(user, password);
  const e = await freshEnv(server, user, password);
  const imap = await imapClient(server, user, password);
  const children: ChildProcess[] = [];
  try {
    await run(e, imap, children);
  } finally {
    await stop(children);
    await imap.logout().catch(() => {});
    await dropEnv(e);
  }
}

function backlog(server: Dovecot, n: number): Promise<void> {
  return withMailbox(server, 'backlog', async (e, imap, children) => {
    await deliver(imap, 'INBOX', emails(n, 'backlog'));
    children.push(await start(['worker'], e.env, 'workers running'));
    const t0 = performance.now();
    const poller = await start(['mailbox'], e.env, 'polling');
    children.push(poller);
    await until('every message filed', async () => (await folderCount(imap, 'INBOX')) === 0, 1_800_000, 100);
    const filed = (performance.now() - t0) / 1000;
    const rss = peakRssMb(poller.pid!);
    await waitForResults(e.pool, n, 1_800_000, 100);
    const all = (performance.now() - t0) / 1000;
    console.log(
      `backlog  ${String(n).padStart(6)} messages waiting in the mailbox, 1 poller, 1 worker process: filed in ${filed.toFixed(1)} s = ${(n / filed).toFixed(0)} messages/s (poller); ` +
        `every result stored after ${all.toFixed(1)} s = ${(n / all).toFixed(0)} messages/s end to end; poller peak RSS ${rss} MB`,
    );
  });
}

function live(server: Dovecot, n: number): Promise<void> {
  return withMailbox(server, 'live', async (e, imap, children) => {
    children.push(await start(['worker'], e.env, 'workers running'));
    children.push(await start(['mailbox'], e.env, 'polling'));
    const list = emails(n, 'live');
    const deliveredAt = new Map<string, number>();
    const t0 = Date.now();
    for (const m of list) {
      await deliver(imap, 'INBOX', [m]);
      deliveredAt.set(messageIdOf(m)!, Date.now());
    }
    const delivering = (Date.now() - t0) / 1000;
    await waitForResults(e.pool, n, 1_800_000, 100);
    const all = (Date.now() - t0) / 1000;
    const rows = (
      await e.pool.query<{ message_id: string; at: Date }>('select i.message_id, min(r.created_at) as at from results r join intake_items i on i.id = r.intake_id group by i.message_id')
    ).rows;
    const ms = rows.map((r) => r.at.getTime() - deliveredAt.get(r.message_id)!).sort((a, b) => a - b);
    const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!.toFixed(0);
    console.log(
      `live     ${String(n).padStart(6)} messages delivered while running (APPEND at ${(n / delivering).toFixed(0)}/s), 1 poller, 1 worker process: ` +
        `${(n / all).toFixed(0)} messages/s from delivery in the mailbox to stored result; latency p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${ms[ms.length - 1]!.toFixed(0)} ms`,
    );
  });
}

export async function benchMailbox(argv: string[]): Promise<void> {
  const at = argv.indexOf('--messages');
  const n = at >= 0 ? Number(argv[at + 1]) : 2000;
  if (!Number.isInteger(n) || n < 1) throw new Error('--messages takes a whole number');
  const missing = ensureDovecot();
  if (missing) {
    console.log(`mailbox benchmark: cannot run: ${missing}`);
    process.exitCode = 1;
    return;
  }
  const server = await startDovecot();
  try {
    console.log(`mailbox benchmark: emails from ${existsSync(corpus) ? corpus : 'samples/'}; Dovecot on loopback; Redis ${REDIS_URL}, PostgreSQL ${DATABASE_URL.replace(/:[^:@/]*@/, ':***@')}`);
    await backlog(server, n);
    await live(server, Math.min(n, 1000));
  } finally {
    await server.destroy();
  }
}
