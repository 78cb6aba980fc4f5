import { scanTypeOf } from '../extract/readers/attachment-reader.js';
import { createRegistry } from '../members/registry.js';
import type { IntakeRepository } from '../intake/intake-repository.js';
import { rawWithheldReason } from '../intake/store-triage.js';
import { describeError, isTriageError, TriageError } from '../shared/errors.js';
import type { ReadRepository } from './read-repository.js';
import type { Channel } from '../contract/triage-result.js';
import type { ReadOutput } from './stages.js';
import type { Attempt, StageOutcome } from './stage-outcome.js';
import { decideAndStore, type DecideUsecaseDeps } from './decide-usecase.js';
import { failedRecord, guessChannel, unsupportedTypeError } from './triage-item.js';

export interface ReadUsecaseDeps {
  intake: IntakeRepository;
  reads: ReadRepository;
  /** The pure read stage (readStage with its context), or the same run in another thread. */
  read: (bytes: Buffer, channel: Channel, ending: string) => Promise<ReadOutput>;
  actor: string;
  /**
   * Set where an item that needed no OCR is decided in the read job itself (the workers): reading
   * it again is cheap, so its read is not stored for a decide job, which saves a job and two
   * statements per email or form. Letters, and messages with scans or PDFs attached, keep their
   * read for the decide stage, so a retry there never repeats OCR.
   */
  decideNow?: Pick<DecideUsecaseDeps, 'registry' | 'decide'>;
}

/** Whether reading the item took OCR (or may have): a letter, or a message with an attachment the readers scan. */
export function readTookOcr(read: ReadOutput): boolean {
  return read.channel === 'letter' || read.facts.attachments.some((a) => scanTypeOf(a) !== null);
}

export interface RunRef {
  intakeId: string;
  run: number;
  /** results.job_key of this run. */
  resultKey: string;
}

/**
 * The read stage of one queued item: reads the stored bytes (OCR for scans), extracts the fields
 * and keeps them for the decide stage, or with `decideNow` decides an item that took no OCR at once. Bad input ends as a stored failed result. Database errors
 * are thrown (the job is retried); so are transient read errors until the final attempt.
 */
export async function runReadStage(deps: ReadUsecaseDeps, ref: RunRef, attempt: Attempt): Promise<StageOutcome> {
  const state = await deps.reads.loadRun(ref.intakeId, ref.resultKey, { withRaw: true });
  if (!state) {
    throw new TriageError('queue.item_missing', `Intake item ${ref.intakeId} is not in the database (deleted, or another database is configured). Check DATABASE_URL and TRIAGE_PG_SCHEMA.`);
  }
  // The job ran before and its item is decided (a crash came between): nothing to read again.
  if (state.result) return { kind: 'read', channel: state.item.channel };
  const { item } = state;
  const fail = (err: unknown) => storeFailure(deps, ref, item.source, item.channel ?? guessChannel(item.raw ?? Buffer.alloc(0)), err, item.receivedAt);
  if (item.channel === null) return fail(unsupportedTypeError(item.ending ?? ''));
  if (item.raw === null) {
    // Withheld after an earlier read (it disclosed an authentication code): that read is still there.
    if (state.read) return { kind: 'read', channel: item.channel };
    return fail(new TriageError('intake.raw_withheld', `The original of this item was not kept (${item.rawWithheldReason ?? 'withheld'}), so it cannot be read again; a case worker must review it.`));
  }
  let read;
  try {
    read = await deps.read(item.raw, item.channel, item.ending ?? '');
  } catch (err) {
    // Only OCR can fail transiently here (it says so); anything else the pure reader throws is the input's doing.
    if (isTriageError(err) && !err.permanent && !attempt.final) throw err;
    return fail(err);
  }
  if (deps.decideNow && !readTookOcr(read)) {
    const decideDeps = { ...deps.decideNow, intake: deps.intake, reads: deps.reads, actor: deps.actor };
    return decideAndStore(decideDeps, ref, item, read, { clearRead: state.read !== null, withholdRaw: rawWithheldReason(read.fields) });
  }
  await deps.reads.saveRead({ intakeId: ref.intakeId, run: ref.run, read }, { actor: deps.actor, withholdRaw: rawWithheldReason(read.fields), resultKey: ref.resultKey });
  return { kind: 'read', channel: item.channel };
}

async function storeFailure(deps: ReadUsecaseDeps, ref: RunRef, source: string, channel: ReturnType<typeof guessChannel>, err: unknown, receivedAt: Date): Promise<StageOutcome> {
  // A failed result only says whether a registry was loaded; an empty one stands for "loaded" here.
  const registry = (await deps.intake.hasMembers()) ? createRegistry([]) : null;
  const record = failedRecord(source, channel, registry, err);
  const stored = await deps.intake.storeResult({ intakeId: ref.intakeId, record, jobKey: ref.resultKey, actor: deps.actor });
  const { code, message } = describeError(err);
  return { kind: 'failed', code, message, resultId: stored.resultId, channel, receivedAt };
}
