import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { QueueConfig } from '../config/config.js';
import { TriageError } from '../shared/errors.js';
import { jobIdOf, jobOptions, STAGES, type JobPayload, type Stage } from './jobs.js';

/** The producer side of the stage queues. */
export interface StageQueues {
  /** Adds a stage job; adding the same run of an item again is a no-op (the job id is derived from it). */
  add<S extends Stage>(stage: S, payload: JobPayload<S>): Promise<void>;
  queue(stage: Stage): Queue;
  close(): Promise<void>;
}

/** The BullMQ queue name of a stage (the Redis keys also carry the configured prefix). */
export function queueNameOf(stage: Stage): string {
  return `triage-${stage}`;
}

export function createStageQueues(connection: Redis, config: QueueConfig): StageQueues {
  const queues = new Map<Stage, Queue>();
  const queue = (stage: Stage): Queue => {
    let q = queues.get(stage);
    if (!q) {
      q = new Queue(queueNameOf(stage), { connection, prefix: config.prefix, defaultJobOptions: jobOptions(config) });
      q.on('error', () => {});
      queues.set(stage, q);
    }
    return q;
  };
  return {
    async add(stage, payload) {
      try {
        await queue(stage).add(stage, payload, { jobId: jobIdOf(payload) });
      } catch (err) {
        throw new TriageError(
          'queue.redis_unreachable',
          `Could not add the ${stage} job to Redis (${err instanceof Error ? ((err as { code?: string }).code ?? err.message) : 'unknown error'}); ` +
            'the item is stored and is queued when handed in again or by "triage retry --all". Check REDIS_URL and that Redis is running.',
          { permanent: false, cause: err },
        );
      }
    },
    queue,
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}

export { STAGES };
