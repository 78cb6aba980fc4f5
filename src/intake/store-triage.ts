import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { ExtractedFields } from '../extract/extracted-fields.js';
import type { IntakeInput, TriageRecord } from '../pipeline/triage-record.js';
import { createIntakeRepository } from './intake-repository.js';

export function contentHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * What of the raw input may be kept. An input that disclosed an authentication code is not kept
 * as it arrived: only its redacted text is, so the code is never stored.
 */
export function storableRaw(input: IntakeInput, record: TriageRecord): { raw: Buffer | null; reason: string | null } {
  const reason = rawWithheldReason(record.fields);
  return reason === null ? { raw: input.bytes, reason: null } : { raw: null, reason };
}

/** Why the raw bytes of an item with these fields must not be kept, or null when they may be. */
export function rawWithheldReason(fields: ExtractedFields | null): string | null {
  if (!fields?.authCodeDisclosed) return null;
  return 'auth-code-disclosed: the original is withheld; the redacted texts are kept with the result';
}

/** Stores the raw item (deduplicated by content hash and Message-ID), its result and audit events in one transaction. */
export async function storeTriage(db: Db, input: IntakeInput, record: TriageRecord, actor: string) {
  const { raw, reason } = storableRaw(input, record);
  return createIntakeRepository(db).storeTriage({
    source: input.source,
    channel: record.result.channel,
    raw,
    rawWithheldReason: reason,
    rawSize: input.bytes.length,
    contentHash: contentHash(input.bytes),
    messageId: record.facts?.messageId ?? null,
    record,
    actor,
  });
}
