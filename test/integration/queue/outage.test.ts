// Redis restarted (empty) and PostgreSQL gone for 10 s while items are handed in and worked on:
// every item still ends with exactly one result, none failed. Redis here is the test's own server
// and PostgreSQL is reached through a proxy that is cut, so the shared servers stay up.
import assert from 'node:assert/strict';
import { after, afterEach, describe, test } from 'node:test';
import { createTriageClient, type TriageClient } from '../../../src/queue/client.js';
import { createLogger } from '../../../src/shared/logger.js';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.js';
import { startPrivateRedis, startTcpProxy, type PrivateRedis, type TcpProxy } from '../../support/outages.js';
import { TEST_DATABASE_URL } from '../db/backends.js';
import { createQueueEnv, variedMessages, waitFor, type QueueEnv } from './harness.js';

const ITEMS = 300;
const logLines: string[] = [];
const log = createLogger('info', (line) => void logLines.push(line));

const count = async (q: QueueEnv, sql: string) => (await q.sql<{ n: number }>(sql))[0]!.n;

/**
 * Hands the items in one by one, trying each again until intake takes it, as a caller does: the
 * first two thirds at once (a backlog the workers are busy with when the outage comes), the rest at
 * a steady pace (so some arrive during it).
 */
async function handIn(client: TriageClient, items: ReturnType<typeof variedMessages>, ids: Set<string>, refused: { n: number }): Promise<void> {
  for (const [i, item] of items.entries()) {
    for (;;) {
      try {
        const receipt = await client.enqueueBytes(item.bytes, item.ending === 'eml' ? 'email' : 'contact-form', { ending: item.ending });
        ids.add(receipt.intakeId);
        if (i >= (items.length * 2) / 3) await new Promise((r) => setTimeout(r, 50));
        break;
      } catch {
        refused.n++;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
}

async function assertEveryItemDecidedOnce(q: QueueEnv): Promise<void> {
  await waitFor('a result for every item', async () => (await count(q!, 'select count(distinct intake_id)::int as n from results')) >= ITEMS, 120_000, 250);
  // Give a late duplicate the chance to show up before counting.
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await count(q!, 'select count(*)::int as n from intake_items'), ITEMS);
  assert.equal(await count(q!, 'select count(*)::int as n from results'), ITEMS, 'no item has two results');
  assert.equal(await count(q!, "select count(*)::int as n from results where status = 'failed'"), 0, 'no item failed');
}

describe('queue: outages of Redis and PostgreSQL', () => {
  let q: QueueEnv | undefined;
  let workers: RunningWorkers | undefined;
  let client: TriageClient | undefined;
  let redis: PrivateRedis | undefined;
  let proxy: TcpProxy | undefined;

  afterEach(async () => {
    await proxy?.restore();
    await workers?.close(5000);
    await client?.close().catch(() => {});
    await q?.cleanup();
    await redis?.stop();
    await proxy?.close();
    workers = client = q = redis = proxy = undefined;
  });
  after(() => {
    // The outages are logged by code; nothing personal is.
    const text = logLines.join('');
    assert.doesNotMatch(text, /Musterstra|@example|[A-Z]\d{9}/);
  });

  /**
   * Workers and a client on a fresh schema (`env` points them at the service to break), the items
   * handed in meanwhile, resolved once some results are stored. Backoff 200 ms doubling over 10
   * attempts outlasts a 10 s outage.
   */
  async function startRun(env: Record<string, string>) {
    q = await createQueueEnv({ ...env, TRIAGE_JOB_ATTEMPTS: '10', TRIAGE_JOB_BACKOFF_MS: '200', TRIAGE_WORKER_CONCURRENCY: '4' });
    await q.cli(['members', 'import', 'test/samples/members.csv']);
    workers = await startWorkers({ config: q.config, env: q.env, cwd: process.cwd(), log });
    client = await createTriageClient({ config: q.config, actor: 'test' });
    const ids = new Set<string>();
    const refused = { n: 0 };
    const handingIn = handIn(client, variedMessages(ITEMS), ids, refused);
    await waitFor('some results', async () => (await count(q!, 'select count(*)::int as n from results')) >= 30, 60_000, 20);
    return { ids, refused, handingIn };
  }

  test(`Redis restarted without its data while ${ITEMS} items are in flight: nothing is lost`, { timeout: 180_000 }, async () => {
    redis = await startPrivateRedis();
    const { ids, handingIn } = await startRun({ REDIS_URL: redis.url });
    await redis.kill();
    const doneAtRestart = await count(q!, 'select count(*)::int as n from results');
    await new Promise((r) => setTimeout(r, 1000));
    await redis.start();
    await handingIn;

    assert.equal(ids.size, ITEMS);
    assert.ok(doneAtRestart < ITEMS, `the restart came while items were in flight (${doneAtRestart} done)`);
    await assertEveryItemDecidedOnce(q!);
    // Every reply by post or portal was made once, route jobs lost with Redis included.
    const wanted = await count(q!, "select count(*)::int as n from results where status = 'processed' and reply_channel in ('post', 'portal')");
    assert.ok(wanted > ITEMS / 2, 'most items want a reply by post or portal');
    await waitFor('every reply', async () => (await count(q!, 'select count(*)::int as n from outbox_replies')) >= wanted, 60_000, 250);
    assert.equal(await count(q!, 'select count(*)::int as n from outbox_replies'), wanted, 'one reply per result');
    // The jobs Redis lost were found again in PostgreSQL.
    assert.ok(logLines.some((l) => l.includes('"queue.redis_reconnected"')), 'the workers noticed Redis coming back');
  });

  test(`PostgreSQL gone for 10 s while ${ITEMS} items are in flight: they are retried and nothing is lost`, { timeout: 180_000 }, async () => {
    const target = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(TEST_DATABASE_URL);
    viaProxy.port = String(proxy.port);
    const { ids, refused, handingIn } = await startRun({ DATABASE_URL: viaProxy.toString() });
    await proxy.cut();
    const doneAtCut = await count(q!, 'select count(*)::int as n from results');
    const retriesBefore = logLines.filter((l) => l.includes('"job.retry"')).length;
    await new Promise((r) => setTimeout(r, 10_000));
    await proxy.restore();
    await handingIn;

    assert.equal(ids.size, ITEMS);
    assert.ok(doneAtCut < ITEMS, `the outage came while items were in flight (${doneAtCut} done)`);
    assert.ok(refused.n > 0, 'intake refused items while PostgreSQL was gone (the caller tried again)');
    await assertEveryItemDecidedOnce(q!);
    assert.ok(logLines.filter((l) => l.includes('"job.retry"')).length > retriesBefore, 'jobs were retried');
  });
});
