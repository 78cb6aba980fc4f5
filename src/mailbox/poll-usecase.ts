// The mailbox poller: fetch → store (intake) → file, message by message, until stopped. A message is
// filed (moved to done or failed, or copied and marked where MOVE is missing) only after intake has
// committed its item, so a crash in between leaves it in the folder, where the next pass finds it
// again and intake's dedupe (content hash, Message-ID) returns the stored item instead of a second
// one. The decisions are in mailbox-model.ts, the IMAP side in imap-mailbox.ts.
import type { MailboxAccount } from '../config/mailbox-config.js';
import type { ReaderLimits } from '../extract/readers/reader-limits.js';
import type { TriageClient } from '../queue/client.js';
import { isTriageError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { FilingClaims } from './filing-claims.js';
import { errorToken, type ListedMessage, type MailboxSession } from './imap-mailbox.js';
import {
  afterIntake,
  FILE_WITHIN_MS,
  firstLook,
  inBatches,
  isMarkedHandled,
  LIST_BATCH,
  mailboxKey,
  messageRef,
  RECONNECT_BACKOFF,
  reconnectDelay,
  sourceOf,
  verdictFor,
  type Backoff,
  type Destination,
  type IntakeOutcome,
} from './mailbox-model.js';

/** What happened to one message. */
export interface FiledMessage {
  /** The mailbox's name (from the configuration). */
  mailbox: string;
  /** UIDVALIDITY:UID in the folder read. */
  ref: string;
  /** The item's source: the message's IMAP URL. */
  source: string;
  /** Null when nothing was stored (refused by intake). */
  intakeId: string | null;
  /** The item was stored before (a re-delivery, another poller, or a crash before filing). */
  duplicate: boolean;
  destination: Destination;
  /** The code it failed (or will fail) with; null for a message filed as done. */
  code: string | null;
  /** Another poller had filed it already. */
  gone: boolean;
}

export interface PollDeps {
  account: MailboxAccount;
  limits: ReaderLimits;
  /** Intake: stores the item (deduplicated) and queues it. */
  intake: Pick<TriageClient, 'enqueueBytes'>;
  /** Claims in Redis, so of several pollers on one mailbox only one handles a message; none: this poller handles all. */
  claims?: FilingClaims;
  /** Opens a new session (after a lost connection). */
  open(): Promise<MailboxSession>;
  log: Logger;
  /** Longest wait for new mail before looking again. */
  pollIntervalMs: number;
  /** Waits between reconnect attempts (and after intake was unavailable). */
  backoff?: Backoff;
  /** Told about every message handled (the CLI prints a line). */
  onFiled?(message: FiledMessage): void;
}

export interface PassCounts {
  /** Messages handled in this pass (filed, or found gone). */
  handled: number;
  stored: number;
  duplicates: number;
  failed: number;
  /** Intake was unavailable: the pass stopped early, the rest waits for the next one. */
  intakeUnavailable: boolean;
}

/** Sleeps `ms`, or less when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A message whose item is committed (or refused for good), waiting to be filed with the rest of its batch. */
type Settled = Omit<FiledMessage, 'gone'> & { uid: number };

/**
 * One look at the folder: every message not yet filed is handled, oldest first, in batches of
 * LIST_BATCH: claimed, fetched (one message's bytes held at a time) and stored one by one, then the
 * batch is filed with one MOVE per folder. Stops between two messages when `signal` aborts; what
 * was stored by then is still filed. A connection lost in between leaves the stored messages in
 * the folder, where the next pass finds them again (their items are then found, not doubled).
 */
export async function runPass(session: MailboxSession, deps: PollDeps, signal: AbortSignal): Promise<PassCounts> {
  const counts: PassCounts = { handled: 0, stored: 0, duplicates: 0, failed: 0, intakeUnavailable: false };
  const uids = await session.unfiled();
  for (const batch of inBatches(uids, LIST_BATCH)) {
    if (signal.aborted) break;
    let settled: Settled[] = [];
    let since = Date.now();
    // Only once their items are committed (or refused for good) do the messages leave the folder.
    const fileSettled = async () => {
      for (const filed of await fileAll(session, settled, deps)) {
        counts.handled++;
        if (filed.intakeId !== null && !filed.duplicate) counts.stored++;
        if (filed.duplicate) counts.duplicates++;
        if (filed.destination === 'failed') counts.failed++;
      }
      settled = [];
      since = Date.now();
    };
    for (const message of await session.list(batch)) {
      if (signal.aborted) break;
      if (isMarkedHandled(message.flags)) continue;
      const outcome = await settle(session, message, deps);
      if (outcome === 'intake-unavailable') {
        counts.intakeUnavailable = true;
        break;
      }
      if (outcome !== null) settled.push(outcome);
      // Slow messages (large, a slow link): filed well before their claims lapse.
      if (Date.now() - since > FILE_WITHIN_MS) await fileSettled();
    }
    await fileSettled();
    if (counts.intakeUnavailable) break;
  }
  return counts;
}

/** Claim → fetch → store for one message; null when another poller has it or it was gone before it was fetched. */
async function settle(session: MailboxSession, message: ListedMessage, deps: PollDeps): Promise<Settled | 'intake-unavailable' | null> {
  const { account, log } = deps;
  const ref = messageRef(session.uidValidity, message.uid);
  const source = sourceOf(account.host, account.folder, session.uidValidity, message.uid);
  const base = { uid: message.uid, mailbox: account.name, ref, source };

  if (deps.claims) {
    let mine: boolean;
    try {
      mine = await deps.claims.claim(mailboxKey(account), session.uidValidity, message.uid);
    } catch (err) {
      // Redis is away: intake (which queues there) could not work either.
      log.warn('mailbox.intake_unavailable', { mailbox: account.name, ref, code: 'queue.redis_unreachable', error: errorToken(err) });
      return 'intake-unavailable';
    }
    if (!mine) {
      // Another poller handles it (or died doing so: then it is handled here once the claim lapses).
      log.debug('mailbox.claimed_elsewhere', { mailbox: account.name, ref });
      return null;
    }
  }

  const look = firstLook(message.size, deps.limits);
  if (look.action === 'refuse') {
    // Never downloaded: intake would refuse it and store nothing.
    log.warn('mailbox.refused', { mailbox: account.name, ref, code: look.code, size: message.size });
    return { ...base, intakeId: null, duplicate: false, destination: 'failed', code: look.code };
  }

  const bytes = await session.source(message.uid);
  if (bytes === null) return null;
  const verdict = verdictFor(bytes, deps.limits);
  let outcome: IntakeOutcome;
  try {
    const receipt = await deps.intake.enqueueBytes(bytes, 'email', { ending: 'eml', source });
    outcome = { stored: true, intakeId: receipt.intakeId, duplicate: receipt.duplicate };
  } catch (err) {
    outcome = { stored: false, error: err };
  }
  const next = afterIntake(verdict, outcome);
  if (next.action === 'retry-later') {
    const error = outcome.stored ? null : outcome.error;
    log.warn('mailbox.intake_unavailable', { mailbox: account.name, ref, code: next.code, error: isTriageError(error) ? null : errorToken(error) });
    return 'intake-unavailable';
  }
  return {
    ...base,
    intakeId: outcome.stored ? outcome.intakeId : null,
    duplicate: outcome.stored && outcome.duplicate,
    destination: next.destination,
    code: outcome.stored ? verdict.code : isTriageError(outcome.error) ? outcome.error.code : null,
  };
}

/** Files the settled messages, one command per folder, and reports each. */
async function fileAll(session: MailboxSession, settled: readonly Settled[], deps: PollDeps): Promise<FiledMessage[]> {
  const out: FiledMessage[] = [];
  for (const destination of ['done', 'failed'] as const) {
    const these = settled.filter((m) => m.destination === destination);
    if (these.length === 0) continue;
    const gone = await session.file(
      these.map((m) => m.uid),
      destination,
    );
    for (const { uid: _uid, ...m } of these) {
      const filed: FiledMessage = { ...m, gone: gone.has(_uid) };
      deps.log.debug('mailbox.filed', { mailbox: m.mailbox, ref: m.ref, intakeId: m.intakeId, duplicate: m.duplicate, folder: destination, code: m.code, gone: filed.gone });
      deps.onFiled?.(filed);
      out.push(filed);
    }
  }
  return out;
}

/**
 * Polls one mailbox until `signal` aborts: a pass over the folder, then a wait for new mail (IDLE)
 * or the poll interval. A lost connection is reopened with backoff (doubling, up to a minute); a
 * pass stopped because intake was unavailable is tried again after the same backoff. On abort the
 * message in hand is finished, then the session is closed. `first` is an open session (the CLI
 * opens it before it reports that it runs, so bad settings end the command at once).
 */
export async function pollMailbox(deps: PollDeps, first: MailboxSession, signal: AbortSignal): Promise<void> {
  const { account, log } = deps;
  const backoff = deps.backoff ?? RECONNECT_BACKOFF;
  let session: MailboxSession | null = first;
  let attempt = 0;
  let intakeAttempt = 0;
  try {
    while (!signal.aborted) {
      if (!session) {
        try {
          session = await deps.open();
          log.info('mailbox.reconnected', { mailbox: account.name, attempts: attempt });
        } catch (err) {
          const waitMs = reconnectDelay(attempt++, backoff);
          log.warn('mailbox.reconnect_failed', { mailbox: account.name, code: isTriageError(err) ? err.code : 'mailbox.unreachable', error: errorToken(err), retryInMs: waitMs });
          await sleep(waitMs, signal);
          continue;
        }
      }
      try {
        const counts = await runPass(session, deps, signal);
        attempt = 0;
        if (counts.handled > 0 || counts.intakeUnavailable) {
          log.info('mailbox.pass', { mailbox: account.name, handled: counts.handled, stored: counts.stored, duplicates: counts.duplicates, failed: counts.failed, intakeUnavailable: counts.intakeUnavailable });
        }
        if (counts.intakeUnavailable) {
          await sleep(reconnectDelay(intakeAttempt++, backoff), signal);
          continue;
        }
        intakeAttempt = 0;
        if (signal.aborted) break;
        const why = await session.waitForMail(deps.pollIntervalMs, signal);
        if (why === 'closed') throw new Error('closed');
      } catch (err) {
        const waitMs = reconnectDelay(attempt++, backoff);
        log.warn('mailbox.connection_lost', { mailbox: account.name, code: isTriageError(err) ? err.code : 'mailbox.connection_lost', retryInMs: waitMs });
        const broken: MailboxSession = session;
        session = null;
        await broken.close();
        await sleep(waitMs, signal);
      }
    }
  } finally {
    await session?.close();
  }
}
