import { UnrecoverableError } from 'bullmq';
import type { LiveRegistry } from '../src/members/live-registry.js';
import { runDecideStage, storeFinalFailure } from '../src/pipeline/decide-usecase.js';
import { runReadStage, type ReadUsecaseDeps, type RunRef } from '../src/pipeline/read-usecase.js';
import type { StageOutcome } from '../src/pipeline/stage-outcome.js';
import { createRouteDeps, runRouteStage } from '../src/outbox/route-usecase.js';
import { parsePayload, resultKeyOf, type JobPayload, type Stage } from '../src/queue/jobs.js';
import type { Logger } from '../src/shared/logger.js';
import { isFinalAttempt, isPermanent, throwIfFailed, toJobError } from './job-errors.js';
import type { StageContext } from './stage-context.js';

/** The part of a BullMQ job (in-process or sandboxed) the adapters use. */
export interface StageJob {
  id?: string;
  data: unknown;
  attemptsMade: number;
  opts: { attempts?: number };
}

export type StageProcessor = (job: StageJob) => Promise<string>;

const ACTOR = 'worker';

/**
 * One adapter for every stage: validate the payload, run the stage's usecase, hand the item to the
 * next stage (before the job completes, so a crash in between repeats the idempotent stage rather
 * than losing the item), and turn failures into BullMQ's terms.
 */
function adapter<S extends Stage>(
  stage: S,
  ctx: StageContext,
  log: Logger,
  run: (payload: JobPayload<S>, ref: RunRef, final: boolean) => Promise<StageOutcome>,
  next: (payload: JobPayload<S>, outcome: StageOutcome) => Promise<void>,
  /** Whether a final failure of this stage is the item's result (not for route: the item is decided by then). */
  failureIsResult = true,
): StageProcessor {
  return async (job) => {
    const started = performance.now();
    const final = isFinalAttempt(job);
    let payload: JobPayload<S>;
    try {
      payload = parsePayload(stage, job.data);
    } catch (err) {
      log.error('job.bad_payload', { stage, job: job.id ?? null });
      throw toJobError(err);
    }
    const ref: RunRef = { intakeId: payload.intakeId, run: payload.run, resultKey: resultKeyOf(payload) };
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const outcome = await run(payload, ref, final);
      count(ctx, stage, outcome, seconds());
      if (outcome.kind === 'failed') log.warn('item.failed', { stage, intake: ref.intakeId, code: outcome.code });
      throwIfFailed(outcome);
      await next(payload, outcome);
      log.debug('job.done', { stage, intake: ref.intakeId, outcome: outcome.kind, ms: Math.round(performance.now() - started) });
      return outcome.kind;
    } catch (err) {
      if (err instanceof UnrecoverableError) throw err;
      if (failureIsResult && (isPermanent(err) || final)) {
        // Kept with its error code: the item gets a failed result, visible for review and in "triage failed".
        try {
          const stored = await storeFinalFailure({ intake: ctx.intake, actor: ACTOR }, ref, err);
          count(ctx, stage, stored, seconds());
          if (stored.kind === 'failed') {
            log.warn('item.failed', { stage, intake: ref.intakeId, code: stored.code, final: true });
            throw new UnrecoverableError(`${stored.code}: ${stored.message}`);
          }
        } catch (storeErr) {
          if (storeErr instanceof UnrecoverableError) throw storeErr;
          log.error('item.failure_not_stored', { stage, intake: ref.intakeId });
        }
        throw toJobError(err);
      }
      const jobError = toJobError(err);
      const code = jobError.message.split(':')[0] ?? null;
      // A stage whose failure is not the item's result (route): a permanent error or the last attempt ends the job here.
      if (isPermanent(err) || final) {
        ctx.metrics?.jobFinished(stage, null, 'failed', seconds());
        log.warn('job.failed', { stage, intake: ref.intakeId, attempt: job.attemptsMade + 1, code });
      } else {
        ctx.metrics?.jobFinished(stage, null, 'retried', seconds());
        log.warn('job.retry', { stage, intake: ref.intakeId, attempt: job.attemptsMade + 1, code });
      }
      throw jobError;
    }
  };
}

/** Counts a stage's outcome: the job, and for a stored result the time since intake. */
function count(ctx: StageContext, stage: Stage, outcome: StageOutcome, seconds: number): void {
  if (!ctx.metrics) return;
  const channel = outcome.channel ?? null;
  ctx.metrics.jobFinished(stage, channel, outcome.kind === 'failed' ? 'failed' : 'done', seconds);
  const status = outcome.kind === 'decided' ? outcome.status : outcome.kind === 'failed' ? 'failed' : null;
  if (status && outcome.receivedAt) ctx.metrics.itemDecided(channel ?? 'unknown', status, (Date.now() - outcome.receivedAt.getTime()) / 1000);
}

/** After a decision: only secure channels get a reply job, never email. */
async function routeIfReplied(ctx: StageContext, payload: JobPayload<'read' | 'decide'>, outcome: StageOutcome): Promise<void> {
  if (outcome.kind === 'decided' && outcome.status === 'processed' && (outcome.reply === 'post' || outcome.reply === 'portal')) {
    await ctx.queues.add('route', { intakeId: payload.intakeId, run: payload.run, resultId: outcome.resultId });
  }
}

/**
 * The read stage. With `registry`, an item that took no OCR (an email or form without scans) is
 * decided in the same job and goes straight to route; the rest goes to the decide stage.
 */
export function createReadProcessor(ctx: StageContext, read: ReadUsecaseDeps['read'], log: Logger, registry?: LiveRegistry): StageProcessor {
  const deps: ReadUsecaseDeps = {
    intake: ctx.intake,
    reads: ctx.reads,
    read,
    actor: ACTOR,
    ...(registry ? { decideNow: { registry: registry.current, decide: { reviewConfidence: ctx.config.reviewConfidence } } } : {}),
  };
  return adapter(
    'read',
    ctx,
    log,
    (_payload, ref, final) => runReadStage(deps, ref, { final }),
    (payload, outcome) => (outcome.kind === 'decided' ? routeIfReplied(ctx, payload, outcome) : ctx.queues.add('decide', { intakeId: payload.intakeId, run: payload.run })),
  );
}

export function createDecideProcessor(ctx: StageContext, registry: LiveRegistry, log: Logger): StageProcessor {
  const deps = { intake: ctx.intake, reads: ctx.reads, registry: registry.current, decide: { reviewConfidence: ctx.config.reviewConfidence }, actor: ACTOR };
  return adapter(
    'decide',
    ctx,
    log,
    (_payload, ref) => runDecideStage(deps, ref),
    (payload, outcome) => routeIfReplied(ctx, payload, outcome),
  );
}

export function createRouteProcessor(ctx: StageContext, log: Logger): StageProcessor {
  const deps = createRouteDeps(ctx.database.db, ctx.config, ACTOR);
  return adapter(
    'route',
    ctx,
    log,
    (payload, ref, final) => runRouteStage(deps, { intakeId: ref.intakeId, resultKey: ref.resultKey, resultId: payload.resultId }, { final }),
    async () => {},
    false,
  );
}
