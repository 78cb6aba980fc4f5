import path from 'node:path';
import type { Config, InsurerIdentity } from '../config/config.js';
import type { Db } from '../db/database.js';
import type { StageOutcome } from '../pipeline/stage-outcome.js';
import { TriageError, isTriageError } from '../shared/errors.js';
import { buildAcknowledgement, senderAddressOf } from './ack-email.js';
import { createOutboxRepository, type OutboxRepository, type ReplySummary, type RouteItem, type StoredReply } from './outbox-repository.js';
import { renderReplyPdf } from './post-pdf.js';
import { createReplyAdapters, writeFileAtomically, type ReplyAdapters } from './reply-adapters.js';
import { buildReplyLetter, type ReplyLetter, type SecureReplyChannel } from './reply-letter.js';

export interface RouteUsecaseDeps {
  outbox: OutboxRepository;
  adapters: ReplyAdapters;
  insurer: InsurerIdentity;
  /** The data-free acknowledgement email: its sender address, and the folder its message is dropped in; null: off. */
  ack: { from: string; dir: string | null } | null;
  actor: string;
  now?: () => Date;
}

/** The route stage's dependencies from the configuration: adapters for post and portal, acknowledgement on or off. */
export function createRouteDeps(db: Db, config: Pick<Config, 'insurer' | 'outbox'>, actor: string): RouteUsecaseDeps {
  const { outbox } = config;
  return {
    outbox: createOutboxRepository(db),
    adapters: createReplyAdapters(outbox),
    insurer: config.insurer,
    ack: outbox.ackEmail ? { from: outbox.ackEmail.from, dir: outbox.dir } : null,
    actor,
  };
}

/**
 * The route stage: hands a decided reply to its secure channel, post (PDF for the print service)
 * or portal; never email. The reply is stored first (one per result, with its PDF and audit event
 * `reply.queued`), then delivered through the channel's adapter and marked `delivered`
 * (`reply.delivered`), or left `pending` in outbox_replies when the channel is not configured
 * (`reply.pending`). A route job that runs again reuses the stored reply and does not deliver a
 * delivered one twice; the portal gets the reply id as Idempotency-Key for the case in between.
 * A transient delivery error is retried (the reply stays pending), a permanent one or the last
 * attempt marks it `failed` (`reply.failed`) and the job becomes a dead letter with the code.
 * An item gets one reply (outbox_replies is unique per item): when it already has one, made for
 * another of its results (a case worker closed it first), nothing more is made or delivered.
 * Audit events carry ids, channels and codes only.
 */
export async function runRouteStage(
  deps: RouteUsecaseDeps,
  ref: { intakeId: string; resultKey: string; resultId: string },
  attempt: { final: boolean } = { final: false },
): Promise<StageOutcome> {
  const found = await deps.outbox.findRouteItem({ resultKey: ref.resultKey, resultId: ref.resultId });
  if (found === null) {
    throw new TriageError('queue.result_missing', `Result ${ref.resultId} of item ${ref.intakeId} is not stored; requeue the item with "triage retry ${ref.intakeId}".`);
  }
  const { item } = found;
  const channel = item.result.reply.channel;
  // Only secure channels get a reply; anything else is for a case worker.
  if (item.result.status !== 'processed' || (channel !== 'post' && channel !== 'portal')) return { kind: 'routed', channel: item.channel };

  await sendReply(deps, item, channel, attempt.final, found.reply);
  return { kind: 'routed', channel: item.channel };
}

/**
 * Makes the item's one reply for this result (unless the item has one already, for any result),
 * sends the acknowledgement, and hands a reply made for this result to its channel unless it was
 * delivered. Delivery errors are recorded on the reply and thrown. Returns the item's reply.
 * `stored`: the item's reply as just read with the item (null: none yet); left out, it is looked up.
 */
async function sendReply(deps: RouteUsecaseDeps, item: RouteItem, channel: SecureReplyChannel, final: boolean, stored?: StoredReply | null): Promise<StoredReply> {
  const now = deps.now?.() ?? new Date();
  const letter = buildReplyLetter({ result: item.result, intakeId: item.intakeId, receivedAt: item.receivedAt, now, insurer: deps.insurer });
  let reply = stored !== undefined ? stored : await deps.outbox.findItemReply(item.intakeId);
  if (reply === null) {
    const document = await renderReplyPdf(letter, { now });
    reply = await deps.outbox.createReply({ item, channel, document, actor: deps.actor });
  }
  // Made for another result of the item: that one is the item's reply, never a second.
  if (reply.resultId !== item.resultId) return reply;

  if (deps.ack && item.channel === 'email') await acknowledge(deps, deps.ack, item, now);

  if (reply.status !== 'delivered') await deliver(deps, reply, item, letter, final);
  return reply;
}

