import type { Channel, Flag, MemberStatus, TriageResult } from '../contract/triage-result.js';
import type { Evidence, ExtractedFields, MessageFacts } from '../extract/extracted-fields.js';
import type { ReaderLimits } from '../extract/readers/reader-limits.js';
import type { Member } from '../members/member.js';
import type { RouteItem } from '../outbox/outbox-repository.js';
import { decideStage } from '../pipeline/stages.js';
import type { TriageRecord } from '../pipeline/triage-record.js';
import { isTriageError, TriageError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { explainFlags, type ExplainedFlag } from './flag-texts.js';
import { letterPageGeometry, pageTurns, renderLetterPage, type RenderedPage } from './letter-pages.js';
import { evidenceOfAttachment, scannedAttachments, type ScannedAttachment } from './attachment-pages.js';
import { attachmentPagesView, contactFormView, emailView, letterView, type AttachmentPagesView, type OriginalView } from './original-view.js';
import type { AuditFilter, Basket, BasketFilter, ReviewChange, ReviewRepository, StoredItem } from './review-repository.js';
import {
  applyCorrection,
  applySignature,
  closingReplyRoute,
  currentValue,
  decisionChange,
  outgoingReply,
  replyRoute,
  replyRouteProblem,
  storedRead,
  type ClosingRoute,
  type Correction,
  type Decisions,
  type OutgoingReply,
  type ReplyRecord,
  type ReplyRoute,
} from './review-model.js';
import type { UsersRepository } from './users-repository.js';

/** The reply outbox as the review sees it: an item's one reply, and making it when the item is closed. */
export interface ReviewReplies {
  /** The item's reply, made at first decision or on closing; null when it has none. */
  find(intakeId: string): Promise<ReplyRecord | null>;
  /**
   * Makes the closed item's reply by this route unless the item has one, and hands a reply made on
   * closing to its channel unless it was delivered; a delivery error is recorded on the reply.
   */
  send(item: RouteItem, route: { channel: 'post' | 'portal'; address: TriageResult['reply']['address'] }, actor: string): Promise<unknown>;
  /** Items whose reply waits after a failed delivery, oldest first. */
  waiting(limit: number): Promise<string[]>;
}

export interface ReviewDeps {
  review: ReviewRepository;
  users: Pick<UsersRepository, 'find'>;
  replies: ReviewReplies;
  config: { reviewConfidence: number; limits: ReaderLimits };
  log: Logger;
}

/** Who acts: from the session. */
export interface Actor {
  username: string;
}

export interface ItemView {
  intakeId: string;
  channel: Channel | null;
  source: string;
  receivedAt: string;
  assignee: string | null;
  closed: boolean;
  closedAt: string | null;
  closedBy: string | null;
  resultId: string;
  decidedAt: string;
  /** The contract's result of the newest result row. */
  result: TriageResult;
  /** Fields with confidence and evidence (snippets already without authentication codes); null for a failed item. */
  fields: ExtractedFields | null;
  facts: MessageFacts | null;
  /** The rules' German reasons. */
  reasons: string[];
  /** The texts that were read, without authentication codes. */
  texts: TriageRecord['texts'];
  flags: ExplainedFlag[];
  member: {
    status: MemberStatus;
    insuranceNumber: string | null;
    /** The registry entry the rules found (matched or mismatch), to compare with what was written. */
    registered: { name: string; street: string; postalCode: string; city: string; portalAccount: boolean } | null;
  };
  reply: ReplyRoute;
  /** The reply itself: made (channel, delivery state) or none and why. */
  outgoingReply: OutgoingReply;
  review: {
    memberMatch: 'confirmed' | 'rejected' | null;
    signature: 'present' | 'absent' | null;
    powerOfAttorneyChecked: boolean;
    replyChannel: 'post' | 'portal' | null;
  };
  original: OriginalView;
}

const refuse = (code: string, message: string) => new TriageError(code, message);

function notFound(): TriageError {
  return refuse('review.not_found', 'No item has this id.');
}

/** The item with a result, or the error why it cannot be reviewed. */
async function decidedItem(deps: ReviewDeps, intakeId: string, withRaw: boolean): Promise<StoredItem & { latest: NonNullable<StoredItem['latest']> }> {
  const item = await deps.review.item(intakeId, { withRaw });
  if (!item) throw notFound();
  if (!item.latest) throw refuse('review.undecided', 'The item is still being triaged; it has no result yet.');
  return item as StoredItem & { latest: NonNullable<StoredItem['latest']> };
}

async function registeredMemberOf(deps: ReviewDeps, result: TriageResult): Promise<Member | null> {
  const number = result.member.insuranceNumber;
  return number ? deps.review.registeredMember(number) : null;
}

async function originalOf(deps: ReviewDeps, item: StoredItem & { latest: NonNullable<StoredItem['latest']> }): Promise<OriginalView> {
  const { record } = item.latest;
  if (item.rawWithheldReason !== null || item.raw === null) {
    return item.rawWithheldReason !== null
      ? { kind: 'withheld', channel: item.channel, texts: record.texts }
      : { kind: 'unavailable', reason: 'review.original_missing' };
  }
  try {
    switch (item.channel) {
      case 'email': {
        const view = await emailView(item.raw);
        return view.kind === 'email' ? { ...view, attachmentPages: await attachmentPagesOf(deps, item.intakeId, item.raw, item.channel, record) } : view;
      }
      case 'contact-form': {
        const view = contactFormView(item.raw);
        return view.kind === 'contact-form' ? { ...view, attachmentPages: await attachmentPagesOf(deps, item.intakeId, item.raw, item.channel, record) } : view;
      }
      case 'letter': {
        const pages = await letterPageGeometry(item.raw, deps.config.limits, pageTurns(record.fields));
        return letterView(item.intakeId, pages, record.fields);
      }
      default:
        return { kind: 'unavailable', reason: 'review.unknown_kind' };
    }
  } catch (err) {
    deps.log.warn('review.original_unreadable', { channel: item.channel, error: err instanceof TriageError ? err.code : 'internal.unexpected' });
    return { kind: 'unavailable', reason: err instanceof TriageError ? err.code : 'review.original_unreadable' };
  }
}

/** The scanned attachments' pages with their boxes; one that cannot be opened says why and shows none. */
async function attachmentPagesOf(deps: ReviewDeps, intakeId: string, raw: Buffer, channel: Channel, record: TriageRecord): Promise<AttachmentPagesView[]> {
  const files = await scannedAttachments(raw, channel, deps.config.limits);
  const views: AttachmentPagesView[] = [];
  for (const file of files) {
    const belongs = (e: Evidence) => evidenceOfAttachment(e, file, files);
    try {
      const pages = await letterPageGeometry(file.content, deps.config.limits, pageTurns(record.fields, belongs));
      views.push(attachmentPagesView(intakeId, file, pages, record.fields, belongs));
    } catch (err) {
      views.push({ ...attachmentPagesView(intakeId, file, [], record.fields, belongs), unavailable: err instanceof TriageError ? err.code : 'review.page_unavailable' });
    }
  }
  return views;
}

async function buildView(deps: ReviewDeps, item: StoredItem & { latest: NonNullable<StoredItem['latest']> }): Promise<ItemView> {
  const { record } = item.latest;
  const { result } = record;
  const member = await registeredMemberOf(deps, result);
  return {
    intakeId: item.intakeId,
    channel: item.channel,
    source: item.source,
    receivedAt: item.receivedAt.toISOString(),
    assignee: item.review.assignee,
    closed: item.review.closedAt !== null,
    closedAt: item.review.closedAt?.toISOString() ?? null,
    closedBy: item.review.closedBy,
    resultId: item.latest.resultId,
    decidedAt: item.latest.createdAt.toISOString(),
    result,
    fields: record.fields,
    facts: record.facts,
    reasons: record.reasons,
    texts: record.texts,
    flags: explainFlags(result.flags),
    member: {
      status: result.member.status,
      insuranceNumber: result.member.insuranceNumber,
      registered: member
        ? { name: `${member.firstName} ${member.lastName}`, street: member.street, postalCode: member.postalCode, city: member.city, portalAccount: member.portalAccount }
        : null,
    },
    reply: replyRoute(result, item.review.replyChannel, member),
    outgoingReply: outgoingReply(await deps.replies.find(item.intakeId), item.review.closedAt !== null, closingReplyRoute(result, item.review.replyChannel, member)),
    review: {
      memberMatch: item.review.memberMatch,
      signature: item.review.signature,
      powerOfAttorneyChecked: item.review.powerOfAttorneyChecked,
      replyChannel: item.review.replyChannel,
    },
    original: await originalOf(deps, item),
  };
}

/** The work basket: open items that need review or are held, oldest first, with counts per flag. */
export function workBasket(deps: ReviewDeps, filter: BasketFilter): Promise<Basket> {
  return deps.review.basket(filter);
}

/** Everything a case worker needs to decide an item; the view is written to the audit trail. */
export async function viewItem(deps: ReviewDeps, actor: Actor, intakeId: string): Promise<ItemView> {
  const item = await decidedItem(deps, intakeId, true);
  const view = await buildView(deps, item);
  await deps.review.recordEvent({ actor: actor.username, action: 'review.viewed', intakeId: item.intakeId, details: { resultId: item.latest.resultId } });
  return view;
}

/** Page `n` of a scanned letter as PNG; the view is written to the audit trail. */
export async function viewPage(deps: ReviewDeps, actor: Actor, intakeId: string, n: number): Promise<RenderedPage> {
  const item = await decidedItem(deps, intakeId, true);
  if (item.channel !== 'letter') throw refuse('review.page_not_found', 'Only scanned letters have page images.');
  if (item.raw === null) throw refuse('review.original_withheld', 'The original of this item was not kept (it disclosed an authentication code); only its redacted text is shown.');
  const page = await renderLetterPage(item.raw, n, deps.config.limits, pageTurns(item.latest.record.fields).get(n));
  if (!page) throw refuse('review.page_not_found', `The letter has no page ${n}.`);
  await deps.review.recordEvent({ actor: actor.username, action: 'review.viewed_page', intakeId: item.intakeId, details: { page: n, resultId: item.latest.resultId } });
  return page;
}

/**
 * Page `n` of a scanned attachment of an email or contact form as PNG, the attachment named by its
 * place in the message (`part`, as in the item view); the view is written to the audit trail with
 * the place and page, not the file name (it may hold a name).
 */
export async function viewAttachmentPage(deps: ReviewDeps, actor: Actor, intakeId: string, part: string, n: number): Promise<RenderedPage> {
  const item = await decidedItem(deps, intakeId, true);
  if (item.channel !== 'email' && item.channel !== 'contact-form') throw refuse('review.page_not_found', 'Only emails and contact forms have attachments; a letter\'s pages are at /api/items/{id}/pages/{n}.');
  if (item.raw === null) throw refuse('review.original_withheld', 'The original of this item was not kept (it disclosed an authentication code); only its redacted text is shown.');
  const files = await scannedAttachments(item.raw, item.channel, deps.config.limits);
  const file: ScannedAttachment | undefined = files.find((f) => f.part === part);
  if (!file) throw refuse('review.page_not_found', `The item has no scanned attachment ${part}; the item view lists its attachments' pages.`);
  const turns = pageTurns(item.latest.record.fields, (e) => evidenceOfAttachment(e, file, files));
  const page = await renderLetterPage(file.content, n, deps.config.limits, turns.get(n));
  if (!page) throw refuse('review.page_not_found', `Attachment ${part} has no page ${n}.`);
  await deps.review.recordEvent({ actor: actor.username, action: 'review.viewed_page', intakeId: item.intakeId, details: { attachment: part, page: n, resultId: item.latest.resultId } });
  return page;
}

export async function claimItem(deps: ReviewDeps, actor: Actor, intakeId: string): Promise<{ assignee: string }> {
  const item = await decidedItem(deps, intakeId, false);
  const outcome = await deps.review.claim(item.intakeId, actor.username);
  if (outcome.outcome === 'closed') throw refuse('review.closed', 'The item is closed.');
  if (outcome.outcome === 'held') throw refuse('review.claimed', 'Someone else has claimed this item.');
  return { assignee: outcome.assignee };
}

export async function releaseItem(deps: ReviewDeps, actor: Actor, intakeId: string, options: { anyone: boolean }): Promise<{ assignee: null }> {
  const item = await decidedItem(deps, intakeId, false);
  const outcome = await deps.review.release(item.intakeId, actor.username, options);
  if (outcome.outcome !== 'released') throw refusal(outcome);
  return { assignee: null };
}

export async function assignItem(deps: ReviewDeps, actor: Actor, intakeId: string, assignee: string): Promise<{ assignee: string }> {
  const item = await decidedItem(deps, intakeId, false);
  if (!(await deps.users.find(assignee))) throw refuse('users.not_found', 'There is no user with this name.');
  const outcome = await deps.review.assign(item.intakeId, assignee, actor.username);
  if (outcome.outcome === 'closed') throw refuse('review.closed', 'The item is closed.');
  return { assignee };
}

function refusal(outcome: { outcome: 'not-claimed' | 'held' | 'closed' | 'stale' }): TriageError {
  switch (outcome.outcome) {
    case 'closed':
      return refuse('review.closed', 'The item is closed.');
    case 'held':
      return refuse('review.claimed', 'Someone else has claimed this item.');
    case 'not-claimed':
      return refuse('review.not_claimed', 'Claim the item before working on it.');
    case 'stale':
      return refuse('review.stale', 'The item changed meanwhile; load it again and repeat the change.');
  }
}

/** Applies a change and answers with the item as it is now (not written as another view). */
async function applyAndShow(deps: ReviewDeps, change: ReviewChange): Promise<ItemView> {
  const outcome = await deps.review.applyChange(change);
  if (outcome.outcome !== 'applied') throw refusal(outcome);
  return buildView(deps, await decidedItem(deps, change.intakeId, true));
}

/** The contract's rules run again on changed fields, against the stored registry. */
async function decideAgain(deps: ReviewDeps, record: TriageRecord, fields: ExtractedFields): Promise<TriageRecord> {
  const read = storedRead(record)!;
  const number = fields.insuranceNumber && fields.insuranceNumberValid ? fields.insuranceNumber.value : null;
  const registry = await deps.review.registryFor({ insuranceNumber: number, postalCode: fields.address?.value.postalCode ?? null });
  if (registry === null && record.result.member.status !== 'no-registry') {
    // Deciding without the registry the item was decided with would lose its member match.
    throw refuse('review.no_registry', 'No member registry is stored, but this item was decided against one (a --members file of a CLI run is not kept). Import it with "triage members import FILE.csv" first.');
  }
  return decideStage(record.result.source, { ...read, fields }, { registry, decide: { reviewConfidence: deps.config.reviewConfidence } });
}

function fieldsOf(record: TriageRecord): ExtractedFields {
  if (!storedRead(record)) throw refuse('review.not_correctable', 'The item failed before its fields were read; there is nothing to correct. Read the original and answer by hand.');
  return record.fields!;
}

/**
 * A case worker sets a field (confidence 1, evidence "case-worker"); the rules run again and the
 * new result is stored as the item's newest. Only the one who holds the claim may do it.
 */
export async function correctField(deps: ReviewDeps, actor: Actor, intakeId: string, correction: Correction): Promise<ItemView> {
  const item = await decidedItem(deps, intakeId, false);
  const { record, resultId } = item.latest;
  const fields = fieldsOf(record);
  const corrected = applyCorrection(fields, correction);
  const next = await decideAgain(deps, record, corrected);
  const changed = JSON.stringify(currentValue(fields, correction.field)) !== JSON.stringify(currentValue(corrected, correction.field));
  return applyAndShow(deps, {
    intakeId: item.intakeId,
    username: actor.username,
    basedOnResultId: resultId,
    record: next,
    patch: {},
    // The values themselves stay in the two result rows (before and after); the trail holds no personal data.
    audit: { action: 'review.corrected', details: { field: correction.field, changed, ...decisionChange(record.result, next.result) } },
  });
}

/**
 * Records the case worker's decisions. A signature seen present or absent feeds the rules like a
 * correction. A confirmed or rejected member match and a checked power of attorney are recorded
 * and shown, and change no result: only the rules decide `authenticated`.
 */
export async function recordDecisions(deps: ReviewDeps, actor: Actor, intakeId: string, decisions: Decisions): Promise<ItemView> {
  const item = await decidedItem(deps, intakeId, false);
  const { record, resultId } = item.latest;
  const patch: ReviewChange['patch'] = {};
  if (decisions.memberMatch) patch.memberMatch = decisions.memberMatch;
  if (decisions.powerOfAttorneyChecked) patch.powerOfAttorneyChecked = true;
  let next: TriageRecord | undefined;
  if (decisions.signature) {
    patch.signature = decisions.signature;
    next = await decideAgain(deps, record, applySignature(fieldsOf(record), decisions.signature));
  }
  return applyAndShow(deps, {
    intakeId: item.intakeId,
    username: actor.username,
    ...(next ? { basedOnResultId: resultId, record: next } : {}),
    patch,
    audit: { action: 'review.decided', details: { ...decisions, ...(next ? decisionChange(record.result, next.result) : {}) } },
  });
}

/** The case worker's reply route: post or portal only (never email), and only where it can reach the sender. */
export async function chooseReplyRoute(deps: ReviewDeps, actor: Actor, intakeId: string, channel: 'post' | 'portal'): Promise<ItemView> {
  const item = await decidedItem(deps, intakeId, false);
  const { result } = item.latest.record;
  const problem = replyRouteProblem(result, channel, await registeredMemberOf(deps, result));
  if (problem) throw refuse('review.reply_route_unavailable', `This reply route is not possible for the item: ${problem}.`);
  return applyAndShow(deps, {
    intakeId: item.intakeId,
    username: actor.username,
    patch: { replyChannel: channel },
    audit: { action: 'review.reply_route_chosen', details: { channel, rulesChannel: result.reply.channel } },
  });
}

/**
 * Closes the item: it leaves the basket, and it gets its reply (see `replyOfClosedItem`). Only the
 * one who holds the claim may close it; closing again is refused (`review.closed`) and makes no
 * reply.
 */
export async function closeItem(deps: ReviewDeps, actor: Actor, intakeId: string): Promise<ItemView> {
  const item = await decidedItem(deps, intakeId, false);
  const { result } = item.latest.record;
  const outcome = await deps.review.applyChange({
    intakeId: item.intakeId,
    username: actor.username,
    patch: { closedAt: new Date(), closedBy: actor.username },
    audit: { action: 'review.closed', details: { resultId: item.latest.resultId, needsReview: result.needsReview, flags: result.flags as Flag[] } },
  });
  if (outcome.outcome !== 'applied') throw refusal(outcome);
  return replyOfClosedItem(deps, actor, item.intakeId);
}

/**
 * A closed item's reply, by the route it has now: the case worker's choice, else the rules' route
 * of its newest result (after every correction); none without a secure route (the item view says
 * why). Once per item: an item answered at first decision, or by an earlier call, gets no second
 * reply; one not yet delivered is handed to its channel again. Safe to repeat (`POST
 * /api/items/{id}/reply`), e.g. after the portal was down or the server stopped after closing.
 *
 * Why here, in the serve process, and not as a route job on the queue: the reply must follow the
 * case worker's route choice and the newest result, which has no queue run (a route job is keyed
 * by run and reads the rules' route); the embedded mode (PGlite) has no Redis at all, and a server
 * with Redis would need a second path for the same thing; and the case worker sees at once whether
 * a reply was made and how it went. The adapters, the PDF and the one-reply-per-item key are the
 * route stage's own, so a route job and a close racing for an item still make one reply.
 */
export async function replyOfClosedItem(deps: ReviewDeps, actor: Actor, intakeId: string): Promise<ItemView> {
  return buildView(deps, await sendClosedItemReply(deps, actor, intakeId, { withRaw: true }));
}

/** Makes or hands over the closed item's reply (see `replyOfClosedItem`); resolves to the item as loaded. */
async function sendClosedItemReply(deps: ReviewDeps, actor: Actor, intakeId: string, load: { withRaw: boolean }) {
  const item = await decidedItem(deps, intakeId, load.withRaw);
  if (item.review.closedAt === null) throw refuse('review.not_closed', 'Close the item first; its reply is made when it is closed.');
  const { result } = item.latest.record;
  const route: ClosingRoute = closingReplyRoute(result, item.review.replyChannel, await registeredMemberOf(deps, result));
  if (route.channel !== null) {
    const routeItem: RouteItem = { intakeId: item.intakeId, resultId: item.latest.resultId, channel: item.channel, receivedAt: item.receivedAt, result };
    await deps.replies.send(routeItem, { channel: route.channel, address: route.address }, actor.username);
  }
  return item;
}

/**
 * Delivers again the replies of closed items that wait after a failed delivery (the portal was
 * down), as a case worker's *Zustellung erneut versuchen* does; the same reply each time (same id,
 * same Idempotency-Key), never a second one. Items still open are left to their route job.
 */
export async function retryWaitingReplies(deps: ReviewDeps, actor: Actor, limit = 100): Promise<{ tried: number; delivered: number }> {
  let tried = 0;
  let delivered = 0;
  for (const intakeId of await deps.replies.waiting(limit)) {
    try {
      // No item view: nobody looks at it, and building one opens the original's pages.
      await sendClosedItemReply(deps, actor, intakeId, { withRaw: false });
      tried++;
      if ((await deps.replies.find(intakeId))?.status === 'delivered') delivered++;
    } catch (err) {
      if (!isTriageError(err)) throw err;
    }
  }
  return { tried, delivered };
}

export function searchAudit(deps: ReviewDeps, filter: AuditFilter) {
  return deps.review.searchAudit(filter);
}
