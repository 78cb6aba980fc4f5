// Email intake from a real IMAP server: Debian's Dovecot, started by the test on a free loopback port
// with its own config, users and Maildir in a temp folder (test/support/dovecot.ts), with the real
// PostgreSQL and Redis (own schema and key prefix per test) and a real `triage worker` process, so
// "triaged once" means one stored result per item. `triage mailbox` runs as a child process, as
// deployed, so it can be killed with SIGKILL.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { openMailbox } from '../../../src/mailbox/imap-mailbox.js';
import { runPass, type FiledMessage } from '../../../src/mailbox/poll-usecase.js';
import { createTriageClient } from '../../../src/queue/client.js';
import { createLogger } from '../../../src/shared/logger.js';
import {
  asServed,
  CAPABILITIES_WITHOUT_MOVE_AND_IDLE,
  deliver,
  ensureDovecot,
  folderContents,
  folderCount,
  imapClient,
  startDovecot,
  type Dovecot,
} from '../../support/dovecot.js';
import { runCli } from '../../support/run-cli.js';
import { createQueueEnv, waitFor, type QueueEnv } from '../queue/harness.js';
import { brokenMessages, expectedItems, mailboxMessages, sampleVariants, sha256, TEST_MAX_MESSAGE_MB, type TestMessage } from './mail-fixtures.js';

const NOT_THERE = ensureDovecot();
const DONE = 'Triage-Done';
const FAILED = 'Triage-Failed';

