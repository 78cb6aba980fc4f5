import type { IntakeRepository } from '../intake/intake-repository.js';
import type { StageOutcome } from '../pipeline/stage-outcome.js';
import { TriageError } from '../shared/errors.js';

export interface RouteUsecaseDeps {
  intake: Pick<IntakeRepository, 'resultOfRun' | 'recordEvent'>;
  actor: string;
}

/**
 * The route stage: hands a decided reply to its secure channel. The post (PDF) and portal adapters
 * are not built yet, so for now the reply is recorded as waiting in the outbox (audit event
 * `reply.queued`, channel only) for the case workers' export.
 */
export async function runRouteStage(deps: RouteUsecaseDeps, ref: { intakeId: string; resultKey: string; resultId: string }): Promise<StageOutcome> {
  const stored = await deps.intake.resultOfRun(ref.resultKey);
  if (!stored || stored.resultId !== ref.resultId) {
    throw new TriageError('queue.result_missing', `Result ${ref.resultId} of item ${ref.intakeId} is not stored; requeue the item with "triage retry ${ref.intakeId}".`);
  }
  const channel = stored.result.reply.channel;
  // Never email: only the contract's secure channels get a reply job.
  if (channel === 'post' || channel === 'portal') {
    await deps.intake.recordEvent({ actor: deps.actor, action: 'reply.queued', intakeId: ref.intakeId, details: { resultId: ref.resultId, channel } });
  }
  return { kind: 'routed' };
}
