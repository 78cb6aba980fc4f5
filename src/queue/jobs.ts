import type { DefaultJobOptions } from 'bullmq';
import type { QueueConfig } from '../config/config.js';
import { TriageError } from '../shared/errors.js';

/**
 * The queue's one list of stages and their job payloads.
 *
 * intake → read → decide → route. Intake has no queue of its own: it runs in the caller (client,
 * CLI), because an item must be stored in PostgreSQL before intake acknowledges it. Each later
 * stage is one BullMQ queue whose jobs carry ids only; the bytes, the texts read and the results
 * live in PostgreSQL, so Redis never holds personal data.
 */
export const STAGES = ['read', 'decide', 'route'] as const;
export type Stage = (typeof STAGES)[number];

/** Every stage's job carries the item and the run it belongs to. */
export interface RunPayload {
  /** The intake item (uuid). */
  intakeId: string;
  /** 1 for the first run; `triage retry` starts the next. One run stores at most one result. */
  run: number;
}

export interface JobPayloads {
  /** Read the stored bytes (OCR for scans) and extract the fields. */
  read: RunPayload;
  /** Match the registry and apply the rules; store the result. */
  decide: RunPayload;
  /** Hand the decided reply to its secure channel (post or portal). */
  route: RunPayload & { resultId: string };
}

export type JobPayload<S extends Stage = Stage> = JobPayloads[S];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The job's data, checked: a malformed payload is a permanent error (retrying cannot mend it). */
export function parsePayload<S extends Stage>(stage: S, data: unknown): JobPayload<S> {
  const d = data as Partial<JobPayloads['route']> | null;
  const bad = (what: string) =>
    new TriageError('queue.bad_payload', `A ${stage} job has ${what}; jobs must be added through src/queue/client.ts or "triage enqueue".`);
  if (typeof d !== 'object' || d === null) throw bad('no data');
  if (typeof d.intakeId !== 'string' || !UUID.test(d.intakeId)) throw bad('no valid intakeId');
  if (typeof d.run !== 'number' || !Number.isInteger(d.run) || d.run < 1) throw bad('no valid run');
  if (stage === 'route') {
    if (typeof d.resultId !== 'string' || !UUID.test(d.resultId)) throw bad('no valid resultId');
    return { intakeId: d.intakeId, run: d.run, resultId: d.resultId } as JobPayload<S>;
  }
  return { intakeId: d.intakeId, run: d.run } as JobPayload<S>;
}

/**
 * The job id: the intake id for the first run, so handing in the same item twice adds no second
 * job; later runs get their own id, so a retry is not swallowed by the finished first run.
 */
export function jobIdOf(payload: RunPayload): string {
  return payload.run === 1 ? payload.intakeId : `${payload.intakeId}.r${payload.run}`;
}

/** The key a run's result is stored under (results.job_key). */
export function resultKeyOf(payload: RunPayload): string {
  return `${payload.intakeId}:${payload.run}`;
}

/** How the jobs of every stage are kept and retried. */
export function jobOptions(config: QueueConfig): DefaultJobOptions {
  return {
    attempts: config.attempts,
    backoff: { type: 'exponential', delay: config.backoffMs },
    // Finished jobs are only kept for inspection (deduplication is PostgreSQL's job); dead
    // letters stay until `triage retry` takes them.
    removeOnComplete: { age: 24 * 3600, count: 50_000 },
    removeOnFail: false,
  };
}