interface Proc {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const processes: Proc[] = [];

function spawnTriage(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['bin/triage.mjs', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => void (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => void (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const p = { child, stdout: () => out, stderr: () => err, exited };
  processes.push(p);
  return p;
}

async function startWorker(q: QueueEnv): Promise<Proc> {
  const w = spawnTriage(['worker', '--concurrency', '4'], q.env);
  await waitFor('the worker to start', async () => w.stderr().includes('workers running') || w.child.exitCode !== null, 30_000);
  assert.equal(w.child.exitCode, null, w.stderr());
  return w;
}

async function startPoller(env: Record<string, string>): Promise<Proc> {
  const p = spawnTriage(['mailbox'], env);
  await waitFor('the poller to start', async () => p.stderr().includes('polling') || p.child.exitCode !== null, 30_000);
  assert.equal(p.child.exitCode, null, p.stderr());
  return p;
}

async function stopGently(p: Proc): Promise<{ code: number | null }> {
  p.child.kill('SIGTERM');
  const stopped = await Promise.race([p.exited, new Promise<null>((r) => setTimeout(() => r(null), 20_000))]);
  assert.ok(stopped, 'the process stopped within 20 s of SIGTERM');
  return stopped;
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

interface Scenario {
  q: QueueEnv;
  server: Dovecot;
  user: string;
  password: string;
  imap: ImapFlow;
  /** Logs the test's own IMAP client in again (after a server restart). */
  reconnect(): Promise<void>;
}

let users = 0;
const scenarios: Scenario[] = [];

/** A new IMAP user with an empty INBOX, and a queue environment (schema, prefix) whose poller reads it. */
async function scenario(server: Dovecot, extra: Record<string, string> = {}): Promise<Scenario> {
  const user = `poststelle${++users}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  await server.addUser(user, password);
  const q = await createQueueEnv({
    TRIAGE_MAX_MESSAGE_MB: String(TEST_MAX_MESSAGE_MB),
    TRIAGE_IMAP_HOST: server.host,
    TRIAGE_IMAP_PORT: String(server.port),
    TRIAGE_IMAP_TLS: 'off',
    TRIAGE_IMAP_USER: user,
    TRIAGE_IMAP_PASSWORD: password,
    TRIAGE_IMAP_POLL_S: '2',
    TRIAGE_LOG_LEVEL: 'info',
    ...extra,
  });
  const s: Scenario = {
    q,
    server,
    user,
    password,
    imap: await imapClient(server, user, password),
    async reconnect() {
      await s.imap.logout().catch(() => {});
      s.imap = await imapClient(server, user, password);
    },
  };
  scenarios.push(s);
  return s;
}

const count = async (q: QueueEnv, sql: string) => (await q.sql<{ n: number }>(sql))[0]!.n;

/** Waits until the folder read is empty, every message filed and every stored item has its result. */
async function waitUntilAllTriaged(s: Scenario, delivered: readonly TestMessage[], timeoutMs = 150_000): Promise<void> {
  const items = expectedItems(delivered.filter((m) => m.stored).map((m) => m.bytes));
  await waitFor(
    'every message filed',
    async () => (await folderCount(s.imap, 'INBOX')) === 0 && (await folderCount(s.imap, DONE)) + (await folderCount(s.imap, FAILED)) >= delivered.length,
    timeoutMs,
    250,
  );
  await waitFor('a result for every item', async () => (await count(s.q, 'select count(distinct intake_id)::int as n from results')) >= items, timeoutMs, 250);
  // Give a late duplicate (an item or a copy) the chance to show up before counting.
  await new Promise((r) => setTimeout(r, 1000));
}

/**
 * Each message ends in exactly one folder (done or failed, by its kind), stored as exactly one item
 * with exactly one result; a broken message's item failed with its code, an oversized one stored
 * nothing. Nothing lost, nothing doubled, nothing deleted.
 */
async function assertEachTriagedOnce(s: Scenario, delivered: readonly TestMessage[], opts: { folderRead?: 'empty' | 'kept' } = {}): Promise<void> {
  const inbox = await folderContents(s.imap, 'INBOX');
  if ((opts.folderRead ?? 'empty') === 'empty') assert.equal(inbox.length, 0, 'the folder read is empty');
  else assert.equal(inbox.length, delivered.length, 'every message is still in the folder read (nothing deleted)');
  const done = await folderContents(s.imap, DONE);
  const failed = await folderContents(s.imap, FAILED);
  const hashes = (bs: Buffer[]) => bs.map(sha256).sort();
  assert.equal(done.length + failed.length, delivered.length, 'every message is in the done or the failed folder exactly once');
  assert.deepEqual(hashes(done.map((m) => m.source)), hashes(delivered.filter((m) => m.folder === 'done').map((m) => m.bytes)), 'the done folder holds exactly the readable messages');
  assert.deepEqual(hashes(failed.map((m) => m.source)), hashes(delivered.filter((m) => m.folder === 'failed').map((m) => m.bytes)), 'the failed folder holds exactly the broken and oversized messages');

  const items = await s.q.sql<{ id: string; content_hash: string; source: string }>('select id::text as id, content_hash, source from intake_items');
  assert.equal(items.length, expectedItems(delivered.filter((m) => m.stored).map((m) => m.bytes)), 'one item per message (the same message delivered twice is one item)');
  const results = await s.q.sql<{ intake_id: string; status: string; error_code: string | null }>('select intake_id::text as intake_id, status, error_code from results');
  assert.equal(results.length, items.length, 'as many results as items');
  assert.equal(new Set(results.map((r) => r.intake_id)).size, items.length, 'every item has exactly one result');
  const itemByHash = new Map(items.map((i) => [i.content_hash, i.id]));
  const resultOf = new Map(results.map((r) => [r.intake_id, r]));
  for (const m of delivered) {
    const id = itemByHash.get(sha256(m.bytes));
    if (!m.stored) {
      assert.equal(id, undefined, `${m.label}: over the size limit, nothing is stored`);
    } else if (m.folder === 'failed') {
      assert.ok(id, `${m.label}: its failed item is stored`);
      assert.deepEqual({ status: resultOf.get(id)?.status, code: resultOf.get(id)?.error_code }, { status: 'failed', code: m.code }, `${m.label}: failed once with its code`);
    }
  }
  assert.ok(
    items.every((i) => /^imap:\/\/127\.0\.0\.1\/INBOX;UIDVALIDITY=\d+\/;UID=\d+$/.test(i.source)),
    'each item names its message by server, folder, UIDVALIDITY and UID',
  );
}

/** `triage mailbox` in-process with the scenario's environment changed; it must end on its own (set-up error). */
function runWith(q: QueueEnv, changes: Record<string, string>) {
  return runCli(['mailbox'], { ...q.env, ...changes });
}

function assertNoSecret(p: Proc, password: string): void {
  assert.ok(!p.stderr().includes(password) && !p.stdout().includes(password), 'the password appears in no log line and no output');
}

describe('mailbox: email intake from a real IMAP server (Dovecot on loopback)', { skip: NOT_THERE ?? false }, () => {
  let server: Dovecot;

  before(async () => {
    server = await startDovecot();
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await p.exited;
    }
    for (const s of scenarios.splice(0)) {
      await s.imap.logout().catch(() => {});
      await s.q.cleanup();
    }
  });
  after(async () => {
    // The server's own complaints, if any, for a failing test's reader.
    for (const line of (server?.log() ?? '').split('\n').filter((l) => /Error|Fatal|Panic/.test(l)).slice(-20)) console.log(`dovecot: ${line}`);
    await server?.destroy();
  });

  test('each of 200 messages, broken ones among them, is stored once, triaged once and filed in done or failed; new mail is seen at once through IDLE', { timeout: 240_000 }, async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'triage-imap-secret-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const passwordFile = path.join(dir, 'password');
    const s0 = await scenario(server, { TRIAGE_IMAP_POLL_S: '3600' });
    writeFileSync(passwordFile, `${s0.password}\n`, { mode: 0o600 });
    // The password from a file; polling once an hour, so the second delivery is found through IDLE only.
    const env = { ...s0.q.env, TRIAGE_IMAP_PASSWORD_FILE: passwordFile };
    delete (env as Record<string, string | undefined>).TRIAGE_IMAP_PASSWORD;
    const messages = mailboxMessages(200);
    await deliver(s0.imap, 'INBOX', messages.slice(0, 100).map((m) => m.bytes));
    await startWorker(s0.q);
    const poller = await startPoller(env);
    await waitFor('the first 100 filed', async () => (await folderCount(s0.imap, 'INBOX')) === 0, 120_000, 250);
    await deliver(s0.imap, 'INBOX', messages.slice(100).map((m) => m.bytes));
    const delivered = messages.map((m) => ({ ...m, bytes: asServed(m.bytes) }));
    await waitUntilAllTriaged(s0, delivered);
    await assertEachTriagedOnce(s0, delivered);
    assert.equal(lines(poller.stdout()).length, 200, 'one line per message on stdout');
    assertNoSecret(poller, s0.password);
    const stopped = await stopGently(poller);
    assert.equal(stopped.code, 0, poller.stderr().slice(-2000));
    assert.match(poller.stderr(), /mailbox polling stopped/);
  });

  test('a poller killed with kill -9 midway and started again loses no message and doubles none', { timeout: 240_000 }, async () => {
    const s = await scenario(server);
    const messages = mailboxMessages(200).map((m) => ({ ...m, bytes: asServed(m.bytes) }));
    await deliver(s.imap, 'INBOX', messages.map((m) => m.bytes));
    await startWorker(s.q);
    const first = await startPoller(s.q.env);
    await waitFor('30 messages filed', async () => lines(first.stdout()).length >= 30, 60_000, 5);
    first.child.kill('SIGKILL');
    assert.equal((await first.exited).signal, 'SIGKILL');
    const left = await folderCount(s.imap, 'INBOX');
    assert.ok(left > 0, `the kill came while messages were waiting (${left} left)`);
    const second = await startPoller(s.q.env);
    await waitUntilAllTriaged(s, messages);
    await assertEachTriagedOnce(s, messages);
    assertNoSecret(first, s.password);
    assertNoSecret(second, s.password);
  });

  test('two pollers on the same mailbox at once still make exactly one item of each message', { timeout: 240_000 }, async () => {
    const s = await scenario(server);
    await startWorker(s.q);
    const a = await startPoller(s.q.env);
    const b = await startPoller(s.q.env);
    // Delivered while both wait in IDLE: both are woken by the same mail and race for it.
    const messages = mailboxMessages(200).map((m) => ({ ...m, bytes: asServed(m.bytes) }));
    await deliver(s.imap, 'INBOX', messages.map((m) => m.bytes));
    await waitUntilAllTriaged(s, messages);
    await assertEachTriagedOnce(s, messages);
    assert.ok(lines(a.stdout()).length + lines(b.stdout()).length >= 200, 'every message was handled by one poller or both');
    for (const p of [a, b]) assert.equal((await stopGently(p)).code, 0, p.stderr().slice(-2000));
  });

  test('when the IMAP server restarts mid-run, the poller reconnects and carries on, new mail included', { timeout: 240_000 }, async () => {
    const s = await scenario(server);
    const messages = mailboxMessages(200).map((m) => ({ ...m, bytes: asServed(m.bytes) }));
    await deliver(s.imap, 'INBOX', messages.map((m) => m.bytes));
    await startWorker(s.q);
    const poller = await startPoller(s.q.env);
    await waitFor('30 messages filed', async () => lines(poller.stdout()).length >= 30, 60_000, 5);
    await server.stop();
    await new Promise((r) => setTimeout(r, 1500));
    await server.start();
    await s.reconnect();
    const late = sampleVariants(20, 'late').map((m) => ({ ...m, bytes: asServed(m.bytes) }));
    await deliver(s.imap, 'INBOX', late.map((m) => m.bytes));
    await waitUntilAllTriaged(s, [...messages, ...late]);
    await assertEachTriagedOnce(s, [...messages, ...late]);
    assert.equal(poller.child.exitCode, null, 'the same poller process carried on');
    assert.match(poller.stderr(), /mailbox\.connection_lost/);
    assert.match(poller.stderr(), /mailbox\.reconnected/);
    assertNoSecret(poller, s.password);
  });

  test('a crash after messages are stored but before they are filed: the next look finds them again and reuses their items', { timeout: 120_000 }, async () => {
    const s = await scenario(server);
    const messages = sampleVariants(5, 'crash').map((m) => ({ ...m, bytes: asServed(m.bytes) }));
    await deliver(s.imap, 'INBOX', messages.map((m) => m.bytes));
    const account = s.q.config.mailbox.accounts[0]!;
    const log = createLogger('error', () => {});
    const client = await createTriageClient({ config: s.q.config, actor: 'test' });
    const signal = new AbortController().signal;
    try {
      const filed: FiledMessage[] = [];
      const deps = { account, limits: s.q.config.limits, intake: client, open: () => openMailbox(account, { log }), log, pollIntervalMs: 1000, onFiled: (f: FiledMessage) => void filed.push(f) };
      const first = await openMailbox(account, { log });
      // The process "dies" right after intake committed the messages, before they are filed.
      const crashing = { ...first, file: async () => Promise.reject(new Error('simulated crash after intake')) };
      await assert.rejects(runPass(crashing, deps, signal), /simulated crash/);
      await first.close();
      const stored = await s.q.sql<{ id: string }>('select id::text as id from intake_items order by id');
      assert.equal(stored.length, 5, 'the messages were stored before the crash');
      assert.equal(await folderCount(s.imap, 'INBOX'), 5, 'nothing left the folder');

      const second = await openMailbox(account, { log });
      await runPass(second, deps, signal);
      await second.close();
      assert.equal(await folderCount(s.imap, 'INBOX'), 0);
      assert.equal(await folderCount(s.imap, DONE), 5);
      assert.equal(await count(s.q, 'select count(*)::int as n from intake_items'), 5, 'still one item per message');
      assert.ok(filed.length === 5 && filed.every((f) => f.duplicate), 'each message found again was recognised as stored');
      assert.deepEqual(filed.map((f) => f.intakeId).sort(), stored.map((r) => r.id), 'and got the item stored before the crash');
    } finally {
      await client.close();
    }
  });

  test('a wrong password ends "triage mailbox" at once with status 2, saying what to check and never showing the password', { timeout: 60_000 }, async () => {
    const s = await scenario(server);
    const wrong = `wrong-${randomBytes(6).toString('hex')}`;
    const refused = await runWith(s.q, { TRIAGE_IMAP_PASSWORD: wrong });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /\[mailbox\.auth_failed\]/);
    assert.match(refused.stderr, /check the user \(TRIAGE_IMAP_USER\) and the password/);
    assert.ok(!refused.stderr.includes(wrong) && !refused.stdout.includes(wrong), 'the password is not shown');

    const unreachable = await runWith(s.q, { TRIAGE_IMAP_PORT: '1' });
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.stderr, /\[mailbox\.unreachable\]/);

    const none = await runWith(s.q, { TRIAGE_IMAP_HOST: '', TRIAGE_IMAP_USER: '', TRIAGE_IMAP_PASSWORD: '' });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no mailbox configured/);
  });

  describe('a server without MOVE and without IDLE', () => {
    let plain: Dovecot;
    before(async () => {
      plain = await startDovecot({ capabilities: CAPABILITIES_WITHOUT_MOVE_AND_IDLE });
    });
    after(async () => {
      await plain?.destroy();
    });

    test('messages are copied and marked, never deleted, and a poller started again copies none a second time', { timeout: 180_000 }, async () => {
      const s = await scenario(plain, { TRIAGE_IMAP_POLL_S: '1' });
      const messages = [...brokenMessages(), ...sampleVariants(15, 'nomove')].map((m) => ({ ...m, bytes: asServed(m.bytes) }));
      await deliver(s.imap, 'INBOX', messages.map((m) => m.bytes));
      await startWorker(s.q);
      const first = await startPoller(s.q.env);
      const marked = async () => (await folderContents(s.imap, 'INBOX')).filter((m) => m.flags.has('$TriageDone') || m.flags.has('$TriageFailed')).length;
      await waitFor('every message marked', async () => (await marked()) === messages.length, 120_000, 250);
      assert.equal((await stopGently(first)).code, 0, first.stderr().slice(-2000));

      // Started again, it skips the marked messages: one new message proves it has looked at the whole folder.
      const second = await startPoller(s.q.env);
      const extra = sampleVariants(1, 'after-restart').map((m) => ({ ...m, bytes: asServed(m.bytes) }));
      await deliver(s.imap, 'INBOX', extra.map((m) => m.bytes));
      await waitFor('the new message marked', async () => (await marked()) === messages.length + 1, 60_000, 250);
      await waitFor('a result for every item', async () => (await count(s.q, 'select count(distinct intake_id)::int as n from results')) >= expectedItems([...messages, ...extra].filter((m) => m.stored).map((m) => m.bytes)), 120_000, 250);
      assert.equal((await stopGently(second)).code, 0, second.stderr().slice(-2000));

      const all = [...messages, ...extra];
      await assertEachTriagedOnce(s, all, { folderRead: 'kept' });
      const inbox = await folderContents(s.imap, 'INBOX');
      const expected = new Map(all.map((m) => [sha256(m.bytes), m.folder === 'done' ? '$TriageDone' : '$TriageFailed']));
      for (const m of inbox) {
        const keyword = expected.get(sha256(m.source));
        assert.ok(keyword && m.flags.has(keyword), 'each original carries the keyword of the folder its copy went to');
        assert.ok(!m.flags.has('\\Deleted'), 'no message is flagged for deletion');
      }
    });

    test('a poller stopped between copying a message and marking it makes no second copy', { timeout: 120_000 }, async () => {
      const s = await scenario(plain, { TRIAGE_IMAP_POLL_S: '1' });
      const [m] = sampleVariants(1, 'stopped-after-copy').map((x) => ({ ...x, bytes: asServed(x.bytes) }));
      // What a poller killed right after its COPY leaves: the original marked as being filed, its copy in done.
      await s.imap.mailboxCreate(DONE);
      assert.ok(await s.imap.append('INBOX', m!.bytes, ['$TriageFiling']), 'APPEND with the filing mark');
      await deliver(s.imap, DONE, [m!.bytes]);
      await startWorker(s.q);
      const poller = await startPoller(s.q.env);
      const marked = async () => (await folderContents(s.imap, 'INBOX')).filter((x) => x.flags.has('$TriageDone')).length;
      await waitFor('the original marked', async () => (await marked()) === 1, 60_000, 250);
      await waitFor('a result for the item', async () => (await count(s.q, 'select count(*)::int as n from results')) >= 1, 60_000, 250);
      assert.equal((await stopGently(poller)).code, 0, poller.stderr().slice(-2000));
      await assertEachTriagedOnce(s, [m!], { folderRead: 'kept' });
    });
  });
});
