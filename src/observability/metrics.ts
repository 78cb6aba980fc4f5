import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What a job's run came to, as counted: `done`, `failed` for good, or `retried` (transient error). */
export type JobOutcome = 'done' | 'failed' | 'retried';

/** Job counts of one stage's queue by state (BullMQ's getJobCounts). */
export type QueueDepths = Record<string, Record<string, number>>;

/** The worker's Prometheus metrics. Labels are stages, channels and outcomes only: never personal data. */
export interface Metrics {
  registry: Registry;
  /** One run of a stage's job ended. `channel` is null when it is not known (a bad payload). */
  jobFinished(stage: string, channel: string | null, outcome: JobOutcome, seconds: number): void;
  /** An item's result was stored: `seconds` from intake to that moment. */
  itemDecided(channel: string, status: string, seconds: number): void;
  /** Pages read by OCR and the time the engine spent on them. */
  ocrPages(pages: number, seconds: number): void;
  /** Where the queue depths come from; asked on every scrape. */
  setQueueDepths(read: () => Promise<QueueDepths>): void;
  /** The metrics in Prometheus' text format. */
  render(): Promise<string>;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'triage_' });
  const jobs = new Counter({
    name: 'triage_jobs_total',
    help: 'Runs of stage jobs by stage, channel and outcome (done, failed for good, retried).',
    labelNames: ['stage', 'channel', 'outcome'] as const,
    registers: [registry],
  });
  const jobSeconds = new Histogram({
    name: 'triage_job_duration_seconds',
    help: 'Time one run of a stage job took.',
    labelNames: ['stage'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const itemSeconds = new Histogram({
    name: 'triage_item_latency_seconds',
    help: 'Time from intake (item stored) to its stored result.',
    labelNames: ['channel', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const pages = new Counter({ name: 'triage_ocr_pages_total', help: 'Pages read by OCR; rate() gives OCR pages per second.', registers: [registry] });
  const ocrSeconds = new Counter({
    name: 'triage_ocr_seconds_total',
    help: 'Time the OCR engines spent on pages; pages_total / seconds_total is the pages per second of one engine.',
    registers: [registry],
  });
  let depths: (() => Promise<QueueDepths>) | null = null;
  new Gauge({
    name: 'triage_queue_jobs',
    help: 'Jobs in each stage queue by state (waiting, active, delayed, failed, completed, prioritized, paused).',
    labelNames: ['stage', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!depths) return;
      try {
        for (const [stage, counts] of Object.entries(await depths())) {
          for (const [state, n] of Object.entries(counts)) this.set({ stage, state }, n);
        }
      } catch {
        // Redis away: the scrape still answers, without depths.
      }
    },
  });
  return {
    registry,
    jobFinished(stage, channel, outcome, seconds) {
      jobs.inc({ stage, channel: channel ?? 'unknown', outcome });
      jobSeconds.observe({ stage }, seconds);
    },
    itemDecided(channel, status, seconds) {
      itemSeconds.observe({ channel, status }, Math.max(0, seconds));
    },
    ocrPages(n, seconds) {
      if (n <= 0) return;
      pages.inc(n);
      ocrSeconds.inc(seconds);
    },
    setQueueDepths(read) {
      depths = read;
    },
    render: () => registry.metrics(),
  };
}
