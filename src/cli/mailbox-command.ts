// `triage mailbox`: email intake from IMAP mailboxes. Loaded only when it runs.
import type { Config } from '../config/config.js';
import type { MailboxAccount } from '../config/mailbox-config.js';
import { createFilingClaims } from '../mailbox/filing-claims.js';
import { openMailbox, type MailboxSession } from '../mailbox/imap-mailbox.js';
import { CLAIM_TTL_MS } from '../mailbox/mailbox-model.js';
import { pollMailbox, type FiledMessage } from '../mailbox/poll-usecase.js';
import { createTriageClient } from '../queue/client.js';
import { checkRedis, connectRedis } from '../queue/redis.js';
import { createLogger } from '../shared/logger.js';
import { QueueUsageError, type QueueCommandIo } from './queue-commands.js';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i;

/**
 * Polls every configured mailbox until `stop` resolves (SIGTERM, Ctrl-C), finishing the message in
 * hand, and prints one line per message handled: `<intake-id>\t<done|failed>\t<source>` plus
 * `\tduplicate` for an item stored before, or the code of a message refused or broken (`-` as id
 * when nothing was stored). Exit status 0 after a stop; set-up errors (a mailbox unreachable or its
 * login refused at start, PostgreSQL or Redis unreachable) end it with 2 through main.ts.
 */
export async function mailboxCommand(cfg: Config, io: QueueCommandIo, stop: Promise<unknown>): Promise<number> {
  const { accounts, pollIntervalMs } = cfg.mailbox;
  if (accounts.length === 0) {
    throw new QueueUsageError(
      'no mailbox configured: set TRIAGE_IMAP_HOST, TRIAGE_IMAP_USER and TRIAGE_IMAP_PASSWORD_FILE (or TRIAGE_IMAP_PASSWORD), or list several mailboxes in TRIAGE_IMAP_MAILBOXES (see "Email intake from IMAP mailboxes" in the README)',
    );
  }
  const log = createLogger(cfg.logLevel, io.stderr);
  await checkRedis(cfg.redisUrl);
  const redis = connectRedis(cfg.redisUrl, { blocking: false });
  const client = await createTriageClient({ config: cfg, actor: 'mailbox', redis }).catch((err: unknown) => {
    redis.disconnect();
    throw err;
  });
  const claims = createFilingClaims(redis, cfg.queue.prefix, CLAIM_TTL_MS);
  const controller = new AbortController();
  void stop.then(() => controller.abort());
  const sessions: MailboxSession[] = [];
  try {
    // Each mailbox is opened once before the command reports that it runs: a wrong host or password ends it at once.
    for (const account of accounts) sessions.push(await openMailbox(account, { log }));
    for (const [i, account] of accounts.entries()) {
      if (account.tls === 'off' && !LOOPBACK.test(account.host)) {
        io.stderr(`triage: warning: mailbox "${account.name}" logs in without TLS (TRIAGE_IMAP_TLS=off) to a server that is not on this machine; its password crosses the network in clear.\n`);
      }
      const s = sessions[i]!;
      log.info('mailbox.connected', { mailbox: account.name, idle: s.canIdle, filing: s.filing });
    }
    const names = accounts.map((a) => a.name).join(', ');
    io.stderr(`triage: polling ${accounts.length} mailbox(es) (${names}), at least every ${pollIntervalMs / 1000} s; stop with SIGTERM or Ctrl-C.\n`);
    const print = (f: FiledMessage) => {
      const note = f.duplicate ? '\tduplicate' : f.code ? `\t${f.code}` : '';
      io.stdout(`${f.intakeId ?? '-'}\t${f.destination}\t${f.source}${note}\n`);
    };
    const running = accounts.map((account: MailboxAccount, i) =>
      pollMailbox(
        {
          account,
          limits: cfg.limits,
          intake: client,
          claims,
          open: () => openMailbox(account, { log }),
          log,
          pollIntervalMs,
          onFiled: print,
        },
        sessions[i]!,
        controller.signal,
      ),
    );
    sessions.length = 0;
    await Promise.all(running);
    io.stderr('triage: mailbox polling stopped.\n');
    return 0;
  } finally {
    controller.abort();
    await Promise.all(sessions.map((s) => s.close()));
    await client.close();
    redis.disconnect();
  }
}
