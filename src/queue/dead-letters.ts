import type { Job } from 'bullmq';
import type { IntakeRepository } from '../intake/intake-repository.js';
import type { OutboxRepository } from '../outbox/outbox-repository.js';
import { jobIdOf, STAGES, type JobPayload, type Stage } from './jobs.js';
import type { StageQueues } from './stage-queues.js';

/** One job that failed for good (bad input, or out of attempts). */
export interface DeadLetter {
  intakeId: string;
  stage: Stage;
  run: number;
  jobId: string;
  /** The error code the job failed with (`intake.unsupported_type`, `internal.transient` …). */
  code: string;
  message: string;
  attempts: number;
  failedAt: string | null;
}

const PAGE = 500;

/** The dead letters of every stage, oldest first. */
export async function listDeadLetters(queues: StageQueues): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  for (const stage of STAGES) {
    for await (const job of failedJobs(queues, stage)) out.push(toDeadLetter(stage, job));
  }
  return out.sort((a, b) => (a.failedAt ?? '').localeCompare(b.failedAt ?? ''));
}

/**
 * Requeues dead letters (all, or those of one intake id) as a new run of the stage that failed, so
 * a retried item can store a new result. Resolves to the number requeued.
 */
export async function retryDeadLetters(queues: StageQueues, which: { intakeId: string } | 'all'): Promise<number> {
  let n = 0;
  for (const stage of STAGES) {
    // Collected first: requeuing removes jobs from the set being paged through.
    const failed: Job[] = [];
    for await (const job of failedJobs(queues, stage)) failed.push(job);
    for (const job of failed) {
      const data = job.data as JobPayload;
      if (which !== 'all' && data?.intakeId !== which.intakeId) continue;
      if (stage === 'route') {
        // Routing stores no result, so the same run can simply go again.
        await job.retry('failed');
      } else {
        const next = { ...(data as JobPayload<'read'>), run: (data?.run ?? 1) + 1 };
        // Add before remove: a crash in between leaves a duplicate dead letter, never a lost item.
        await queues.add(stage, next);
        await job.remove();
      }
      n++;
    }
  }
  return n;
}

/**
 * Queues stored items that have no result and no job in any stage: items whose job was lost
 * (a crash between storing and queuing, or a Redis that restarted without its data). Walks every
 * such item, a page at a time. Resolves to the number queued.
 */
export async function requeueStranded(intake: Pick<IntakeRepository, 'undecided'>, queues: StageQueues, options: { olderThanMs: number; pageSize?: number }): Promise<number> {
  const receivedBefore = new Date(Date.now() - options.olderThanMs);
  let n = 0;
  const pages = keyset(options.pageSize, (limit, after) => intake.undecided({ receivedBefore, limit, ...(after ? { after } : {}) }), (id) => id);
  for await (const intakeId of pages) {
    const jobId = jobIdOf({ intakeId, run: 1 });
    const jobs = await Promise.all(STAGES.map((stage) => queues.queue(stage).getJob(jobId)));
    // A later run (triage retry) has its own job id; the first run's job is still kept (failed) then.
    if (jobs.some((j) => j !== undefined && j !== null)) continue;
    // Should a job appear meanwhile (the client queuing it), the same job id makes this add a no-op.
    await queues.add('read', { intakeId, run: 1 });
    n++;
  }
  return n;
}

/**
 * Queues the route job of decided results whose reply (post or portal) was never made: the job was
 * lost with a Redis that restarted without its data. A route job still kept (waiting, running,
 * done or dead) has the same id, so adding it again changes nothing. Resolves to the number added.
 */
export async function requeueUnrouted(outbox: Pick<OutboxRepository, 'unrouted'>, queues: StageQueues, options: { olderThanMs: number; pageSize?: number }): Promise<number> {
  const decidedBefore = new Date(Date.now() - options.olderThanMs);
  let n = 0;
  const pages = keyset(options.pageSize, (limit, after) => outbox.unrouted({ decidedBefore, limit, ...(after ? { after } : {}) }), (ref) => ref.resultId);
  for await (const ref of pages) {
    if (await queues.queue('route').getJob(jobIdOf(ref))) continue;
    await queues.add('route', ref);
    n++;
  }
  return n;
}

/** Every row of a keyset-paged query: pages of `pageSize` (500), each after the last key of the one before. */
async function* keyset<T>(pageSize: number | undefined, page: (limit: number, after: string | undefined) => Promise<T[]>, keyOf: (row: T) => string): AsyncGenerator<T> {
  const limit = pageSize ?? 500;
  let after: string | undefined;
  for (;;) {
    const rows = await page(limit, after);
    yield* rows;
    if (rows.length < limit) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

async function* failedJobs(queues: StageQueues, stage: Stage): AsyncGenerator<Job> {
  const queue = queues.queue(stage);
  for (let start = 0; ; start += PAGE) {
    const jobs = await queue.getFailed(start, start + PAGE - 1);
    if (jobs.length === 0) return;
    for (const job of jobs) if (job) yield job;
    if (jobs.length < PAGE) return;
  }
}

function toDeadLetter(stage: Stage, job: Job): DeadLetter {
  const data = job.data as Partial<JobPayload>;
  const reason = job.failedReason ?? '';
  const code = /^([a-z_]+\.[a-z_.-]+):/.exec(reason)?.[1] ?? 'internal.unexpected';
  return {
    intakeId: typeof data?.intakeId === 'string' ? data.intakeId : '',
    stage,
    run: typeof data?.run === 'number' ? data.run : 1,
    jobId: job.id ?? '',
    code,
    message: reason.slice(code.length + 1).trim(),
    attempts: job.attemptsMade,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}
