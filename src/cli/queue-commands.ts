// The queue's commands: worker, enqueue, results, failed, retry. Loaded only when one of them runs,
// so the plain "triage PATH" command never pays for BullMQ.
import path from 'node:path';
import type { Config } from '../config/config.js';
import { assertMigrated, openDatabase } from '../db/database.js';
import { createIntakeRepository } from '../intake/intake-repository.js';
import { createTriageClient } from '../queue/client.js';
import { listDeadLetters, requeueStranded, requeueUnrouted, retryDeadLetters } from '../queue/dead-letters.js';
import { createOutboxRepository } from '../outbox/outbox-repository.js';
import { STAGES, type Stage } from '../queue/jobs.js';
import { checkRedis, connectRedis } from '../queue/redis.js';
import { createStageQueues } from '../queue/stage-queues.js';
import { describeError } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { startMetricsServer, type MetricsServer } from '../observability/metrics-server.js';
import { startWorkers } from '../../workers/start-workers.js';
import { tableHeader, tableRow } from './table-format.js';
import { walkInputs } from './walk-inputs.js';

export interface QueueCommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTty: boolean;
  cwd: string;
}

/** Thrown for bad usage; main.ts prints it with the usage hint and exits with 2. */
export class QueueUsageError extends Error {}

export async function workerCommand(
  values: { queues?: string; concurrency?: string },
  cfg: Config,
  env: Record<string, string | undefined>,
  io: QueueCommandIo,
  /** Resolves when the process is asked to stop (SIGTERM, SIGINT). */
  stop: Promise<unknown>,
): Promise<number> {
  const stages = values.queues ? values.queues.split(',').map((s) => s.trim()) : [...STAGES];
  const unknown = stages.filter((s) => !(STAGES as readonly string[]).includes(s));
  if (unknown.length > 0 || stages.length === 0) throw new QueueUsageError(`--queues takes a comma-separated list of ${STAGES.join(', ')}; not ${unknown.join(', ') || 'empty'}`);
  let concurrency: number | undefined;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) throw new QueueUsageError('--concurrency must be a whole number from 1 to 1000');
  }
  const log = createLogger(cfg.logLevel, io.stderr);
  const metrics = cfg.metrics.port === null ? undefined : createMetrics();
  const workers = await startWorkers({ config: cfg, env, cwd: io.cwd, log, stages: stages as Stage[], ...(concurrency ? { concurrency } : {}), ...(metrics ? { metrics } : {}) });
  let metricsServer: MetricsServer | undefined;
  try {
    if (metrics) metricsServer = await startMetricsServer(metrics, { host: cfg.metrics.host, port: cfg.metrics.port! });
  } catch (err) {
    await workers.close();
    throw err;
  }
  io.stderr(`triage: workers running for ${workers.stages.join(', ')} (queue prefix "${cfg.queue.prefix}"); stop with SIGTERM or Ctrl-C.\n`);
  if (metricsServer) io.stderr(`triage: metrics at http://${cfg.metrics.host}:${metricsServer.port}/metrics\n`);
  await stop;
  io.stderr('triage: stopping workers; running jobs get their time to finish…\n');
  await workers.close();
  await metricsServer?.close();
  io.stderr('triage: workers stopped.\n');
  return 0;
}

export async function enqueueCommand(paths: string[], cfg: Config, io: QueueCommandIo): Promise<number> {
  if (paths.length === 0) throw new QueueUsageError('give at least one file or folder to enqueue');
  let files: string[];
  try {
    files = await walkInputs(paths.map((p) => path.resolve(io.cwd, p)));
  } catch (err) {
    throw new QueueUsageError(describeError(err).message);
  }
  await checkRedis(cfg.redisUrl);
  const client = await createTriageClient({ config: cfg, actor: 'cli' });
  let failed = 0;
  try {
    for (const file of files) {
      const shown = path.relative(io.cwd, file) || file;
      const source = shown.startsWith('..') ? file : shown;
      try {
        const receipt = await client.enqueueFile(file, source);
        const note = receipt.duplicate ? (receipt.queued ? '\tduplicate (queued again: no result yet)' : '\tduplicate (already decided)') : '';
        io.stdout(`${receipt.intakeId}\t${source}${note}\n`);
      } catch (err) {
        failed++;
        const e = describeError(err);
        io.stderr(`triage: ${source}: ${e.message} [${e.code}]\n`);
      }
    }
  } finally {
    await client.close();
  }
  return failed > 0 ? 1 : 0;
}

