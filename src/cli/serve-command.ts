// `triage serve`: the review interface and API, plus the intake API and queue dashboard when
// TRIAGE_API_KEYS is set. Loaded only when it runs.
import { startServer } from '../api/serve.js';
import type { Config } from '../config/config.js';
import { createLogger } from '../shared/logger.js';
import { QueueUsageError, type QueueCommandIo } from './queue-commands.js';

export async function serveCommand(
  values: { port?: string },
  cfg: Config,
  io: QueueCommandIo,
  /** Resolves when the process is asked to stop (SIGTERM, SIGINT). */
  stop: Promise<unknown>,
): Promise<number> {
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new QueueUsageError('--port must be a whole number from 0 to 65535');
  }
  const log = createLogger(cfg.logLevel, io.stderr);
  const server = await startServer({ config: cfg, log, ...(port === undefined ? {} : { port }) });
  const base = `http://${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}`;
  const where = server.database === 'pglite' ? `the embedded database in ${cfg.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  io.stderr(`triage: review interface at ${base}/ on ${where}; health at ${base}/healthz; stop with SIGTERM or Ctrl-C.\n`);
  if (server.intake) {
    io.stderr(`triage: intake API at ${base}/v1 (${cfg.api.keys.length} API key(s)).\n`);
    io.stderr(`triage: queue dashboard at ${base}/admin/queues (signed-in admins${cfg.api.adminKeys.length > 0 ? ' or TRIAGE_ADMIN_KEYS' : ''}).\n`);
  } else {
    io.stderr('triage: intake API off (set TRIAGE_API_KEYS, DATABASE_URL and REDIS_URL to turn it on).\n');
  }
  await stop;
  io.stderr('triage: stopping the server; running requests get their time to finish…\n');
  await server.close();
  io.stderr('triage: server stopped.\n');
  return 0;
}
