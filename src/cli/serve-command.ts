// `triage serve`: the HTTP intake API and the queue dashboard. Loaded only when it runs.
import { startIntakeServer } from '../api/serve.js';
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
  if (cfg.api.keys.length === 0) {
    throw new QueueUsageError('triage serve needs at least one API key: set TRIAGE_API_KEYS to a comma-separated list of name:secret (secrets of 16 or more characters, e.g. from "openssl rand -hex 32")');
  }
  const log = createLogger(cfg.logLevel, io.stderr);
  const server = await startIntakeServer({ config: cfg, log, ...(port === undefined ? {} : { port }) });
  const base = `http://${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}`;
  io.stderr(`triage: intake API at ${base}/v1 (${cfg.api.keys.length} API key(s)); health at ${base}/healthz; stop with SIGTERM or Ctrl-C.\n`);
  io.stderr(server.dashboard ? `triage: queue dashboard at ${base}/admin/queues (TRIAGE_ADMIN_KEYS).\n` : 'triage: queue dashboard off (set TRIAGE_ADMIN_KEYS to turn it on).\n');
  await stop;
  io.stderr('triage: stopping the intake API; running requests get their time to finish…\n');
  await server.close();
  io.stderr('triage: intake API stopped.\n');
  return 0;
}
