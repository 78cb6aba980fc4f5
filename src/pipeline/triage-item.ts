import { CHANNEL_SECURITY, type Channel, type TriageResult } from '../contract/triage-result.js';
import type { ExtractOptions } from '../extract/extract-fields.js';
import type { ReaderLimits } from '../extract/readers/reader-limits.js';
import type { OcrEngine } from '../ocr/ocr-model.js';
import type { Registry } from '../members/registry.js';
import type { DecideOptions } from '../rules/decide.js';
import { describeError, TriageError } from '../shared/errors.js';
import { decideStage, readStage } from './stages.js';
import type { IntakeInput, TriageRecord } from './triage-record.js';

export interface TriageContext {
  registry: Registry | null;
  limits: ReaderLimits;
  /** Reads scans and scanned attachments; null leaves them unread (reported on the item). */
  ocr: OcrEngine | null;
  extract: ExtractOptions;
  decide: DecideOptions;
}

/** For a file whose ending says nothing: a best guess at its channel, so the failed result is still filed sensibly. */
export function guessChannel(bytes: Buffer): Channel {
  const head = bytes.subarray(0, 2048).toString('latin1').trimStart();
  if (head.startsWith('{')) return 'contact-form';
  if (/^[!-9;-~]+:/.test(head) && /^(from|received|return-path|message-id|date|subject):/im.test(head)) return 'email';
  return 'letter';
}

/** The error of an input whose ending names no kind that is read. */
export function unsupportedTypeError(ending: string): TriageError {
  return new TriageError(
    'intake.unsupported_type',
    `Files ending in "${ending ? `.${ending}` : '(none)'}" are not read. Supported: .eml (email), .json (contact form), .pdf .png .jpg .jpeg .tif .tiff (scanned letters).`,
  );
}

export function failedRecord(source: string, channel: Channel, registry: Registry | null, err: unknown): TriageRecord {
  const error = describeError(err);
  const result: TriageResult = {
    source,
    channel,
    status: 'failed',
    channelSecurity: CHANNEL_SECURITY[channel],
    sender: { name: null, address: null, insuranceNumber: null, insuranceNumberValid: null },
    signaturePresent: false,
    member: { status: registry ? 'not-found' : 'no-registry', insuranceNumber: null },
    authenticated: false,
    reply: { channel: 'none', address: null },
    flags: [],
    needsReview: true,
    error,
  };
  return { result, fields: null, facts: null, reasons: [`Nicht verarbeitet (${error.code}): ${error.message}`], texts: [] };
}

/**
 * Reads, extracts and decides one item. Never throws for bad input: the item becomes a failed
 * result with a stable error code instead.
 */
export async function triageItem(input: IntakeInput, ctx: TriageContext, ending = ''): Promise<TriageRecord> {
  const channel = input.channel ?? guessChannel(input.bytes);
  if (input.channel === null) return failedRecord(input.source, channel, ctx.registry, unsupportedTypeError(ending));
  try {
    const read = await readStage(input.bytes, channel, { limits: ctx.limits, ocr: ctx.ocr, extract: ctx.extract }, ending);
    return decideStage(input.source, read, { registry: ctx.registry, decide: ctx.decide });
  } catch (err) {
    return failedRecord(input.source, channel, ctx.registry, err);
  }
}
