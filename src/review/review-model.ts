import type { PostalAddress, ReplyAddress, ReplyChannel, TriageResult } from '../contract/triage-result.js';
import type { Evidence, Extracted, ExtractedFields } from '../extract/extracted-fields.js';
import { isValidInsuranceNumber, normaliseInsuranceNumber } from '../extract/insurance-number.js';
import type { Member } from '../members/member.js';
import { addressLines } from '../outbox/reply-letter.js';
import type { ReadOutput } from '../pipeline/stages.js';
import type { TriageRecord } from '../pipeline/triage-record.js';

// The review's pure rules: what a case worker may send, and how a correction or a decision changes
// the fields the contract's rules run on.

export type CorrectableField = 'name' | 'insuranceNumber' | 'address';

export type Correction =
  | { field: 'name'; value: string }
  | { field: 'insuranceNumber'; value: string }
  | { field: 'address'; value: { street: string; postalCode: string; city: string } };

export interface Decisions {
  memberMatch?: 'confirmed' | 'rejected';
  signature?: 'present' | 'absent';
  powerOfAttorneyChecked?: true;
}

export interface ReviewState {
  assignee: string | null;
  claimedAt: Date | null;
  memberMatch: 'confirmed' | 'rejected' | null;
  signature: 'present' | 'absent' | null;
  powerOfAttorneyChecked: boolean;
  replyChannel: 'post' | 'portal' | null;
  closedAt: Date | null;
  closedBy: string | null;
}

export const EMPTY_REVIEW: ReviewState = {
  assignee: null,
  claimedAt: null,
  memberMatch: null,
  signature: null,
  powerOfAttorneyChecked: false,
  replyChannel: null,
  closedAt: null,
  closedBy: null,
};

/** A refused request body: the code the UI shows text for, and a technical message. */
export interface Refusal {
  problem: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max: number): string | null => (typeof v === 'string' && v.trim() && v.length <= max ? v.replace(/\s+/g, ' ').trim() : null);

/** A correction as sent (`{field, value}`), checked and normalised. */
export function parseCorrection(body: unknown): Correction | Refusal {
  if (!isObject(body)) return { problem: 'send {"field": "name" | "insuranceNumber" | "address", "value": …}' };
  switch (body.field) {
    case 'name': {
      const value = text(body.value, 200);
      return value ? { field: 'name', value } : { problem: 'value: a name of 1 to 200 characters' };
    }
    case 'insuranceNumber': {
      const value = typeof body.value === 'string' ? normaliseInsuranceNumber(body.value) : null;
      return value ? { field: 'insuranceNumber', value } : { problem: 'value: an insurance number, an upper-case letter and nine digits' };
    }
    case 'address': {
      const v = body.value;
      const street = isObject(v) ? text(v.street, 200) : null;
      const postalCode = isObject(v) && typeof v.postalCode === 'string' ? v.postalCode.replace(/\s/g, '') : '';
      const city = isObject(v) ? text(v.city, 100) : null;
      if (!street || !/^\d{5}$/.test(postalCode) || !city) return { problem: 'value: {"street", "postalCode" (five digits), "city"}, none empty' };
      return { field: 'address', value: { street, postalCode, city } };
    }
    default:
      return { problem: 'field: one of name, insuranceNumber, address' };
  }
}

/** Decisions as sent: at least one of memberMatch, signature, powerOfAttorneyChecked (true only). */
export function parseDecisions(body: unknown): Decisions | Refusal {
  if (!isObject(body)) return { problem: 'send {"memberMatch"?, "signature"?, "powerOfAttorneyChecked"?}' };
  const stray = Object.keys(body).filter((k) => !['memberMatch', 'signature', 'powerOfAttorneyChecked'].includes(k));
  if (stray.length) return { problem: `unknown member(s): ${stray.join(', ')}` };
  const out: Decisions = {};
  if (body.memberMatch !== undefined) {
    if (body.memberMatch !== 'confirmed' && body.memberMatch !== 'rejected') return { problem: 'memberMatch: confirmed or rejected' };
    out.memberMatch = body.memberMatch;
  }
  if (body.signature !== undefined) {
    if (body.signature !== 'present' && body.signature !== 'absent') return { problem: 'signature: present or absent' };
    out.signature = body.signature;
  }
  if (body.powerOfAttorneyChecked !== undefined) {
    if (body.powerOfAttorneyChecked !== true) return { problem: 'powerOfAttorneyChecked: true (a check cannot be taken back)' };
    out.powerOfAttorneyChecked = true;
  }
  if (Object.keys(out).length === 0) return { problem: 'send at least one of memberMatch, signature, powerOfAttorneyChecked' };
  return out;
}

