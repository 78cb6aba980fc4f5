import type { PostalAddress } from '../contract/triage-result.js';

/** Where in the input a value was found, so a case worker can see why. */
export interface Evidence {
  /** Which text the value came from: `body`, `subject`, `from-header`, `form:street`, `attachment:Scan.pdf`, `page:2`. */
  source: string;
  /** The extraction rule that fired, e.g. `kvnr.labelled`, `address.street-line`. */
  rule: string;
  /** Character offsets into that text. */
  start?: number;
  end?: number;
  /**
   * For an `attachment:` source: which attachment, by its place in the message (`2`; `1.3` for the
   * third attachment of a message forwarded as the first). Two attachments may share a name.
   */
  attachment?: string;
  /** Page number (1-based) and box in page pixels, for scanned documents. */
  page?: number;
  box?: { x: number; y: number; width: number; height: number };
  /** The matched text, already redacted of authentication codes. */
  snippet?: string;
}

export interface Extracted<T> {
  value: T;
  /** 0..1: how sure the extractor is. Below the configured threshold the item needs review. */
  confidence: number;
  evidence: Evidence[];
}

export interface Intents {
  addressChange: Evidence | null;
  representative: Evidence | null;
  dataAccess: Evidence | null;
  healthData: Evidence | null;
}

/** Everything the extraction stage found in one item, before any rule ran. */
export interface ExtractedFields {
  name: Extracted<string> | null;
  address: Extracted<PostalAddress> | null;
  /** Normalised: upper-case letter and nine digits. */
  insuranceNumber: Extracted<string> | null;
  insuranceNumberValid: boolean | null;
  signature: Extracted<boolean> | null;
  /** A disclosed authentication code was found (the code itself is never kept). */
  authCodeDisclosed: Evidence | null;
  intents: Intents;
  /** Personal data found in the message (insurance number, address, birth date, code, health data, documents). */
  personalData: string[];
  /** Text could not be read at all (blank or destroyed document). */
  unreadable: boolean;
}

export interface Attachment {
  filename: string;
  contentType: string;
  size: number;
  /** What happened to it: `text` read, `needs-ocr` waiting for the OCR stage, `ignored` with a reason. */
  handling: 'text' | 'needs-ocr' | 'ignored' | 'failed';
  note?: string;
}

/** Facts about the transport that the rules and the case worker need. */
export interface MessageFacts {
  messageId: string | null;
  /** S/MIME or PGP, signed or encrypted: recorded, never trusted as identification by itself. */
  cryptography: { kind: 'smime' | 'pgp'; mode: 'signed' | 'encrypted' }[];
  attachments: Attachment[];
  notes: string[];
}
