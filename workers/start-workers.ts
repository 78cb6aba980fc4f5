import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../src/config/config.js';
import { createLiveRegistry, type LiveRegistry } from '../src/members/live-registry.js';
import { createMembersRepository } from '../src/members/members-repository.js';
import { createOutboxRepository } from '../src/outbox/outbox-repository.js';
import { requeueStranded, requeueUnrouted } from '../src/queue/dead-letters.js';
import { STAGES, type Stage } from '../src/queue/jobs.js';
import { checkRedis, connectRedis } from '../src/queue/redis.js';
import { queueNameOf } from '../src/queue/stage-queues.js';
import type { Metrics } from '../src/observability/metrics.js';
import type { Logger } from '../src/shared/logger.js';
import { openStageContext } from './stage-context.js';
import { createReadPool, type ReadPool } from './read-pool.js';
import { createDecideProcessor, createReadProcessor, createRouteProcessor, type StageJob } from './stage-processors.js';

export interface StartWorkersOptions {
  config: Config;
  /** The environment the read threads parse their configuration from (the same as `config`'s). */
  env: Record<string, string | undefined>;
  cwd: string;
  log: Logger;
  /** Stages this process works on; all by default. */
  stages?: readonly Stage[];
  /** Jobs at once per stage (TRIAGE_WORKER_CONCURRENCY by default); reading itself is spread over TRIAGE_READ_THREADS threads. */
  concurrency?: number;
  /** Where job counts, latencies, OCR pages and queue depths go; none by default. */
  metrics?: Metrics;
}

