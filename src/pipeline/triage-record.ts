import type { Channel, TriageResult } from '../contract/triage-result.js';
import type { ExtractedFields, MessageFacts } from '../extract/extracted-fields.js';

/** The decision for one item: the contract's result plus what led to it. This is what storage keeps. */
export interface TriageRecord {
  result: TriageResult;
  /** Null when the item failed before extraction. */
  fields: ExtractedFields | null;
  facts: MessageFacts | null;
  /** Short German explanations per flag and per rule outcome, for the review interface. */
  reasons: string[];
  /** The texts that were read, already redacted of authentication codes, for the review interface. */
  texts: { id: string; role: string; text: string }[];
}

/** One input as it arrived, before it is read. */
export interface IntakeInput {
  /** The input path (CLI) or the intake id (queue). */
  source: string;
  /** Kind from the file ending or the intake API. Null when the ending is unknown. */
  channel: Channel | null;
  bytes: Buffer;
}
