// Two worker processes share the queue; one is killed with SIGKILL while 500 mixed items (scanned
// letters read by OCR, emails, forms) are in flight. Every item must still end with exactly one
// result (the stalled jobs are taken over by the other).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTriageClient } from '../../../src/queue/client.js';
import { createQueueEnv, SAMPLES, variedMessages, waitFor, type QueueEnv } from './harness.js';

const ITEMS = 500;
/** One-page sample letters that OCR reads (not the blank or destroyed ones), handed in first so the kill finds them in OCR. */
const LETTERS = ['letter-01-klassisch-unterschrieben-bescheinigung.png', 'letter-02-rechts-gez-ohne-unterschrift.jpg', 'letter-04-kopfzeile-umzug-unterschrieben.png', 'letter-07-unterschriftslinie-leer.png', 'letter-10-blass-gescannt.png', 'letter-05-kopfueber-eingescannt.png'];

interface WorkerProcess {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['bin/triage.mjs', 'worker', '--concurrency', '4'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => void (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stderr: () => err, exited };
}

describe('queue: a worker process killed mid-run', () => {
  let q: QueueEnv;
  const processes: WorkerProcess[] = [];

  before(async () => {
    // Short locks, so the killed worker's jobs are taken over within seconds.
    q = await createQueueEnv({ TRIAGE_LOCK_DURATION_MS: '3000', TRIAGE_JOB_ATTEMPTS: '5', TRIAGE_READ_THREADS: '2', TRIAGE_OCR: 'on', TRIAGE_OCR_WORKERS: '1' });
    await q.cli(['members', 'import', 'test/samples/members.csv']);
  });
  after(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await q?.cleanup();
  });

  test(`kill -9 one of two workers while ${ITEMS} letters, emails and forms are in flight: every item ends with exactly one result`, { timeout: 240_000 }, async () => {
    const a = startWorkerProcess(q.env);
    const b = startWorkerProcess(q.env);
    processes.push(a, b);
    await waitFor('both workers to start', async () => a.stderr().includes('workers running') && b.stderr().includes('workers running'), 30_000);

    const client = await createTriageClient({ config: q.config, actor: 'test' });
    const ids = new Set<string>();
    const letterIds = new Set<string>();
    // Handed in while the workers run, so the kill comes with items arriving, queued and in progress.
    const handingIn = (async () => {
      for (const name of LETTERS) {
        const receipt = await client.enqueueBytes(readFileSync(path.join(SAMPLES, name)), 'letter', { ending: path.extname(name).slice(1) });
        ids.add(receipt.intakeId);
        letterIds.add(receipt.intakeId);
      }
      for (const item of variedMessages(ITEMS - LETTERS.length)) {
        const receipt = await client.enqueueBytes(item.bytes, item.ending === 'eml' ? 'email' : 'contact-form', { ending: item.ending });
        ids.add(receipt.intakeId);
      }
    })();
    const lettersDecided = async () => (await q.sql<{ n: number }>("select count(*)::int as n from results where channel = 'letter'"))[0]!.n;

    const count = async (sql: string) => (await q.sql<{ n: number }>(sql))[0]!.n;
    let doneWhenKilled = 0;
    let lettersWhenKilled = 0;
    try {
      await waitFor('some results', async () => (await count('select count(*)::int as n from results')) >= 30, 60_000, 20);
      lettersWhenKilled = await lettersDecided();
      a.child.kill('SIGKILL');
      const killed = await a.exited;
      assert.equal(killed.signal, 'SIGKILL');
      doneWhenKilled = await count('select count(*)::int as n from results');
      await handingIn;
    } finally {
      await handingIn.catch(() => {});
      await client.close();
    }
    assert.equal(ids.size, ITEMS, 'every varied item is a new item');

    await waitFor('a result for every item', async () => (await count('select count(distinct intake_id)::int as n from results')) >= ITEMS, 180_000, 250);
    // Give a late duplicate the chance to show up before counting.
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await count('select count(*)::int as n from intake_items'), ITEMS);
    assert.equal(await count('select count(*)::int as n from results'), ITEMS, 'no item has two results');
    assert.equal(await count("select count(*)::int as n from results where status = 'failed'"), 0, 'no item failed');
    // A read left by a job that ran again after its item was decided is swept later; none may wait for a decision.
    assert.equal(
      await count("select count(*)::int as n from item_reads r where not exists (select 1 from results where job_key = r.intake_id::text || ':' || r.run)"),
      0,
      'nothing waits between the stages',
    );
    assert.ok(doneWhenKilled < ITEMS, `the kill came while items were in flight (${doneWhenKilled} done)`);
    assert.ok(lettersWhenKilled < LETTERS.length, `the kill came while letters were still being read (${lettersWhenKilled} of ${LETTERS.length} decided)`);
    const letters = await q.sql<{ intake_id: string; status: string; ocr: boolean }>(
      "select intake_id::text as intake_id, status, (result->'sender'->>'insuranceNumber' is not null) as ocr from results where channel = 'letter'",
    );
    assert.deepEqual(letters.map((r) => r.intake_id).sort(), [...letterIds].sort(), 'each letter has its one result');
    assert.ok(letters.every((r) => r.status === 'processed' && r.ocr), 'every letter was read by OCR (its insurance number found), none failed');

    // The survivor stops cleanly on SIGTERM.
    b.child.kill('SIGTERM');
    const stopped = await Promise.race([b.exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
    assert.ok(stopped, 'the worker stopped within 15 s of SIGTERM');
    assert.equal(stopped.code, 0, b.stderr().slice(-2000));
    assert.match(b.stderr(), /workers stopped/);
  });
});
