import type { Channel, PostalAddress } from '../contract/triage-result.js';
import type { Evidence, Extracted, MessageFacts } from './extracted-fields.js';
import type { TextSource } from './text-source.js';

/** Structured contact-form values, already normalised. Empty fields are absent. */
export interface FormValues {
  name: string | null;
  address: Partial<PostalAddress>;
  insuranceNumber: string | null;
}

/** What a reader made of one input: its texts and facts, before fields are extracted. */
export interface ReadItem {
  channel: Channel;
  sources: TextSource[];
  /** Email only: the From display name and its evidence. */
  fromDisplay: { display: string | null; evidence: Evidence } | null;
  form: FormValues | null;
  facts: MessageFacts;
  /** Signature evidence from a scanned page or attached document, when a reader could decide it. */
  signature: Extracted<boolean> | null;
  /** Codes found and removed from every text before this point; only their count and position remain. */
  authCodes: Evidence[];
  unreadable: boolean;
}
