import type { Channel, TriageResult } from '../contract/triage-result.js';
import { extractFields, type ExtractOptions } from '../extract/extract-fields.js';
import type { ExtractedFields, MessageFacts } from '../extract/extracted-fields.js';
import { READERS } from '../extract/reader-registry.js';
import type { ReaderLimits } from '../extract/readers/reader-limits.js';
import type { Registry } from '../members/registry.js';
import type { OcrEngine } from '../ocr/ocr-model.js';
import { decide, type DecideOptions } from '../rules/decide.js';
import type { TriageRecord } from './triage-record.js';

// The two pure halves of triageItem, so the queue can run them as separate jobs (the read half is
// the one that needs OCR threads; the decide half needs the registry). Neither touches a queue or
// a database, and unlike triageItem both throw: the caller decides whether an error is a failed
// result (CLI) or a retry (queue).

/** What the read half needs: no registry. */
export interface ReadStageContext {
  limits: ReaderLimits;
  /** Reads scans and scanned attachments; null leaves them unread (reported on the item). */
  ocr: OcrEngine | null;
  extract: ExtractOptions;
}

/** What the decide half needs. */
export interface DecideStageContext {
  registry: Registry | null;
  decide: DecideOptions;
}

/**
 * The read half's output: plain JSON, so it can be stored between the stages. Fields are extracted
 * here rather than in the decide half because OCR evidence (page and box) is located through the
 * page layout, which exists only while the pages are read.
 */
export interface ReadOutput {
  channel: Channel;
  fields: ExtractedFields;
  facts: MessageFacts;
  /** The texts that were read, already redacted of authentication codes. */
  texts: TriageRecord['texts'];
}

/** Reads one item and extracts its fields. Throws a TriageError (with a code) for bad input. */
export async function readStage(bytes: Buffer, channel: Channel, ctx: ReadStageContext, ending = ''): Promise<ReadOutput> {
  const read = await READERS[channel](bytes, { limits: ctx.limits, ocr: ctx.ocr }, ending);
  const fields = extractFields(read, ctx.extract);
  return { channel, fields, facts: read.facts, texts: read.sources.map((s) => ({ id: s.id, role: s.role, text: s.text })) };
}

/** Applies the contract's rules to what was read: the stored record of a processed item. */
export function decideStage(source: string, read: ReadOutput, ctx: DecideStageContext): TriageRecord {
  const { channel, fields } = read;
  const decision = decide(channel, fields, ctx.registry, ctx.decide);
  const result: TriageResult = {
    source,
    channel,
    status: 'processed',
    channelSecurity: decision.channelSecurity,
    sender: {
      name: fields.name?.value ?? null,
      address: fields.address?.value ?? null,
      insuranceNumber: fields.insuranceNumber?.value ?? null,
      insuranceNumberValid: fields.insuranceNumber ? fields.insuranceNumberValid : null,
    },
    signaturePresent: decision.signaturePresent,
    member: decision.member,
    authenticated: decision.authenticated,
    reply: decision.reply,
    flags: decision.flags,
    needsReview: decision.needsReview,
    error: null,
  };
  return { result, fields, facts: read.facts, reasons: decision.reasons, texts: read.texts };
}
