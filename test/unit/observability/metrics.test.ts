import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMetrics } from '../../../src/observability/metrics.js';

/** The value of one sample line (`name{labels} value`) of the text format, or null. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries((m[2] ?? '').split(',').filter(Boolean).map((kv) => kv.split('=').map((x) => x.replace(/"/g, '')) as [string, string]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return null;
}

describe('metrics', () => {
  it('counts jobs per stage, channel and outcome, with their durations', async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.jobFinished('decide', 'email', 'done', 0.02);
    m.jobFinished('decide', 'email', 'done', 0.03);
    m.jobFinished('read', null, 'retried', 1.5);
    const text = await m.render();
    assert.equal(sample(text, 'triage_jobs_total', { stage: 'decide', channel: 'email', outcome: 'done' }), 2);
    assert.equal(sample(text, 'triage_jobs_total', { stage: 'read', channel: 'unknown', outcome: 'retried' }), 1);
    assert.equal(sample(text, 'triage_job_duration_seconds_count', { stage: 'decide' }), 2);
    assert.equal(sample(text, 'triage_job_duration_seconds_bucket', { stage: 'decide', le: '0.025' }), 1);
  });

  it('keeps the latency from intake to result per channel and status', async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.itemDecided('letter', 'processed', 4.2);
    const text = await m.render();
    assert.equal(sample(text, 'triage_item_latency_seconds_count', { channel: 'letter', status: 'processed' }), 1);
    assert.equal(sample(text, 'triage_item_latency_seconds_sum', { channel: 'letter', status: 'processed' }), 4.2);
  });

  it('adds up OCR pages and engine seconds, so pages per second can be computed', async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.ocrPages(3, 1.5);
    m.ocrPages(0, 0);
    m.ocrPages(1, 0.5);
    const text = await m.render();
    assert.equal(sample(text, 'triage_ocr_pages_total'), 4);
    assert.equal(sample(text, 'triage_ocr_seconds_total'), 2);
  });

  it('asks for the queue depths on every scrape, and still answers when they cannot be read', async () => {
    const m = createMetrics({ defaultMetrics: false });
    let waiting = 5;
    m.setQueueDepths(async () => ({ read: { waiting, active: 1 }, decide: { waiting: 0 } }));
    assert.equal(sample(await m.render(), 'triage_queue_jobs', { stage: 'read', state: 'waiting' }), 5);
    waiting = 2;
    assert.equal(sample(await m.render(), 'triage_queue_jobs', { stage: 'read', state: 'waiting' }), 2);
    m.setQueueDepths(async () => {
      throw new Error('Redis away');
    });
    const text = await m.render();
    assert.equal(sample(text, 'triage_queue_jobs', { stage: 'read', state: 'waiting' }), null);
    assert.match(text, /# TYPE triage_jobs_total counter/);
  });

  it('carries the process figures under the triage_ prefix by default', async () => {
    assert.match(await createMetrics().render(), /^triage_process_resident_memory_bytes /m);
  });
});
