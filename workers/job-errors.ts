import { UnrecoverableError } from 'bullmq';
import type { StageOutcome } from '../src/pipeline/stage-outcome.js';
import { isTriageError } from '../src/shared/errors.js';

// Job failure reasons are stored in Redis and shown by "triage failed": they are `code: message`
// with our own messages only, never the text of an unknown error (it may quote the input).

/** Whether this run of the job is its last: a failure now is final, not retried. */
export function isFinalAttempt(job: { attemptsMade: number; opts: { attempts?: number } }): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/** Whether an error will fail the same way on every attempt. */
export function isPermanent(err: unknown): boolean {
  return err instanceof UnrecoverableError || (isTriageError(err) && err.permanent);
}

/** The error a processor throws: UnrecoverableError for permanent ones (no retry), else a plain one (retried with backoff). */
export function toJobError(err: unknown): Error {
  if (err instanceof UnrecoverableError) return err;
  if (isTriageError(err)) return err.permanent ? new UnrecoverableError(`${err.code}: ${err.message}`) : new Error(`${err.code}: ${err.message}`);
  const code = (err as { code?: unknown } | null)?.code;
  const detail = typeof code === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(code) ? ` (${code})` : '';
  return new Error(`internal.transient: a database, Redis or system error${detail} stopped this attempt; it is retried with backoff.`);
}

/** A stage outcome that ends the item for good becomes a dead letter carrying the item's error code. */
export function throwIfFailed(outcome: StageOutcome): void {
  if (outcome.kind === 'failed') throw new UnrecoverableError(`${outcome.code}: ${outcome.message}`);
}
