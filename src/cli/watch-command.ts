// `triage watch DIR [--interval MS]`: the mailroom hot folder. Loaded only when it runs.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { createIntakeRepository } from '../intake/intake-repository.js';
import { createHotFolder } from '../intake/watch-usecase.js';
import { createTriageClient, openQueueDatabase } from '../queue/client.js';
import { checkRedis } from '../queue/redis.js';
import { createLogger } from '../shared/logger.js';
import { QueueUsageError, type QueueCommandIo } from './queue-commands.js';

/**
 * Watches DIR until `stop` resolves (SIGTERM, Ctrl-C), finishing the file in hand, and prints one
 * line per file handled: `<intake-id>\t<done|duplicate|failed>\t<path>` (`-` as id for a refused
 * file, which stores nothing). Exit status 0 after a stop; set-up errors (PostgreSQL or Redis
 * unreachable at start, no such folder) end it with 2 through main.ts.
 */
export async function watchCommand(
  positionals: string[],
  values: { interval?: string },
  cfg: Config,
  io: QueueCommandIo,
  stop: Promise<unknown>,
): Promise<number> {
  if (positionals.length !== 1) throw new QueueUsageError('usage: triage watch DIR [--interval MS]');
  let intervalMs = cfg.watch.intervalMs;
  if (values.interval !== undefined) {
    intervalMs = Number(values.interval);
    if (!Number.isInteger(intervalMs) || intervalMs < 10 || intervalMs > 3_600_000) throw new QueueUsageError('--interval must be a whole number of milliseconds from 10 to 3600000');
  }
  const dir = path.resolve(io.cwd, positionals[0]!);
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new QueueUsageError(`no such folder: ${positionals[0]}`);

  await checkRedis(cfg.redisUrl);
  const log = createLogger(cfg.logLevel, io.stderr);
  const database = await openQueueDatabase(cfg);
  try {
    const client = await createTriageClient({ config: cfg, actor: 'hot-folder', database });
    const intake = createIntakeRepository(database.db);
    try {
      const folder = createHotFolder({
        dir,
        intervalMs,
        settleMs: cfg.watch.settleMs,
        limits: cfg.limits,
        client,
        sourceOf: async (intakeId) => (await intake.getIntakeInfo(intakeId))?.source ?? null,
        log,
        onFile: (r) => io.stdout(`${r.intakeId ?? '-'}\t${r.outcome}\t${r.source}\n`),
      });
      io.stderr(`triage: watching ${dir} every ${intervalMs} ms (a file is handed in once unchanged for ${cfg.watch.settleMs} ms); stop with SIGTERM or Ctrl-C.\n`);
      await folder.run(stop);
      io.stderr('triage: stopped watching.\n');
      return 0;
    } finally {
      await client.close();
    }
  } finally {
    await database.close();
  }
}