export interface RunningWorkers {
  stages: readonly Stage[];
  /**
   * Stops taking jobs and lets the running ones finish; after `timeoutMs` the rest are abandoned
   * (their locks lapse and another worker takes them over as stalled jobs).
   */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * Starts the stage workers of one process. Checks first that Redis is reachable and keeps its keys
 * (noeviction) and that the database is migrated; workers never migrate it themselves.
 */
export async function startWorkers(options: StartWorkersOptions): Promise<RunningWorkers> {
  const { config, log } = options;
  const stages = options.stages ?? STAGES;
  await checkRedis(config.redisUrl);
  const ctx = await openStageContext(config, options.metrics ?? null);
  options.metrics?.setQueueDepths(async () => Object.fromEntries(await Promise.all(STAGES.map(async (s) => [s, await ctx.queues.queue(s).getJobCounts()] as const))));
  let registry: LiveRegistry | null = null;
  let readPool: ReadPool | null = null;
  const workers: Worker[] = [];
  const connections: Redis[] = [];
  // BullMQ leaves connections it was given open; they are closed with the workers.
  const connection = () => {
    const redis = connectRedis(config.redisUrl, { blocking: true });
    connections.push(redis);
    return redis;
  };
  let sweep: NodeJS.Timeout | undefined;
  let closed = false;
  try {
    const q = config.queue;
    const common = {
      prefix: q.prefix,
      lockDuration: q.lockDurationMs,
      maxStalledCount: q.maxStalledCount,
      // A crashed worker's jobs are found within one lock duration (BullMQ's default 30 s at most).
      stalledInterval: Math.min(30_000, q.lockDurationMs),
    };
    const start = (stage: Stage, processor: (job: StageJob) => Promise<unknown>) => {
      const worker = new Worker(queueNameOf(stage), (job) => processor(job as StageJob), {
        ...common,
        connection: connection(),
        concurrency: options.concurrency ?? q.concurrency,
      });
      worker.on('error', (err) => log.error('worker.error', { stage, code: (err as { code?: string }).code ?? err.name }));
      workers.push(worker);
    };
    if (stages.includes('decide')) {
      registry = await createLiveRegistry(createMembersRepository(ctx.database.db), q.registryRefreshMs, () => log.warn('registry.refresh_failed'));
    }
    if (stages.includes('read')) {
      // Reading (PDF rendering, OCR, signatures) runs in threads; this thread only moves jobs and rows.
      readPool = createReadPool({
        size: q.readThreads,
        env: options.env,
        cwd: options.cwd,
        ocrWorkers: Math.max(1, Math.floor(config.ocr.workers / q.readThreads)),
        ...(options.metrics ? { onOcrPages: options.metrics.ocrPages } : {}),
      });
      await readPool.ready;
      // A process that also decides decides what took no OCR in the read job; a read-only one hands all on.
      start('read', createReadProcessor(ctx, readPool.read, log, registry ?? undefined));
    }
    if (registry) start('decide', createDecideProcessor(ctx, registry, log));
    if (stages.includes('route')) {
      start('route', createRouteProcessor(ctx, log));
    }
    if (stages.includes('read')) {
      const outbox = createOutboxRepository(ctx.database.db);
      let sweeping = false;
      // A sweep asked for while one runs goes next (the running one may have started before Redis came back).
      let pending: { olderThanMs: number; why: string } | null = null;
      const findStranded = async (olderThanMs: number, why: string): Promise<void> => {
        if (sweeping) {
          if (!pending || olderThanMs < pending.olderThanMs) pending = { olderThanMs, why };
          return;
        }
        sweeping = true;
        try {
          const requeued = await requeueStranded(ctx.intake, ctx.queues, { olderThanMs });
          if (requeued > 0) log.warn('queue.stranded_requeued', { items: requeued, why });
          const rerouted = await requeueUnrouted(outbox, ctx.queues, { olderThanMs });
          if (rerouted > 0) log.warn('queue.unrouted_requeued', { items: rerouted, why });
          // Reads kept by a read job that ran again after its item was decided (a crash in between).
          const cleared = await ctx.reads.clearDecided();
          if (cleared > 0) log.info('queue.stale_reads_cleared', { items: cleared });
        } catch {
          log.warn('queue.stranded_sweep_failed', { why });
        } finally {
          sweeping = false;
        }
        const next = pending as { olderThanMs: number; why: string } | null;
        pending = null;
        if (next && !closed) await findStranded(next.olderThanMs, next.why);
      };
      sweep = setInterval(() => void findStranded(2 * q.recoveryIntervalMs, 'interval'), q.recoveryIntervalMs);
      sweep.unref();
      void findStranded(2 * q.recoveryIntervalMs, 'start');
      // Redis came back (a restart may have lost every job): look at once, whatever the items' age.
      // Items still queued are skipped, and a job the client adds meanwhile has the same id.
      let connectedBefore = ctx.redis.status === 'ready';
      ctx.redis.on('ready', () => {
        if (connectedBefore) {
          log.warn('queue.redis_reconnected');
          void findStranded(0, 'redis-reconnected');
        }
        connectedBefore = true;
      });
    }
  } catch (err) {
    await Promise.all(workers.map((w) => w.close(true)));
    for (const c of connections) c.disconnect();
    await readPool?.close();
    registry?.stop();
    await ctx.close();
    throw err;
  }
  log.info('workers.started', { stages: [...stages] });

  let closing: Promise<void> | undefined;
  return {
    stages,
    close(timeoutMs = config.queue.shutdownTimeoutMs) {
      closing ??= (async () => {
        closed = true;
        clearInterval(sweep);
        registry?.stop();
        let timer: NodeJS.Timeout | undefined;
        const graceful = Promise.all(workers.map((w) => w.close())).then(() => true);
        const timedOut = new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        });
        const finished = await Promise.race([graceful, timedOut]);
        clearTimeout(timer);
        if (!finished) {
          log.warn('workers.shutdown_timeout', { ms: timeoutMs });
          await Promise.all(workers.map((w) => w.close(true).catch(() => {})));
        }
        for (const c of connections) c.disconnect();
        await readPool?.close();
        await ctx.close();
        log.info('workers.stopped', { graceful: finished });
      })();
      return closing;
    },
  };
}
