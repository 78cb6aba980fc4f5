import type { Channel, ReplyChannel } from '../contract/triage-result.js';

/** What the metrics are told of the item a stage worked on: no personal data. */
export interface OutcomeItem {
  /** Null when the item's kind is unknown; left out where the stage does not load the item. */
  channel?: Channel | null;
  /** When intake stored it (for the latency from intake to result). */
  receivedAt?: Date;
}

/** What a queue stage did with one item; the worker adapter turns it into the next job or a dead letter. */
export type StageOutcome = OutcomeItem &
  (
    | { kind: 'read' }
    | { kind: 'decided'; resultId: string; reply: ReplyChannel; status: 'processed' | 'failed' }
    /** The item failed for good; its failed result (with `code`) is stored. */
    | { kind: 'failed'; code: string; message: string; resultId: string | null }
    | { kind: 'routed' }
  );

/** Where a stage is in its job's life: on the last attempt a failure is stored instead of retried. */
export interface Attempt {
  final: boolean;
}
