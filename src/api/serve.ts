// `triage serve` on a port: the review interface and API, and with API keys the intake app with its
// real dependencies: PostgreSQL, Redis, one TriageClient per API key name (so the audit trail names
// who handed an item in), the stage queues for the dashboard.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import { Hono, type Context } from 'hono';
import { assertMigrated, migrateDatabase, openDatabase, type Database } from '../db/database.js';
import { createReplyRetry, createReviewApp, createReviewGuard, type SessionAccess } from '../review/review-app.js';
import { serveReviewUi } from '../review/ui/static.js';
import { createIntakeRepository } from '../intake/intake-repository.js';
import { createTriageClient, openQueueDatabase, type TriageClient } from '../queue/client.js';
import { STAGES } from '../queue/jobs.js';
import { checkRedis, connectRedis } from '../queue/redis.js';
import { createStageQueues, type StageQueues } from '../queue/stage-queues.js';
import { TriageError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { actorOf } from './api-keys.js';
import { DASHBOARD_PATH } from './dashboard.js';
import { createIntakeApp, type HealthReport } from './intake-app.js';

export interface StartServerOptions {
  config: Config;
  log: Logger;
  /** Overrides `config.api.port` (0: any free port). */
  port?: number;
}

const HEALTH_TIMEOUT_MS = 2000;

export interface IntakeService {
  /** The hono app with its real dependencies (`app.request()` works without a socket). */
  app: ReturnType<typeof createIntakeApp>;
  /** Whether the dashboard is on (an admin key is set). */
  dashboard: boolean;
  /** Closes the clients, queues, Redis connection and database it opened. */
  close(): Promise<void>;
}

/**
 * The intake app wired to PostgreSQL (migrated) and Redis (reachable, noeviction), checked before
 * it is handed out, like the workers do. Refuses without an API key.
 */
export async function openIntakeService(options: {
  config: Config;
  log: Logger;
  /** A migrated PostgreSQL database to use (it is not closed by `close()`); by default one is opened from the config. */
  database?: Database;
  /** Lets a signed-in admin (review session) read the queue dashboard. */
  dashboardSession?: (c: Context) => Promise<SessionAccess>;
}): Promise<IntakeService> {
  const { config, log } = options;
  if (config.api.keys.length === 0) {
    throw new TriageError(
      'api.no_keys',
      'The intake API needs at least one API key: set TRIAGE_API_KEYS to a comma-separated list of name:secret (the name is recorded as who handed items in; secrets of 16 or more characters, e.g. from "openssl rand -hex 32").',
    );
  }
  await checkRedis(config.redisUrl);
  const ownDatabase = options.database === undefined;
  const database = options.database ?? (await openQueueDatabase(config));
  let redis: Redis | undefined;
  let queues: StageQueues | undefined;
  const clients = new Map<string, TriageClient>();
  try {
    await assertMigrated(database);
    redis = connectRedis(config.redisUrl, { blocking: false });
    queues = createStageQueues(redis, config.queue);
    for (const key of config.api.keys) {
      const actor = actorOf(key);
      if (!clients.has(actor)) clients.set(actor, await createTriageClient({ config, actor, database, redis }));
    }
  } catch (err) {
    await closeAll(clients, queues, redis, ownDatabase ? database : null);
    throw err;
  }
  const r = redis;
  const q = queues;
  const app = createIntakeApp({
    enqueue: ({ bytes, channel, ending, actor }) => clients.get(actor)!.enqueueBytes(bytes, channel, { ending }),
    items: createIntakeRepository(database.db),
    health: () => checkHealth(database, r),
    config,
    log,
    dashboardQueues: STAGES.map((stage) => q.queue(stage)),
    ...(options.dashboardSession ? { dashboardSession: options.dashboardSession } : {}),
  });
  let closing: Promise<void> | undefined;
  return {
    app,
    dashboard: config.api.adminKeys.length > 0 || options.dashboardSession !== undefined,
    close() {
      closing ??= closeAll(clients, queues, redis, ownDatabase ? database : null);
      return closing;
    },
  };
}

function listen(fetch: (request: Request) => Response | Promise<Response>, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => {
      server.off('error', onError);
      resolve(server);
    });
    const onError = (err: NodeJS.ErrnoException) =>
      reject(new TriageError('api.listen_failed', `Cannot listen on ${hostname}:${port} (${err.code ?? 'error'}); choose a free TRIAGE_API_PORT (or --port) and an address of this machine in TRIAGE_API_HOST.`));
    server.once('error', onError);
  });
}

/** Stops accepting connections; requests still running get `graceMs`, then their connections are cut. */
async function stopServer(server: ServerType, graceMs: number): Promise<void> {
  const http = server as import('node:http').Server;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  http.closeIdleConnections?.();
  let timer: NodeJS.Timeout | undefined;
  const cut = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      http.closeAllConnections?.();
      resolve();
    }, graceMs);
  });
  await Promise.race([closed, cut]);
  clearTimeout(timer);
  await closed;
}