export async function resultsCommand(values: { since?: string; format?: string }, cfg: Config, io: QueueCommandIo): Promise<number> {
  const format = values.format ?? (io.stdoutIsTty ? 'table' : 'jsonl');
  if (format !== 'table' && format !== 'jsonl') throw new QueueUsageError(`--format must be table or jsonl, not ${format}`);
  let since: Date | undefined;
  if (values.since !== undefined) {
    since = new Date(values.since);
    if (!/^\d{4}-\d{2}-\d{2}/.test(values.since) || Number.isNaN(since.getTime())) throw new QueueUsageError(`--since takes an ISO date or time (2026-03-01 or 2026-03-01T08:00:00Z), not ${values.since}`);
  }
  const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, ...(cfg.pgSchema ? { pgSchema: cfg.pgSchema } : {}) });
  try {
    await assertMigrated(database);
    const latest = await createIntakeRepository(database.db).latestResults(since ? { since } : {});
    // Oldest first: an export with --since can be appended to the previous one.
    latest.reverse();
    if (format === 'table') io.stdout(tableHeader());
    for (const { record } of latest) io.stdout(format === 'jsonl' ? `${JSON.stringify(record.result)}\n` : tableRow(record.result));
    return 0;
  } finally {
    await database.close();
  }
}

export async function failedCommand(values: { format?: string }, cfg: Config, io: QueueCommandIo): Promise<number> {
  const format = values.format ?? (io.stdoutIsTty ? 'table' : 'jsonl');
  if (format !== 'table' && format !== 'jsonl') throw new QueueUsageError(`--format must be table or jsonl, not ${format}`);
  await checkRedis(cfg.redisUrl);
  const redis = connectRedis(cfg.redisUrl, { blocking: false });
  const queues = createStageQueues(redis, cfg.queue);
  try {
    const letters = await listDeadLetters(queues);
    if (format === 'jsonl') {
      for (const l of letters) io.stdout(`${JSON.stringify(l)}\n`);
    } else {
      io.stdout(`${'intake id'.padEnd(36)}  ${'stage'.padEnd(6)}  ${'run'.padStart(3)}  ${'failed at'.padEnd(24)}  code\n`);
      for (const l of letters) io.stdout(`${l.intakeId.padEnd(36)}  ${l.stage.padEnd(6)}  ${String(l.run).padStart(3)}  ${(l.failedAt ?? '').padEnd(24)}  ${l.code}\n`);
      io.stdout(`${letters.length} dead letter(s); requeue with "triage retry ID" or "triage retry --all".\n`);
    }
    return 0;
  } finally {
    await queues.close();
    redis.disconnect();
  }
}

export async function retryCommand(values: { all?: boolean }, positionals: string[], cfg: Config, io: QueueCommandIo): Promise<number> {
  if (values.all ? positionals.length > 0 : positionals.length !== 1) throw new QueueUsageError('usage: triage retry INTAKE-ID | triage retry --all');
  await checkRedis(cfg.redisUrl);
  const redis = connectRedis(cfg.redisUrl, { blocking: false });
  const queues = createStageQueues(redis, cfg.queue);
  try {
    const n = await retryDeadLetters(queues, values.all ? 'all' : { intakeId: positionals[0]! });
    io.stderr(`triage: requeued ${n} dead letter(s).\n`);
    if (values.all && cfg.databaseUrl) {
      // Items stored but never queued (a crash in between, or a Redis that lost its data).
      const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, ...(cfg.pgSchema ? { pgSchema: cfg.pgSchema } : {}) });
      try {
        await assertMigrated(database);
        const stranded = await requeueStranded(createIntakeRepository(database.db), queues, { olderThanMs: 60_000 });
        if (stranded > 0) io.stderr(`triage: queued ${stranded} stored item(s) that had neither a result nor a job.\n`);
        const unrouted = await requeueUnrouted(createOutboxRepository(database.db), queues, { olderThanMs: 60_000 });
        if (unrouted > 0) io.stderr(`triage: queued the reply of ${unrouted} decided item(s) whose route job was lost.\n`);
      } finally {
        await database.close();
      }
    }
    if (n === 0 && !values.all) {
      io.stderr(`triage: no dead letter with intake id ${positionals[0]}; see "triage failed".\n`);
      return 1;
    }
    return 0;
  } finally {
    await queues.close();
    redis.disconnect();
  }
}
