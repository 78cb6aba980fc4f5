// A worker process's Prometheus endpoint after real work: counts per stage and channel, the latency
// from intake to result, OCR pages of a scanned letter, and the queue depths read from Redis.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createMetrics } from '../../../src/observability/metrics.js';
import { startMetricsServer, type MetricsServer } from '../../../src/observability/metrics-server.js';
import { createTriageClient, type TriageClient } from '../../../src/queue/client.js';
import { createLogger } from '../../../src/shared/logger.js';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.js';
import { createQueueEnv, sampleMessages, SAMPLES, waitFor, type QueueEnv } from '../queue/harness.js';

const value = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);

describe('observability: a worker exports its metrics for Prometheus', () => {
  let q: QueueEnv;
  let client: TriageClient;
  let workers: RunningWorkers | undefined;
  let server: MetricsServer | undefined;
  const metrics = createMetrics();

  before(async () => {
    // OCR on, one engine: the letter below is read for real.
    q = await createQueueEnv({ TRIAGE_OCR: 'on', TRIAGE_OCR_WORKERS: '1', TRIAGE_READ_THREADS: '1' });
    client = await createTriageClient({ config: q.config, actor: 'test' });
  });
  after(async () => {
    await server?.close();
    await workers?.close(5000);
    await client?.close();
    await q?.cleanup();
  });

  test('after emails, forms and a scanned letter, /metrics shows their jobs, latencies, OCR pages and queue depths', { timeout: 120_000 }, async () => {
    const files = [...sampleMessages().slice(0, 6), 'letter-01-klassisch-unterschrieben-bescheinigung.png'];
    for (const f of files) await client.enqueueFile(path.join(SAMPLES, f));
    workers = await startWorkers({ config: q.config, env: q.env, cwd: process.cwd(), log: createLogger('error', () => {}), metrics });
    server = await startMetricsServer(metrics, { host: '127.0.0.1', port: 0 });
    await waitFor('every result', async () => (await q.sql<{ n: number }>('select count(*)::int as n from results'))[0]!.n >= files.length, 90_000, 200);

    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    const text = await res.text();
    const emails = sampleMessages().slice(0, 6).filter((f) => f.endsWith('.eml')).length;
    // Emails took no OCR: read and decided in one read job. The letter's read waits for a decide job.
    assert.equal(value(text, /^triage_jobs_total\{stage="read",channel="email",outcome="done"\} (\S+)$/m), emails);
    assert.doesNotMatch(text, /^triage_jobs_total\{stage="decide",channel="email"/m);
    assert.equal(value(text, /^triage_jobs_total\{stage="read",channel="letter",outcome="done"\} (\S+)$/m), 1);
    assert.equal(value(text, /^triage_jobs_total\{stage="decide",channel="letter",outcome="done"\} (\S+)$/m), 1);
    const decidedCount = [...text.matchAll(/^triage_item_latency_seconds_count\{[^}]*\} (\S+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    assert.equal(decidedCount, files.length, 'one latency per stored result');
    assert.ok(value(text, /^triage_ocr_pages_total (\S+)$/m) >= 1, 'the letter page went through OCR');
    assert.ok(value(text, /^triage_ocr_seconds_total (\S+)$/m) > 0);
    assert.match(text, /^triage_queue_jobs\{stage="read",state="completed"\} \d+$/m);
    assert.match(text, /^triage_process_resident_memory_bytes \d+/m);
    // Labels are stages, channels, outcomes and states: nothing read from the items.
    assert.doesNotMatch(text, /Muster|@|[A-Z]\d{9}/);

    assert.equal((await fetch(`http://127.0.0.1:${server.port}/other`)).status, 404);
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status, 200);
  });

  test('a second worker on the same metrics port is refused with a clear error', async () => {
    await assert.rejects(startMetricsServer(createMetrics({ defaultMetrics: false }), { host: '127.0.0.1', port: server!.port }), /metrics\.listen_failed|TRIAGE_METRICS_PORT/);
  });
});