export function isRefusal(value: object): value is Refusal {
  return 'problem' in value;
}

/** The value a case worker set: certain, with the case worker as evidence, before what was read. */
function byCaseWorker<T>(value: T, rule: string, before: Extracted<unknown> | null): Extracted<T> {
  const evidence: Evidence[] = [{ source: 'case-worker', rule }, ...(before?.evidence ?? [])];
  return { value, confidence: 1, evidence };
}

/** The fields with one field set by a case worker. */
export function applyCorrection(fields: ExtractedFields, correction: Correction): ExtractedFields {
  switch (correction.field) {
    case 'name':
      return { ...fields, name: byCaseWorker(correction.value, 'review.corrected', fields.name) };
    case 'address':
      return { ...fields, address: byCaseWorker<PostalAddress>({ ...correction.value }, 'review.corrected', fields.address) };
    case 'insuranceNumber':
      return {
        ...fields,
        insuranceNumber: byCaseWorker(correction.value, 'review.corrected', fields.insuranceNumber),
        insuranceNumberValid: isValidInsuranceNumber(correction.value),
      };
  }
}

/** The fields with the signature as a case worker saw it on the original. */
export function applySignature(fields: ExtractedFields, signature: 'present' | 'absent'): ExtractedFields {
  return { ...fields, signature: byCaseWorker(signature === 'present', 'review.signature', fields.signature) };
}

/** The value a correction replaced, to tell whether anything changed. */
export function currentValue(fields: ExtractedFields, field: CorrectableField): unknown {
  return fields[field]?.value ?? null;
}

/** What the decide stage needs, rebuilt from a stored record; null for a failed item (nothing was read). */
export function storedRead(record: TriageRecord): ReadOutput | null {
  if (!record.fields || record.result.status !== 'processed') return null;
  return {
    channel: record.result.channel,
    fields: record.fields,
    facts: record.facts ?? { messageId: null, cryptography: [], attachments: [], notes: [] },
    texts: record.texts,
  };
}

/** What changed between two results, without values: for the audit trail. */
export function decisionChange(before: TriageResult, after: TriageResult): Record<string, unknown> {
  return {
    memberStatus: { before: before.member.status, after: after.member.status },
    authenticated: { before: before.authenticated, after: after.authenticated },
    needsReview: { before: before.needsReview, after: after.needsReview },
    reply: { before: before.reply.channel, after: after.reply.channel },
    flagsAdded: after.flags.filter((f) => !before.flags.includes(f)),
    flagsRemoved: before.flags.filter((f) => !after.flags.includes(f)),
  };
}

export interface ReplyRoute {
  channel: ReplyChannel;
  address: ReplyAddress | null;
  /** `rules`: as the contract's rules decided; `case-worker`: chosen in the review. */
  chosenBy: 'rules' | 'case-worker';
}

/**
 * Where the reply goes: the case worker's choice when there is one, else the rules'. Post goes to
 * the registered address of the member the rules matched, else the address the rules chose, else
 * the address written in a letter or form; the portal only to a member with a portal account.
 */
export function replyRoute(result: TriageResult, chosen: 'post' | 'portal' | null, member: Member | null): ReplyRoute {
  if (chosen === null) return { channel: result.reply.channel, address: result.reply.address, chosenBy: 'rules' };
  if (chosen === 'portal') return { channel: 'portal', address: null, chosenBy: 'case-worker' };
  return { channel: 'post', address: postAddress(result, member), chosenBy: 'case-worker' };
}

function postAddress(result: TriageResult, member: Member | null): ReplyAddress | null {
  if (member && result.member.status === 'matched') {
    return { name: `${member.firstName} ${member.lastName}`, street: member.street, postalCode: member.postalCode, city: member.city };
  }
  if (result.reply.address) return result.reply.address;
  const a = result.sender.address;
  if (result.channel !== 'email' && a?.street && a.postalCode && a.city) return { name: result.sender.name, street: a.street, postalCode: a.postalCode, city: a.city };
  return null;
}

