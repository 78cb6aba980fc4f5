import type { ReplyChannel } from '../contract/triage-result.js';

/** What a queue stage did with one item; the worker adapter turns it into the next job or a dead letter. */
export type StageOutcome =
  | { kind: 'read' }
  | { kind: 'decided'; resultId: string; reply: ReplyChannel; status: 'processed' | 'failed' }
  /** The item failed for good; its failed result (with `code`) is stored. */
  | { kind: 'failed'; code: string; message: string; resultId: string | null }
  | { kind: 'routed' };

/** Where a stage is in its job's life: on the last attempt a failure is stored instead of retried. */
export interface Attempt {
  final: boolean;
}
