import type { IntakeRepository } from '../intake/intake-repository.js';
import { createRegistry, type Registry } from '../members/registry.js';
import type { DecideOptions } from '../rules/decide.js';
import { describeError, TriageError } from '../shared/errors.js';
import type { ReadRepository } from './read-repository.js';
import type { RunRef } from './read-usecase.js';
import { decideStage, type ReadOutput } from './stages.js';
import type { StageOutcome } from './stage-outcome.js';
import { failedRecord } from './triage-item.js';
import type { TriageRecord } from './triage-record.js';

export interface DecideUsecaseDeps {
  intake: IntakeRepository;
  reads: ReadRepository;
  /** The current member registry (workers reload it now and then); null when none is stored. */
  registry: () => Registry | null;
  decide: DecideOptions;
  actor: string;
}

/**
 * The decide stage of one queued item: matches the registry, applies the rules and stores the
 * result with its audit event in one transaction (clearing the read output). A run stores one
 * result however often its job runs.
 */
export async function runDecideStage(deps: DecideUsecaseDeps, ref: RunRef): Promise<StageOutcome> {
  const state = await deps.reads.loadRun(ref.intakeId, ref.resultKey, { withRaw: false });
  if (!state) {
    throw new TriageError('queue.item_missing', `Intake item ${ref.intakeId} is not in the database (deleted, or another database is configured). Check DATABASE_URL and TRIAGE_PG_SCHEMA.`);
  }
  if (state.result) return decided(state.result.resultId, state.result.result, state.item.receivedAt);
  const { item, read: row } = state;
  if (!row) {
    const failure = new TriageError('queue.read_missing', `Nothing read is stored for this item; requeue it with "triage retry ${ref.intakeId}" to read it again.`);
    const record = failedRecord(item.source, item.channel ?? 'letter', deps.registry(), failure);
    const stored = await deps.intake.storeResult({ intakeId: ref.intakeId, record, jobKey: ref.resultKey, actor: deps.actor });
    return { kind: 'failed', ...describeError(failure), resultId: stored.resultId, channel: record.result.channel, receivedAt: item.receivedAt };
  }
  return decideAndStore(deps, ref, item, row.read, { clearRead: true, withholdRaw: null });
}

/**
 * Applies the rules to what was read and stores the result with its audit event in one statement:
 * for the decide stage (clearing the stored read) and for an item read and decided in one job
 * (withholding its raw bytes where the read says so).
 */
export async function decideAndStore(
  deps: DecideUsecaseDeps,
  ref: RunRef,
  item: { source: string; receivedAt: Date },
  read: ReadOutput,
  options: { clearRead: boolean; withholdRaw: string | null },
): Promise<StageOutcome> {
  let record: TriageRecord;
  let failure: unknown = null;
  try {
    record = decideStage(item.source, read, { registry: deps.registry(), decide: deps.decide });
  } catch (err) {
    // The rules are pure: an error here would repeat on every attempt.
    failure = err;
    record = failedRecord(item.source, read.channel, deps.registry(), err);
  }
  const stored = await deps.intake.storeResult({ intakeId: ref.intakeId, record, jobKey: ref.resultKey, actor: deps.actor, clearRead: options.clearRead, withholdRaw: options.withholdRaw });
  if (failure !== null) return { kind: 'failed', ...describeError(failure), resultId: stored.resultId, channel: record.result.channel, receivedAt: item.receivedAt };
  return decided(stored.resultId, record.result, item.receivedAt);
}

function decided(resultId: string, result: TriageRecord['result'], receivedAt: Date): StageOutcome {
  return { kind: 'decided', resultId, reply: result.reply.channel, status: result.status, channel: result.channel, receivedAt };
}

/**
 * On a job's final attempt after transient errors: stores a failed result with the error's code so
 * the item is visible for review. Throws when that cannot be stored either (the job is then a dead
 * letter without a result; `triage retry` brings it back).
 */
export async function storeFinalFailure(deps: Pick<DecideUsecaseDeps, 'intake' | 'actor'>, ref: RunRef, err: unknown): Promise<StageOutcome> {
  const item = await deps.intake.getIntakeInfo(ref.intakeId);
  if (!item) throw err;
  // A failed result only says whether a registry was loaded; an empty one stands for "loaded" here.
  const registry = (await deps.intake.hasMembers()) ? createRegistry([]) : null;
  const record = failedRecord(item.source, item.channel ?? 'letter', registry, err);
  const stored = await deps.intake.storeResult({ intakeId: ref.intakeId, record, jobKey: ref.resultKey, actor: deps.actor });
  return { kind: 'failed', ...describeError(err), resultId: stored.resultId, channel: record.result.channel, receivedAt: item.receivedAt };
}