/**
 * The reply of an item a case worker closed, by the route it has now (`route`: the case worker's
 * choice, else the rules'; checked by the caller). It runs in the review server's process, on
 * PGlite as on PostgreSQL, through the same repository, letter, PDF and adapters as the route
 * stage, so the one-reply-per-item key decides between them: an item answered at first decision,
 * or closed before, keeps its reply and gets no second one. A reply made here for this result and
 * not yet delivered (a retry) is handed to its channel again (same reply id: the same file name,
 * the portal's Idempotency-Key). A delivery error does not undo the close: it is recorded on the
 * reply (`pending` with its code when a retry may mend it, else `failed`) and shown.
 */
export async function replyToClosedItem(deps: RouteUsecaseDeps, item: RouteItem, route: { channel: SecureReplyChannel; address: RouteItem['result']['reply']['address'] }): Promise<ReplySummary> {
  const routed: RouteItem = { ...item, result: { ...item.result, reply: { channel: route.channel, address: route.address } } };
  try {
    await sendReply(deps, routed, route.channel, false);
  } catch (err) {
    // A delivery error is recorded on the reply by deliver(); the caller shows the reply's state.
    if (!isTriageError(err)) throw err;
  }
  const reply = await deps.outbox.replySummaryOf(item.intakeId);
  if (reply === null) throw new TriageError('outbox.no_postal_address', `The reply of item ${item.intakeId} could not be made: its post route has no complete postal address.`);
  return reply;
}

async function deliver(deps: RouteUsecaseDeps, reply: StoredReply, item: RouteItem, letter: ReplyLetter, final: boolean): Promise<void> {
  const adapter = deps.adapters[reply.channel];
  // The stored letter is the one delivered (rendered on the first run); the text goes with it.
  const outgoing = { id: reply.id, intakeId: item.intakeId, channel: reply.channel, letter, document: reply.document, memberNumber: memberNumberOf(item) };
  let receipt;
  try {
    receipt = await adapter.deliver(outgoing);
  } catch (err) {
    const code = isTriageError(err) ? err.code : 'outbox.delivery_error';
    const permanent = isTriageError(err) && err.permanent;
    await deps.outbox.markAttemptFailed(reply, { code, final: final || permanent, actor: deps.actor });
    throw err;
  }
  if (receipt.status === 'delivered') await deps.outbox.markDelivered(reply, deps.actor);
  else await deps.outbox.markPending(reply, receipt.via, deps.actor);
}

/** The matched member's insurance number (the portal's inbox key); null for anyone else. */
function memberNumberOf(item: RouteItem): string | null {
  return item.result.member.status === 'matched' ? item.result.member.insuranceNumber : null;
}

/**
 * The data-free acknowledgement, once per result, to the sender's bare address: stored in
 * outbox_acks and, with TRIAGE_OUTBOX_DIR, dropped as `ack/<id>.eml` for the mail relay. Items
 * without a plain sender address (or whose raw bytes were withheld) get none.
 */
async function acknowledge(deps: RouteUsecaseDeps, ack: { from: string; dir: string | null }, item: RouteItem, now: Date): Promise<void> {
  let stored = await deps.outbox.findAck(item.resultId);
  if (stored === null) {
    const raw = await deps.outbox.rawOf(item.intakeId);
    const to = raw ? senderAddressOf(raw) : null;
    if (to === null) return;
    const message = buildAcknowledgement({ from: ack.from, to, now }).raw;
    stored = await deps.outbox.createAck({ item, message, actor: deps.actor });
  }
  if (ack.dir === null || stored.sentAt !== null) return;
  const dir = path.join(ack.dir, 'ack');
  try {
    await writeFileAtomically(dir, `${stored.id}.eml`, stored.message);
  } catch (err) {
    throw new TriageError('outbox.folder_unwritable', `Cannot write the acknowledgement into ${dir} (${(err as { code?: string }).code ?? 'unknown'}). Check that TRIAGE_OUTBOX_DIR is writable; retried.`, { permanent: false });
  }
  await deps.outbox.markAckSent(stored.id);
}