async function closeAll(clients: Map<string, TriageClient>, queues: StageQueues | undefined, redis: Redis | undefined, database: Database | null): Promise<void> {
  await Promise.allSettled([...clients.values()].map((c) => c.close()));
  await queues?.close().catch(() => {});
  redis?.disconnect();
  await database?.close();
}

export interface RunningServer {
  host: string;
  port: number;
  /** The intake API is served (TRIAGE_API_KEYS set). */
  intake: boolean;
  /** The queue dashboard is served (with the intake API: admin users, or TRIAGE_ADMIN_KEYS). */
  dashboard: boolean;
  /** `postgres` (DATABASE_URL) or `pglite` (the embedded database under TRIAGE_DATA_DIR). */
  database: Database['kind'];
  close(graceMs?: number): Promise<void>;
}

/**
 * `triage serve`: the case workers' review interface and API (`/`, `/api/`), on the embedded
 * database or PostgreSQL; with TRIAGE_API_KEYS also the intake API (`/v1/`) and the queue dashboard
 * (`/admin/queues`), which need the PostgreSQL and Redis the workers share.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config, log } = options;
  if (config.api.keys.length > 0 && !config.databaseUrl) {
    throw new TriageError(
      'api.needs_postgres',
      'The intake API hands items to the queue workers, which share one PostgreSQL: set DATABASE_URL (and REDIS_URL), or unset TRIAGE_API_KEYS to serve only the review interface on the embedded database.',
    );
  }
  const database = config.databaseUrl
    ? await openQueueDatabase(config)
    : await openDatabase({ databaseUrl: null, dataDir: config.dataDir, ...(config.pgSchema ? { pgSchema: config.pgSchema } : {}) });
  let intake: IntakeService | null = null;
  let server: ServerType;
  try {
    // The embedded database is the first-run default and is migrated like the CLI does; a shared
    // PostgreSQL is migrated once by "triage migrate", never by a server on its own.
    if (database.kind === 'pglite') await migrateDatabase(database);
    else await assertMigrated(database);
    const reviewDeps = { db: database.db, config, log };
    const root = new Hono();
    root.route('/', serveReviewUi({ ownHeaders: [DASHBOARD_PATH] }));
    root.route('/', createReviewApp(reviewDeps));
    if (config.api.keys.length > 0) {
      const guard = createReviewGuard(reviewDeps);
      intake = await openIntakeService({ config, log, database, dashboardSession: (c) => guard.sessionAccess(c, 'admin') });
      root.route('/', intake.app);
    } else {
      root.get('/healthz', async (c) => {
        const up = await withTimeout(assertMigrated(database), HEALTH_TIMEOUT_MS).then(
          () => true,
          () => false,
        );
        return c.json({ status: up ? 'ok' : 'unavailable', database: up }, up ? 200 : 503);
      });
    }
    server = await listen(root.fetch, config.api.host, options.port ?? config.api.port);
  } catch (err) {
    await intake?.close();
    await database.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  log.info('server.listening', { host: config.api.host, port, intake: intake !== null, database: database.kind });
  // Replies of closed items that wait after a failed delivery (a portal that was down) go out
  // again on their own; several servers may do it at once, the delivery is idempotent.
  let retrying: Promise<void> | null = null;
  const retryReplies = createReplyRetry({ db: database.db, config, log });
  const retryTimer =
    config.review.replyRetryMs > 0
      ? setInterval(() => {
          retrying ??= retryReplies()
            .then(({ tried, delivered }) => {
              if (tried > 0) log.info('reply.retried', { tried, delivered });
            })
            .catch(() => log.warn('reply.retry_failed'))
            .finally(() => void (retrying = null));
        }, config.review.replyRetryMs)
      : undefined;
  retryTimer?.unref();
  let closing: Promise<void> | undefined;
  return {
    host: config.api.host,
    port,
    intake: intake !== null,
    dashboard: intake?.dashboard ?? false,
    database: database.kind,
    close(graceMs = config.queue.shutdownTimeoutMs) {
      closing ??= (async () => {
        clearInterval(retryTimer);
        await stopServer(server, graceMs);
        await retrying;
        await intake?.close();
        await database.close();
      })();
      return closing;
    },
  };
}

/** PostgreSQL answers (and is migrated) and Redis answers PING, each within two seconds. */
async function checkHealth(database: Database, redis: Redis): Promise<HealthReport> {
  const [postgres, redisUp] = await Promise.all([
    withTimeout(assertMigrated(database), HEALTH_TIMEOUT_MS).then(
      () => true,
      () => false,
    ),
    withTimeout(redis.ping(), HEALTH_TIMEOUT_MS).then(
      (reply) => reply === 'PONG',
      () => false,
    ),
  ]);
  return { postgres, redis: redisUp };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => {});
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
