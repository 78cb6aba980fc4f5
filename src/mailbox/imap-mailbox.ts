// The IMAP side of the mailbox poller: one imapflow connection with the folder read selected.
// Every failure comes out as a TriageError with a code and a message that says how to fix it; the
// server's own texts and imapflow's messages are never passed on (they may quote the command line
// that carried the login).
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { MailboxAccount } from '../config/mailbox-config.js';
import { TriageError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { filingMode, FILING_KEYWORD, HANDLED_KEYWORD, type Destination, type FilingMode } from './mailbox-model.js';

/** A listed message: its UID, size in bytes and flags. */
export interface ListedMessage {
  uid: number;
  size: number;
  flags: Set<string>;
}

export type WaitOutcome = 'mail' | 'timeout' | 'stopped' | 'closed';

/** One connection to one mailbox, its folder selected. */
export interface MailboxSession {
  readonly uidValidity: bigint;
  /** The server announced IDLE: new mail is seen at once, else at the next poll. */
  readonly canIdle: boolean;
  readonly filing: FilingMode;
  /** UIDs of the messages in the folder not marked as handled, oldest first (numbers only: bounded however full the folder). */
  unfiled(): Promise<number[]>;
  /** UID, size and flags of these messages; a message that is gone is left out. */
  list(uids: readonly number[]): Promise<ListedMessage[]>;
  /** The message as stored on the server, or null when it is gone (another poller filed it). */
  source(uid: number): Promise<Buffer | null>;
  /**
   * Files the messages, in one command: MOVE to the folder, or (without MOVE) COPY there and mark
   * the originals with the handled keyword (an original marked as being filed is not copied again).
   * Resolves to the UIDs that were no longer in the folder
   * (another poller filed them); throws when one is still there, unfiled.
   */
  file(uids: readonly number[], to: Destination): Promise<Set<number>>;
  /** Waits for new mail (IDLE where the server has it), at most `ms`; `stopped` on abort, `closed` when the connection drops. */
  waitForMail(ms: number, signal: AbortSignal): Promise<WaitOutcome>;
  /** Logs out (or just closes a broken connection). Never throws. */
  close(): Promise<void>;
}

export interface OpenMailboxOptions {
  log: Logger;
  /** imapflow options for tests (timeouts); never the logger, which stays off. */
  imapOptions?: Partial<Pick<ImapFlowOptions, 'connectionTimeout' | 'greetingTimeout' | 'socketTimeout'>>;
}

/** A safe token of an error for logs and messages: imapflow's or the socket's code, never a text. */
export function errorToken(err: unknown): string {
  const e = err as { code?: unknown; authenticationFailed?: boolean; tlsFailed?: boolean } | null;
  if (e?.authenticationFailed) return 'AUTHENTICATIONFAILED';
  const code = typeof e?.code === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(e.code) ? e.code : null;
  return code ?? 'unknown';
}

function where(account: MailboxAccount): string {
  return `${account.host}:${account.port} (mailbox "${account.name}")`;
}

/** Why connecting failed, as a code and a message saying what to check. */
function connectError(account: MailboxAccount, err: unknown): TriageError {
  const token = errorToken(err);
  const e = err as { authenticationFailed?: boolean; tlsFailed?: boolean };
  if (e?.authenticationFailed) {
    return new TriageError(
      'mailbox.auth_failed',
      `The IMAP server ${where(account)} refused the login: check the user (TRIAGE_IMAP_USER) and the password (TRIAGE_IMAP_PASSWORD_FILE or TRIAGE_IMAP_PASSWORD).`,
      { permanent: false },
    );
  }
  if (e?.tlsFailed || /CERT|TLS|SSL|SELF_SIGNED|EPROTO/i.test(token)) {
    return new TriageError(
      'mailbox.tls_failed',
      `TLS with the IMAP server ${where(account)} failed (${token}): check TRIAGE_IMAP_TLS (on for port 993, starttls for 143) and the server's certificate (a private CA goes into NODE_EXTRA_CA_CERTS).`,
      { permanent: false },
    );
  }
  return new TriageError(
    'mailbox.unreachable',
    `Cannot reach the IMAP server ${where(account)} (${token}): check TRIAGE_IMAP_HOST, TRIAGE_IMAP_PORT and TRIAGE_IMAP_TLS, and that the server is running.`,
    { permanent: false },
  );
}

function lost(account: MailboxAccount, err: unknown): TriageError {
  if (err instanceof TriageError) return err;
  return new TriageError('mailbox.connection_lost', `The connection to the IMAP server ${where(account)} broke off (${errorToken(err)}); reconnecting.`, { permanent: false });
}

/** Connects, logs in, creates the done and failed folders where missing and selects the folder read. */
export async function openMailbox(account: MailboxAccount, options: OpenMailboxOptions): Promise<MailboxSession> {
  const { log } = options;
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.tls === 'on',
    // starttls: the upgrade is required (refused without it); off: cleartext, never upgraded.
    doSTARTTLS: account.tls === 'starttls' ? true : account.tls === 'off' ? false : undefined,
    auth: { user: account.user, pass: account.password.reveal() },
    logger: false,
    disableAutoIdle: true,
    // IDLE is restarted within this time, so a long wait never looks like a dead connection.
    maxIdleTime: 120_000,
    clientInfo: { name: 'kk-triage' },
    connectionTimeout: 30_000,
    ...options.imapOptions,
  });
  // imapflow reports a broken connection as an 'error' event too: without a listener it would end the process.
  client.on('error', (err: unknown) => log.warn('mailbox.connection_error', { mailbox: account.name, error: errorToken(err) }));
  try {
    await client.connect();
  } catch (err) {
    client.close();
    throw connectError(account, err);
  }
  try {
    await ensureFolder(client, account.doneFolder);
    await ensureFolder(client, account.failedFolder);
    let opened;
    try {
      opened = await client.mailboxOpen(account.folder);
    } catch (err) {
      if (!client.usable) throw err;
      throw new TriageError(
        'mailbox.no_folder',
        `The IMAP server ${where(account)} has no folder "${account.folder}" that this user may read: check TRIAGE_IMAP_FOLDER.`,
        { permanent: false },
      );
    }
    const permanent = opened.permanentFlags;
    const filing = filingMode({ move: client.capabilities.has('MOVE'), keywords: !permanent || permanent.has('\\*') });
    return createSession(client, account, opened.uidValidity, filing, log);
  } catch (err) {
    await client.logout().catch(() => client.close());
    throw err instanceof TriageError ? err : lost(account, err);
  }
}

