// Stored items with decided results for the outbox tests.
import { createHash, randomUUID } from 'node:crypto';
import type { Channel, TriageResult } from '../../../src/contract/triage-result.js';
import type { Db } from '../../../src/db/database.js';
import { createIntakeRepository } from '../../../src/intake/intake-repository.js';
import { makeRecord } from '../db/backends.js';

export interface StoredDecision {
  intakeId: string;
  resultId: string;
  resultKey: string;
}

/** Stores an item (its bytes `raw`) and its run-1 result; `result` overrides the sample record's fields. */
export async function storeDecided(db: Db, options: { channel?: Channel; raw?: Buffer; result?: Partial<TriageResult> } = {}): Promise<StoredDecision> {
  const intake = createIntakeRepository(db);
  const channel = options.channel ?? 'letter';
  const raw = options.raw ?? Buffer.from(`scan ${randomUUID()}`);
  const id = randomUUID();
  const receipt = await intake.receive({
    id,
    source: id,
    channel,
    ending: channel === 'email' ? 'eml' : channel === 'contact-form' ? 'json' : 'pdf',
    contentHash: createHash('sha256').update(raw).digest('hex'),
    messageId: null,
    raw,
    rawWithheldReason: null,
    rawSize: raw.length,
    actor: 'test',
  });
  const resultKey = `${receipt.intakeId}:1`;
  const record = makeRecord({ source: receipt.intakeId, channel, channelSecurity: channel === 'email' ? 'insecure' : 'secure', ...options.result });
  const { resultId } = await intake.storeResult({ intakeId: receipt.intakeId, record, jobKey: resultKey, actor: 'test' });
  return { intakeId: receipt.intakeId, resultId, resultKey };
}

/** A matched member with a portal account: the reply goes to the portal. */
export const PORTAL_RESULT: Partial<TriageResult> = {
  reply: { channel: 'portal', address: { name: 'Jürgen Müßig', street: 'Königstraße 12', postalCode: '50667', city: 'Köln' } },
};

/** Values of the sample record that must never reach an audit event, a log line or an error message. */
export const PERSONAL_VALUES = ['Jürgen', 'Müßig', 'Königstraße', '50667', 'Köln', 'A123456780'];