/** Why a reply route cannot be chosen for this item, or null when it can. */
export function replyRouteProblem(result: TriageResult, chosen: 'post' | 'portal', member: Member | null): string | null {
  if (chosen === 'portal') {
    return member && result.member.status === 'matched' && member.portalAccount ? null : 'the portal needs a matched member with a portal account';
  }
  return postAddress(result, member) ? null : 'post needs a registered or written postal address';
}

/** The route a closed item's reply takes, or why it gets none. */
export type ClosingRoute =
  | { channel: 'post' | 'portal'; address: ReplyAddress | null; chosenBy: ReplyRoute['chosenBy'] }
  | { channel: null; problem: string };

/**
 * The route of the reply made when a case worker closes an item (pure): the case worker's choice
 * when there is one and it still reaches the sender (a later correction may have undone the match
 * it needed), else the rules' route of the newest result. Post only to a complete registered or
 * written postal address (never one read from an email), the portal only to a matched member with
 * an account; anything else gets no reply, and the problem says why.
 */
export function closingReplyRoute(result: TriageResult, chosen: 'post' | 'portal' | null, member: Member | null): ClosingRoute {
  if (result.status !== 'processed') return { channel: null, problem: 'the item failed before it was read; answer it by hand' };
  if (chosen !== null) {
    const problem = replyRouteProblem(result, chosen, member);
    if (problem) return { channel: null, problem: `the chosen route ${chosen} is no longer possible: ${problem}` };
    const route = replyRoute(result, chosen, member);
    return completeRoute(route.channel as 'post' | 'portal', route.address, 'case-worker');
  }
  const { channel, address } = result.reply;
  if (channel === 'post' || channel === 'portal') return completeRoute(channel, address, 'rules');
  return { channel: null, problem: 'no secure reply route: no matched member with a portal account, no registered or written postal address (email is never used)' };
}

function completeRoute(channel: 'post' | 'portal', address: ReplyAddress | null, chosenBy: ReplyRoute['chosenBy']): ClosingRoute {
  if (channel === 'post' && addressLines(address) === null) return { channel: null, problem: 'post needs a complete postal address (street, postcode, city)' };
  return { channel, address, chosenBy };
}

/** A stored reply as the review shows it (no document). */
export interface ReplyRecord {
  id: string;
  resultId: string;
  channel: 'post' | 'portal';
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  errorCode: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/**
 * The item's reply as the item view shows it: made (by which channel, its delivery state), or
 * none and why. `awaiting-close`: the item is open and has none yet (one is made when it is
 * closed, if it then has a secure route); `no-secure-route`: closed without one (`problem` says
 * why); `not-made`: closed with a route but no reply stored (the server stopped in between):
 * `POST /api/items/{id}/reply` makes it.
 */
export type OutgoingReply =
  | {
      made: true;
      replyId: string;
      channel: 'post' | 'portal';
      status: 'pending' | 'delivered' | 'failed';
      attempts: number;
      errorCode: string | null;
      /** The result it was made for: the first decision's, or the newest when made on closing. */
      resultId: string;
      madeAt: string;
      deliveredAt: string | null;
    }
  | { made: false; reason: 'awaiting-close' | 'no-secure-route' | 'not-made'; problem: string | null };

export function outgoingReply(reply: ReplyRecord | null, closed: boolean, route: ClosingRoute): OutgoingReply {
  if (reply) {
    return {
      made: true,
      replyId: reply.id,
      channel: reply.channel,
      status: reply.status,
      attempts: reply.attempts,
      errorCode: reply.errorCode,
      resultId: reply.resultId,
      madeAt: reply.createdAt.toISOString(),
      deliveredAt: reply.deliveredAt?.toISOString() ?? null,
    };
  }
  if (!closed) return { made: false, reason: 'awaiting-close', problem: route.channel === null ? route.problem : null };
  if (route.channel === null) return { made: false, reason: 'no-secure-route', problem: route.problem };
  return { made: false, reason: 'not-made', problem: null };
}
