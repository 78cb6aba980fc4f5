// The mailroom hot folder (`triage watch DIR`) against the real PostgreSQL and Redis: each test has
// its own schema, Redis key prefix and temporary folder, removed afterwards. No workers run: what is
// checked is intake (the stored row, the queued job) and where the files end up.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { run, type CliIo } from '../../../src/cli/main.js';
import { parseConfig } from '../../../src/config/config.js';
import { createHotFolder } from '../../../src/intake/watch-usecase.js';
import { createTriageClient } from '../../../src/queue/client.js';
import { connectRedis } from '../../../src/queue/redis.js';
import { createStageQueues } from '../../../src/queue/stage-queues.js';
import { TriageError } from '../../../src/shared/errors.js';
import { createLogger } from '../../../src/shared/logger.js';
import { startTcpProxy } from '../../support/outages.js';
import { TEST_DATABASE_URL } from '../db/backends.js';
import { createQueueEnv, SAMPLES, variedMessages, waitFor, type QueueEnv } from '../queue/harness.js';

const T = { timeout: 60_000 };
const LETTER = 'letter-01-klassisch-unterschrieben-bescheinigung.png';
const EMAIL = 'email-01-plain-utf8-mitgliedsbescheinigung.eml';
const FORM = 'form-01-vollstaendig-osteopathie.json';

interface Row {
  id: string;
  source: string;
  raw: Buffer;
}

const rows = (q: QueueEnv) => q.sql<Row>('select id::text as id, source, raw from intake_items order by source');

/** A queue environment and an empty hot folder for one test, removed afterwards. */
async function withFolder(extraEnv: Record<string, string>, body: (q: QueueEnv, dir: string) => Promise<void>): Promise<void> {
  const q = await createQueueEnv(extraEnv);
  const dir = mkdtempSync(path.join(tmpdir(), 'triage-hot-folder-'));
  try {
    await body(q, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await q.cleanup();
  }
}

/** `triage watch DIR --interval 50` in-process, until stopped. */
function startWatchCli(q: QueueEnv, dir: string, extraEnv: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  let stop!: () => void;
  const stopped = new Promise<void>((r) => (stop = r));
  const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdoutIsTty: false, stderrIsTty: false, cwd: process.cwd(), stop: stopped };
  let exited = false;
  const exit = run(['watch', dir, '--interval', '50'], { ...q.env, TRIAGE_WATCH_SETTLE_MS: '100', ...extraEnv }, io).finally(() => (exited = true));
  return {
    stdout: () => stdout,
    lines: () => stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')),
    /** Waits for a condition; fails at once with the command's stderr if the command ended early. */
    async until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
      await waitFor(
        what,
        async () => {
          if (exited) throw new Error(`triage watch ended early: ${stderr}`);
          return check();
        },
        timeoutMs,
        25,
      );
    },
    async stop(): Promise<number> {
      stop();
      return exit;
    },
  };
}

