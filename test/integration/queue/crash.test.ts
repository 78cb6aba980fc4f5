// Two worker processes share the queue; one is killed with SIGKILL while ~500 items are in flight.
// Every item must still end with exactly one result (the stalled jobs are taken over by the other).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { createTriageClient } from '../../../src/queue/client.js';
import { createQueueEnv, variedMessages, waitFor, type QueueEnv } from './harness.js';

const ITEMS = 500;

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
    q = await createQueueEnv({ TRIAGE_LOCK_DURATION_MS: '3000', TRIAGE_JOB_ATTEMPTS: '5', TRIAGE_READ_THREADS: '2' });
    await q.cli(['members', 'import', 'test/samples/members.csv']);
  });
  after(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await q?.cleanup();
  });

  test(`kill -9 one of two workers while ${ITEMS} emails and forms are in flight: every item ends with exactly one result`, { timeout: 150_000 }, async () => {
    const a = startWorkerProcess(q.env);
    const b = startWorkerProcess(q.env);
    processes.push(a, b);
    await waitFor('both workers to start', async () => a.stderr().includes('workers running') && b.stderr().includes('workers running'), 30_000);

    const client = await createTriageClient({ config: q.config, actor: 'test' });
    const ids = new Set<string>();
    // Handed in while the workers run, so the kill comes with items arriving, queued and in progress.
    const handingIn = (async () => {
      for (const item of variedMessages(ITEMS)) {
        const receipt = await client.enqueueBytes(item.bytes, item.ending === 'eml' ? 'email' : 'contact-form', { ending: item.ending });
        ids.add(receipt.intakeId);
      }
    })();

    const count = async (sql: string) => (await q.sql<{ n: number }>(sql))[0]!.n;
    let doneWhenKilled = 0;
    try {
      await waitFor('some results', async () => (await count('select count(*)::int as n from results')) >= 30, 60_000, 20);
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

    await waitFor('a result for every item', async () => (await count('select count(distinct intake_id)::int as n from results')) >= ITEMS, 120_000, 250);
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

    // The survivor stops cleanly on SIGTERM.
    b.child.kill('SIGTERM');
    const stopped = await Promise.race([b.exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
    assert.ok(stopped, 'the worker stopped within 15 s of SIGTERM');
    assert.equal(stopped.code, 0, b.stderr().slice(-2000));
    assert.match(b.stderr(), /workers stopped/);
  });
});