/** Creates the folder unless it exists; another poller creating it at the same moment is fine. */
async function ensureFolder(client: ImapFlow, folder: string): Promise<void> {
  const exists = async () => (await client.list()).some((f) => f.path === folder || (f.path.toUpperCase() === 'INBOX' && folder.toUpperCase() === 'INBOX'));
  if (await exists()) return;
  try {
    await client.mailboxCreate(folder);
  } catch (err) {
    if (!client.usable) throw err;
    // Another poller may have created it at the same moment.
    if (await exists()) return;
    throw new TriageError(
      'mailbox.cannot_create_folder',
      `The IMAP server refused to create the folder "${folder}": create it by hand or choose another (TRIAGE_IMAP_DONE_FOLDER, TRIAGE_IMAP_FAILED_FOLDER).`,
      { permanent: false },
    );
  }
}

function createSession(client: ImapFlow, account: MailboxAccount, uidValidity: bigint, filing: FilingMode, log: Logger): MailboxSession {
  const canIdle = client.capabilities.has('IDLE');
  const folderOf = (d: Destination) => (d === 'done' ? account.doneFolder : account.failedFolder);
  // Set by the server's EXISTS (new mail) at any time; cleared when a pass lists the folder.
  let newMail = false;
  client.on('exists', () => void (newMail = true));

  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      throw lost(account, err);
    }
  };

  /** Which of these messages are still in the folder, after taking in what other sessions did (NOOP). */
  const stillThere = async (uids: readonly number[]): Promise<Set<number>> => {
    await client.noop();
    const found = await client.search({ uid: uids.join(',') }, { uid: true });
    return new Set(Array.isArray(found) ? found : uids);
  };

  /** The UIDs a command did not take: gone (filed elsewhere), or an error when one is still there. */
  const goneOrFail = async (missed: readonly number[], to: Destination): Promise<Set<number>> => {
    if (missed.length === 0) return new Set();
    const there = await stillThere(missed);
    if (there.size > 0) {
      throw new TriageError('mailbox.file_failed', `The IMAP server ${where(account)} did not take ${there.size} message(s) into the ${to} folder "${folderOf(to)}"; they stay in the folder read and are tried again.`, {
        permanent: false,
      });
    }
    return new Set(missed);
  };

  return {
    uidValidity,
    canIdle,
    filing,

    unfiled: () =>
      guard(async () => {
        newMail = false;
        // Marked originals (copied where MOVE was missing) are handled already, whatever the server offers now.
        const uids = await client.search({ not: { or: [{ keyword: HANDLED_KEYWORD.done }, { keyword: HANDLED_KEYWORD.failed }] } }, { uid: true });
        if (!Array.isArray(uids)) throw new TriageError('mailbox.search_failed', `The IMAP server ${where(account)} refused to list the folder; reconnecting.`, { permanent: false });
        return [...uids].sort((a, b) => a - b);
      }),

    list: (uids) =>
      guard(async () => {
        if (uids.length === 0) return [];
        const out: ListedMessage[] = [];
        // No other command may run while a FETCH is read: collect (a batch of numbers and flags), then act.
        for await (const m of client.fetch(uids.join(','), { uid: true, size: true, flags: true }, { uid: true })) {
          out.push({ uid: m.uid, size: m.size ?? 0, flags: m.flags ?? new Set() });
        }
        return out.sort((a, b) => a.uid - b.uid);
      }),

    source: (uid) =>
      guard(async () => {
        // BODY.PEEK[]: fetching does not set \Seen.
        const m = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        if (!m || m.uid !== uid) return null;
        return m.source ?? Buffer.alloc(0);
      }),

    file: (uids, to) =>
      guard(async () => {
        if (uids.length === 0) return new Set<number>();
        const folder = folderOf(to);
        const range = uids.join(',');
        if (filing === 'move') {
          const moved = await client.messageMove(range, folder, { uid: true });
          // COPYUID (UIDPLUS) names what was moved; without it, or after a NO, look at what is left.
          const taken = moved && moved.uidMap ? moved.uidMap : new Map<number, number>();
          return goneOrFail(
            uids.filter((u) => !taken.has(u)),
            to,
          );
        }
        // COPY and the keyword are two commands. The filing mark, set before the COPY, tells a poller
        // started after a crash between them that a copy may exist already: such a message is only
        // marked, so the done folder never holds it twice (the original stays, marked, either way).
        const found = await client.search({ uid: range, keyword: FILING_KEYWORD }, { uid: true });
        const copiedBefore = new Set(Array.isArray(found) ? found : []);
        const fresh = uids.filter((u) => !copiedBefore.has(u));
        let taken: number[] = [];
        if (fresh.length > 0) {
          await client.messageFlagsAdd(fresh.join(','), [FILING_KEYWORD], { uid: true });
          const copied = await client.messageCopy(fresh.join(','), folder, { uid: true });
          taken = copied ? (copied.uidMap ? [...copied.uidMap.keys()] : [...fresh]) : [];
          const refused = fresh.filter((u) => !taken.includes(u));
          // A refused COPY made no copy: unmark, so the next try copies again.
          if (refused.length > 0) await client.messageFlagsRemove(refused.join(','), [FILING_KEYWORD], { uid: true });
        }
        const handled = [...taken, ...uids.filter((u) => copiedBefore.has(u))];
        if (handled.length > 0) await client.messageFlagsAdd(handled.join(','), [HANDLED_KEYWORD[to]], { uid: true });
        return goneOrFail(
          uids.filter((u) => !handled.includes(u)),
          to,
        );
      }),

    waitForMail(ms, signal) {
      if (signal.aborted) return Promise.resolve('stopped');
      if (!client.usable) return Promise.resolve('closed');
      if (newMail) return Promise.resolve('mail');
      return new Promise<WaitOutcome>((resolve) => {
        const finish = (why: WaitOutcome) => {
          clearTimeout(timer);
          client.off('exists', onExists);
          client.off('close', onClose);
          signal.removeEventListener('abort', onAbort);
          resolve(why);
        };
        const onExists = () => finish('mail');
        const onClose = () => finish('closed');
        const onAbort = () => finish('stopped');
        const timer = setTimeout(() => finish('timeout'), ms);
        client.on('exists', onExists);
        client.on('close', onClose);
        signal.addEventListener('abort', onAbort, { once: true });
        // The next command ends IDLE by itself (imapflow sends DONE first).
        if (canIdle) client.idle().catch((err: unknown) => log.debug('mailbox.idle_ended', { mailbox: account.name, error: errorToken(err) }));
      });
    },

    async close() {
      if (!client.usable) {
        client.close();
        return;
      }
      await client.logout().catch(() => client.close());
    },
  };
}
