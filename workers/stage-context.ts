import type { Redis } from 'ioredis';
import type { Config } from '../src/config/config.js';
import { assertMigrated, type Database } from '../src/db/database.js';
import type { Metrics } from '../src/observability/metrics.js';
import { createIntakeRepository, type IntakeRepository } from '../src/intake/intake-repository.js';
import { createReadRepository, type ReadRepository } from '../src/pipeline/read-repository.js';
import { openQueueDatabase } from '../src/queue/client.js';
import { connectRedis } from '../src/queue/redis.js';
import { createStageQueues, type StageQueues } from '../src/queue/stage-queues.js';

/** What every stage adapter needs: the shared database, its repositories and the queues to hand on to. */
export interface StageContext {
  config: Config;
  database: Database;
  intake: IntakeRepository;
  reads: ReadRepository;
  queues: StageQueues;
  /** The producer connection (blocking: it waits for Redis to come back rather than fail). */
  redis: Redis;
  /** Where job counts and latencies go (Prometheus); null when not exported. */
  metrics: Metrics | null;
  close(): Promise<void>;
}

export async function openStageContext(config: Config, metrics: Metrics | null = null): Promise<StageContext> {
  const database = await openQueueDatabase(config);
  try {
    await assertMigrated(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  const redis = connectRedis(config.redisUrl, { blocking: true });
  const queues = createStageQueues(redis, config.queue);
  return {
    config,
    database,
    intake: createIntakeRepository(database.db),
    reads: createReadRepository(database.db),
    queues,
    redis,
    metrics,
    async close() {
      await queues.close();
      redis.disconnect();
      await database.close();
    },
  };
}
