import { randomUUID } from 'node:crypto';
import type { Channel } from '../contract/triage-result.js';
import type { ReaderLimits } from '../extract/readers/reader-limits.js';
import { TriageError } from '../shared/errors.js';
import type { IntakeReceipt, IntakeRepository } from './intake-repository.js';
import { messageIdOf } from './message-id.js';
import { contentHash } from './store-triage.js';

export interface ReceiveItemInput {
  bytes: Buffer;
  /** Null when the kind is unknown: the item is kept and fails in the read stage with a code. */
  channel: Channel | null;
  /** File ending, lower case, without the dot; empty when there is none. */
  ending: string;
  /** The path of a file handed in; items handed in as bytes get their intake id as source. */
  source?: string;
}

export interface ReceiveItemOptions {
  /** Size limits: emails and forms up to `maxMessageBytes`, scans and unknown kinds up to `maxScanBytes`. */
  limits: Pick<ReaderLimits, 'maxMessageBytes' | 'maxScanBytes'>;
  /** Who handed the item in, for the audit trail (`cli`, `client`, a service name). */
  actor: string;
}

/**
 * Intake: stores the raw item in PostgreSQL, deduplicated by content hash and (emails) Message-ID.
 * A re-sent item gets the existing intake id back and stores nothing new. An item over the size
 * limit is refused and nothing is stored.
 */
export async function receiveItem(repo: IntakeRepository, input: ReceiveItemInput, options: ReceiveItemOptions): Promise<IntakeReceipt> {
  const { bytes, channel } = input;
  const isMessage = channel === 'email' || channel === 'contact-form';
  const limit = isMessage ? options.limits.maxMessageBytes : options.limits.maxScanBytes;
  if (bytes.length > limit) {
    throw new TriageError(
      'intake.too_large',
      `The item has ${bytes.length} bytes, more than the limit of ${limit}; nothing was stored. ` +
        `Raise ${isMessage ? 'TRIAGE_MAX_MESSAGE_MB' : 'TRIAGE_MAX_SCAN_MB'} if such items are expected.`,
    );
  }
  const id = randomUUID();
  return repo.receive({
    id,
    source: input.source ?? id,
    channel,
    ending: input.ending.toLowerCase(),
    contentHash: contentHash(bytes),
    messageId: channel === 'email' ? messageIdOf(bytes) : null,
    raw: bytes,
    rawWithheldReason: null,
    rawSize: bytes.length,
    actor: options.actor,
  });
}
