import type { StageOutcome } from '../pipeline/stage-outcome.js';
import { TriageError } from '../shared/errors.js';
import type { OutboxRepository } from './outbox-repository.js';

export interface RouteUsecaseDeps {
  outbox: OutboxRepository;
  actor: string;
}

/**
 * The route stage: hands a decided reply to its secure channel. The post (PDF) and portal adapters
 * are not built yet, so for now the reply is recorded as waiting in the outbox (audit event
 * `reply.queued`, channel only). Never email: only post and portal replies are recorded.
 */
export async function runRouteStage(deps: RouteUsecaseDeps, ref: { intakeId: string; resultKey: string; resultId: string }): Promise<StageOutcome> {
  const channel = await deps.outbox.queueReply({ resultKey: ref.resultKey, resultId: ref.resultId, actor: deps.actor });
  if (channel === null) {
    throw new TriageError('queue.result_missing', `Result ${ref.resultId} of item ${ref.intakeId} is not stored; requeue the item with "triage retry ${ref.intakeId}".`);
  }
  return { kind: 'routed' };
}