describe('mailroom hot folder (triage watch)', () => {
  test('a letter, an email, a contact form and a file of unknown kind dropped in are stored with their original path as source and moved to done/', T, async () => {
    await withFolder({}, async (q, dir) => {
      mkdirSync(path.join(dir, 'batch-2'));
      for (const name of [LETTER, EMAIL, FORM]) copyFileSync(path.join(SAMPLES, name), path.join(dir, name));
      copyFileSync('test/fixtures/bad-input/notes.txt', path.join(dir, 'batch-2', 'notes.txt'));
      writeFileSync(path.join(dir, 'scan-0815.pdf.part'), 'still being written');
      writeFileSync(path.join(dir, '.hidden.eml'), 'not for intake');
      const originals = [LETTER, EMAIL, FORM, path.join('batch-2', 'notes.txt')];
      const bytes = new Map(originals.map((rel) => [path.join(dir, rel), readFileSync(path.join(dir, rel))]));

      const watch = startWatchCli(q, dir);
      await watch.until('every file in done/', () => originals.every((rel) => existsSync(path.join(dir, 'done', rel))));
      assert.equal(await watch.stop(), 0);

      const stored = await rows(q);
      assert.deepEqual(stored.map((r) => r.source).sort(), [...bytes.keys()].sort(), 'one item per file, its source the path it had in the hot folder');
      for (const r of stored) assert.ok(r.raw.equals(bytes.get(r.source)!), `stored bytes of ${path.basename(r.source)} are the file's`);
      assert.deepEqual(
        watch.lines().sort(),
        stored.map((r) => [r.id, 'done', r.source]).sort(),
        'one line per file: intake id, done, original path',
      );
      for (const rel of originals) assert.ok(!existsSync(path.join(dir, rel)), `${rel} left the hot folder`);
      assert.ok(existsSync(path.join(dir, 'scan-0815.pdf.part')), 'a file under a temporary name is left alone');
      assert.ok(existsSync(path.join(dir, '.hidden.eml')), 'a hidden file is left alone');
      const [audit] = await q.sql<{ n: number }>("select count(*)::int as n from audit_events where action = 'intake.stored' and actor = 'hot-folder'");
      assert.equal(audit!.n, 4, 'the audit trail names the hot folder as who handed the items in');
    });
  });

  test('a file written in chunks is not handed in while it grows, and the stored bytes are the whole file', T, async () => {
    await withFolder({}, async (q, dir) => {
      const client = await createTriageClient({ config: q.config, actor: 'hot-folder' });
      try {
        // A clock of the test's own: every scan below is "later than the settle time" after the one before.
        const clock = { t: 0 };
        const folder = createHotFolder({ dir, intervalMs: 50, settleMs: 100, limits: q.config.limits, client, log: createLogger('error'), fsWatch: false, now: () => clock.t });
        const whole = variedMessages(1)[0]!.bytes;
        const file = path.join(dir, 'incoming.eml');
        const chunks = 6;
        const step = Math.ceil(whole.length / chunks);
        for (let i = 0; i < chunks; i++) {
          appendFileSync(file, whole.subarray(i * step, (i + 1) * step));
          const summary = await folder.scan();
          assert.equal(summary.reports.length, 0, `not handed in after chunk ${i + 1} of ${chunks}`);
          assert.equal((await rows(q)).length, 0, 'nothing stored while the file grows');
          clock.t += 250;
        }
        assert.ok(readFileSync(file).equals(whole));
        // The writer is done: the next scan, a settle time after the one that saw the last chunk, takes it.
        const summary = await folder.scan();
        assert.equal(summary.reports[0]?.outcome, 'done');
        const stored = await rows(q);
        assert.equal(stored.length, 1);
        assert.ok(stored[0]!.raw.equals(whole), 'the stored bytes are the complete file');
        assert.ok(existsSync(path.join(dir, 'done', 'incoming.eml')));
      } finally {
        await client.close();
      }
    });
  });

  test('a file over the size limit moves to failed/ with an error sidecar and nothing is stored', T, async () => {
    await withFolder({ TRIAGE_MAX_MESSAGE_MB: '0.001' }, async (q, dir) => {
      const big = Buffer.concat([readFileSync(path.join(SAMPLES, EMAIL)), Buffer.alloc(2000, 'x')]);
      writeFileSync(path.join(dir, 'huge.eml'), big);
      const watch = startWatchCli(q, dir, { TRIAGE_MAX_MESSAGE_MB: '0.001' });
      await watch.until('the sidecar in failed/', () => existsSync(path.join(dir, 'failed', 'huge.eml.error.json')));
      assert.equal(await watch.stop(), 0);
      assert.ok(readFileSync(path.join(dir, 'failed', 'huge.eml')).equals(big));
      const sidecar = JSON.parse(readFileSync(path.join(dir, 'failed', 'huge.eml.error.json'), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(Object.keys(sidecar).sort(), ['code', 'message']);
      assert.equal(sidecar.code, 'intake.too_large');
      assert.match(String(sidecar.message), /TRIAGE_MAX_MESSAGE_MB/);
      assert.equal((await rows(q)).length, 0);
      assert.deepEqual(watch.lines(), [['-', 'failed', path.join(dir, 'huge.eml')]]);
      assert.ok(!existsSync(path.join(dir, 'huge.eml')));
    });
  });

  test('while PostgreSQL is unreachable the file stays in place, and it is handed in once PostgreSQL is back', T, async () => {
    await withFolder({}, async (q, dir) => {
      const target = new URL(TEST_DATABASE_URL);
      const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      const viaProxy = new URL(TEST_DATABASE_URL);
      viaProxy.port = String(proxy.port);
      const config = parseConfig({ ...q.env, DATABASE_URL: viaProxy.toString() });
      const client = await createTriageClient({ config, actor: 'hot-folder' });
      const logs: string[] = [];
      let stop!: () => void;
      const stopped = new Promise<void>((r) => (stop = r));
      let running: Promise<void> | undefined;
      try {
        const folder = createHotFolder({
          dir,
          intervalMs: 50,
          settleMs: 50,
          maxRetryDelayMs: 400,
          limits: config.limits,
          client,
          log: createLogger('warn', (l) => void logs.push(l)),
        });
        await proxy.cut();
        const item = variedMessages(2)[1]!;
        writeFileSync(path.join(dir, 'schmidt-anfrage.json'), item.bytes);
        running = folder.run(stopped);
        const retries = () => logs.filter((l) => l.includes('"watch.retry"'));
        await waitFor('two refused hand-ins', async () => retries().length >= 2, 30_000, 25);
        assert.ok(existsSync(path.join(dir, 'schmidt-anfrage.json')), 'the file stays in the hot folder');
        assert.ok(!existsSync(path.join(dir, 'done')), 'nothing moved to done/');
        assert.ok(!existsSync(path.join(dir, 'failed')), 'nothing moved to failed/');
        assert.equal((await rows(q)).length, 0);
        for (const line of retries()) {
          assert.match(line, /"level":"warn"/);
          assert.match(line, /"code":"(E[A-Z]+|db\.[a-z_]+)"/, 'the connection error\'s code');
          assert.doesNotMatch(line, /schmidt|anfrage|127\.0\.0\.1/, 'the warning holds the code only');
        }

        await proxy.restore();
        await waitFor('the file in done/', async () => existsSync(path.join(dir, 'done', 'schmidt-anfrage.json')), 30_000, 25);
        const stored = await rows(q);
        assert.equal(stored.length, 1);
        assert.equal(stored[0]!.source, path.join(dir, 'schmidt-anfrage.json'));
        assert.ok(stored[0]!.raw.equals(item.bytes));
      } finally {
        stop();
        await running;
        await client.close();
        await proxy.close();
      }
    });
  });

  test('when Redis refuses the job after the item was stored, the file stays; the next attempt queues the stored item and moves the file', T, async () => {
    await withFolder({}, async (q, dir) => {
      const client = await createTriageClient({ config: q.config, actor: 'hot-folder' });
      const redis = connectRedis(q.config.redisUrl, { blocking: false });
      const queues = createStageQueues(redis, q.config.queue);
      let refusals = 1;
      try {
        const reports: string[][] = [];
        const folder = createHotFolder({
          dir,
          intervalMs: 50,
          settleMs: 50,
          limits: q.config.limits,
          client: {
            async enqueueBytes(bytes, channel, options) {
              const receipt = await client.enqueueBytes(bytes, channel, options);
              if (refusals-- > 0) {
                // As if Redis went away between storing the item and adding its job.
                await queues.queue('read').remove(receipt.intakeId);
                throw new TriageError('queue.redis_unreachable', 'Could not add the read job to Redis.', { permanent: false });
              }
              return receipt;
            },
          },
          sourceOf: async (id) => (await q.sql<{ source: string }>('select source from intake_items where id = $1', [id]))[0]?.source ?? null,
          log: createLogger('error'),
          fsWatch: false,
          onFile: (r) => reports.push([r.intakeId ?? '-', r.outcome, r.source]),
        });
        copyFileSync(path.join(SAMPLES, FORM), path.join(dir, FORM));
        for (let i = 0; i < 200 && reports.length === 0; i++) {
          await folder.scan();
          await new Promise((r) => setTimeout(r, 25));
        }
        const stored = await rows(q);
        assert.equal(stored.length, 1, 'one item, stored once');
        assert.deepEqual(reports, [[stored[0]!.id, 'done', path.join(dir, FORM)]], 'the second attempt found its own item: done, not duplicate');
        assert.ok(existsSync(path.join(dir, 'done', FORM)));
        assert.ok(await queues.queue('read').getJob(stored[0]!.id), 'the read job was added on the second attempt');
      } finally {
        await queues.close();
        redis.disconnect();
        await client.close();
      }
    });
  });

  test('a watcher killed after its item was stored but before the move: the next start moves the file with the same intake id and one row', T, async () => {
    await withFolder({}, async (q, dir) => {
      copyFileSync(path.join(SAMPLES, LETTER), path.join(dir, 'scan-0001.png'));
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/intake/hot-folder-crash-child.ts', dir], {
        env: { ...process.env, ...q.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => void (err += d.toString()));
      const exited = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      assert.equal(exited.signal, 'SIGKILL', `the watcher died as planned (stderr: ${err})`);
      const firstId = out.trim();
      assert.match(firstId, /^[0-9a-f-]{36}$/);
      assert.ok(existsSync(path.join(dir, 'scan-0001.png')), 'the file was not moved before the crash');
      assert.deepEqual((await rows(q)).map((r) => r.id), [firstId], 'the item was committed before the crash');

      const watch = startWatchCli(q, dir);
      await watch.until('the file in done/', () => existsSync(path.join(dir, 'done', 'scan-0001.png')));
      assert.equal(await watch.stop(), 0);
      assert.deepEqual(watch.lines(), [[firstId, 'done', path.join(dir, 'scan-0001.png')]], 'the same intake id, reported as done');
      assert.deepEqual((await rows(q)).map((r) => r.id), [firstId], 'still one row');
      assert.deepEqual(readdirSync(path.join(dir, 'done')), ['scan-0001.png']);
    });
  });

  test('the same file dropped twice under two names is one item; both move to done/, the second reported as duplicate', T, async () => {
    await withFolder({}, async (q, dir) => {
      copyFileSync(path.join(SAMPLES, EMAIL), path.join(dir, 'a-batch.eml'));
      copyFileSync(path.join(SAMPLES, EMAIL), path.join(dir, 'b-batch-copy.eml'));
      const watch = startWatchCli(q, dir);
      await watch.until('both files in done/', () => existsSync(path.join(dir, 'done', 'a-batch.eml')) && existsSync(path.join(dir, 'done', 'b-batch-copy.eml')));
      assert.equal(await watch.stop(), 0);
      const stored = await rows(q);
      assert.equal(stored.length, 1, 'one item');
      assert.equal(stored[0]!.source, path.join(dir, 'a-batch.eml'), 'the item keeps the path it was first handed in under');
      assert.deepEqual(watch.lines(), [
        [stored[0]!.id, 'done', path.join(dir, 'a-batch.eml')],
        [stored[0]!.id, 'duplicate', path.join(dir, 'b-batch-copy.eml')],
      ]);
    });
  });
});
