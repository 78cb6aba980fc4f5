import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExtractedFields } from '../../../src/extract/extracted-fields.js';
import type { Member } from '../../../src/members/member.js';
import { createRegistry } from '../../../src/members/registry.js';
import { decideStage } from '../../../src/pipeline/stages.js';
import { boxesOnPage } from '../../../src/review/original-view.js';
import { pageTurns } from '../../../src/review/letter-pages.js';
import {
  applyCorrection,
  applySignature,
  closingReplyRoute,
  decisionChange,
  isRefusal,
  parseCorrection,
  outgoingReply,
  parseDecisions,
  replyRoute,
  replyRouteProblem,
  storedRead,
} from '../../../src/review/review-model.js';

// Invented member (the number carries a correct check digit).
const JUERGEN: Member = { insuranceNumber: 'B204815732', firstName: 'Jürgen', lastName: 'Müller', street: 'Lerchenweg 11', postalCode: '48149', city: 'Münster', portalAccount: false };
const registry = createRegistry([JUERGEN]);
const decideOptions = { registry, decide: { reviewConfidence: 0.6 } };

/** A letter from Jürgen whose number was misread by one digit, signed. */
function misreadLetter(): ExtractedFields {
  const box = { x: 10, y: 20, width: 200, height: 30 };
  return {
    name: { value: 'Jürgen Müller', confidence: 0.9, evidence: [{ source: 'letter', rule: 'name.sender-block', page: 1, box }] },
    address: { value: { street: 'Lerchenweg 11', postalCode: '48149', city: 'Münster' }, confidence: 0.9, evidence: [{ source: 'letter', rule: 'address.sender', page: 1, box }] },
    insuranceNumber: { value: 'B204815733', confidence: 0.75, evidence: [{ source: 'letter', rule: 'kvnr.labelled', page: 1, box: { ...box, y: 400 } }] },
    insuranceNumberValid: false,
    signature: { value: true, confidence: 0.9, evidence: [{ source: 'letter', rule: 'signature.ink', page: 1, box: { ...box, y: 900 }, snippet: 'ink (page turned by 180°)' }] },
    authCodeDisclosed: null,
    intents: { addressChange: null, representative: null, dataAccess: null, healthData: null },
    personalData: ['insurance-number'],
    unreadable: false,
  };
}

const read = (fields: ExtractedFields) => ({ channel: 'letter' as const, fields, facts: { messageId: null, cryptography: [], attachments: [], notes: [] }, texts: [] });

test('a corrected insurance number is certain, shows the case worker as its evidence, and turns a flagged letter into an authenticated one', () => {
  const before = decideStage('brief.png', read(misreadLetter()), decideOptions);
  assert.deepEqual(before.result.flags, ['invalid-insurance-number', 'member-mismatch']);
  assert.equal(before.result.authenticated, false);

  const correction = parseCorrection({ field: 'insuranceNumber', value: 'b 2048 15732' });
  assert.ok(!isRefusal(correction));
  const fields = applyCorrection(misreadLetter(), correction as Exclude<typeof correction, { problem: string }>);
  assert.equal(fields.insuranceNumber?.value, 'B204815732');
  assert.equal(fields.insuranceNumber?.confidence, 1);
  assert.equal(fields.insuranceNumberValid, true);
  assert.deepEqual(fields.insuranceNumber?.evidence[0], { source: 'case-worker', rule: 'review.corrected' });
  assert.equal(fields.insuranceNumber?.evidence[1]?.rule, 'kvnr.labelled', 'where it was read stays as evidence');

  const after = decideStage('brief.png', read(fields), decideOptions);
  assert.equal(after.result.member.status, 'matched');
  assert.equal(after.result.authenticated, true);
  assert.deepEqual(after.result.flags, []);
  const change = decisionChange(before.result, after.result);
  assert.deepEqual(change.flagsRemoved, ['invalid-insurance-number', 'member-mismatch']);
  assert.ok(!JSON.stringify(change).includes('B2048'), 'the audit description holds no values');
});

test('a signature marked absent by a case worker takes authentication away; marked present it gives it back', () => {
  const fields = applyCorrection(misreadLetter(), { field: 'insuranceNumber', value: 'B204815732' });
  const absent = decideStage('brief.png', read(applySignature(fields, 'absent')), decideOptions);
  assert.equal(absent.result.authenticated, false);
  assert.ok(absent.result.flags.includes('missing-signature'));
  const present = decideStage('brief.png', read(applySignature(applySignature(fields, 'absent'), 'present')), decideOptions);
  assert.equal(present.result.authenticated, true);
  assert.equal(present.fields?.signature?.confidence, 1);
});

test('corrections and decisions are checked before anything is stored', () => {
  assert.deepEqual(parseCorrection({ field: 'name', value: '  Jürgen   Müller ' }), { field: 'name', value: 'Jürgen Müller' });
  assert.deepEqual(parseCorrection({ field: 'address', value: { street: 'Lerchenweg 11', postalCode: '48 149', city: 'Münster' } }), {
    field: 'address',
    value: { street: 'Lerchenweg 11', postalCode: '48149', city: 'Münster' },
  });
  for (const bad of [null, {}, { field: 'signature', value: true }, { field: 'name', value: '' }, { field: 'insuranceNumber', value: '123' }, { field: 'address', value: { street: 'x', postalCode: '123', city: 'y' } }]) {
    assert.ok(isRefusal(parseCorrection(bad) as object), JSON.stringify(bad));
  }
  assert.deepEqual(parseDecisions({ memberMatch: 'rejected', signature: 'absent' }), { memberMatch: 'rejected', signature: 'absent' });
  for (const bad of [{}, { memberMatch: 'maybe' }, { powerOfAttorneyChecked: false }, { signature: 'present', authenticated: true }]) {
    assert.ok(isRefusal(parseDecisions(bad) as object), JSON.stringify(bad));
  }
});

test('the reply goes to the registered address by post or to the portal, whatever a case worker chooses; never by email', () => {
  const matched = decideStage('brief.png', read(applyCorrection(misreadLetter(), { field: 'insuranceNumber', value: 'B204815732' })), decideOptions).result;
  assert.deepEqual(replyRoute(matched, null, JUERGEN), { channel: 'post', address: { name: 'Jürgen Müller', street: 'Lerchenweg 11', postalCode: '48149', city: 'Münster' }, chosenBy: 'rules' });
  assert.match(replyRouteProblem(matched, 'portal', JUERGEN) ?? '', /portal account/);
  assert.equal(replyRouteProblem(matched, 'portal', { ...JUERGEN, portalAccount: true }), null);
  assert.deepEqual(replyRoute(matched, 'portal', { ...JUERGEN, portalAccount: true }), { channel: 'portal', address: null, chosenBy: 'case-worker' });
  const moved = { ...matched, sender: { ...matched.sender, address: { street: 'Neue Straße 1', postalCode: '10115', city: 'Berlin' } } };
  assert.equal(replyRoute(moved, 'post', JUERGEN).address?.street, 'Lerchenweg 11', 'a written address never redirects the reply');
});

test('a closed item is answered by the case worker\'s route, else the rules\'; a choice a later correction undid is not taken', () => {
  const matched = decideStage('brief.png', read(applyCorrection(misreadLetter(), { field: 'insuranceNumber', value: 'B204815732' })), decideOptions).result;
  const registered = { name: 'Jürgen Müller', street: 'Lerchenweg 11', postalCode: '48149', city: 'Münster' };
  assert.deepEqual(closingReplyRoute(matched, null, JUERGEN), { channel: 'post', address: registered, chosenBy: 'rules' });
  const withPortal = { ...JUERGEN, portalAccount: true };
  assert.deepEqual(closingReplyRoute(matched, 'portal', withPortal), { channel: 'portal', address: null, chosenBy: 'case-worker' });
  const moved = { ...matched, sender: { ...matched.sender, address: { street: 'Neue Straße 1', postalCode: '10115', city: 'Berlin' } } };
  assert.deepEqual(closingReplyRoute(moved, 'post', JUERGEN), { channel: 'post', address: registered, chosenBy: 'case-worker' }, 'never to an address read from the message');
  // Portal chosen, then the number corrected to nobody's: the member is no longer matched.
  const unmatched = decideStage('brief.png', read(misreadLetter()), decideOptions).result;
  const undone = closingReplyRoute(unmatched, 'portal', withPortal);
  assert.equal(undone.channel, null);
  assert.match(undone.channel === null ? undone.problem : '', /chosen route portal is no longer possible/);
});

test('a closed item without a secure route, or one that failed, gets no reply', () => {
  const matched = decideStage('brief.png', read(applyCorrection(misreadLetter(), { field: 'insuranceNumber', value: 'B204815732' })), decideOptions).result;
  const email = { ...matched, channel: 'email' as const, reply: { channel: 'none' as const, address: null }, member: { status: 'not-found' as const, insuranceNumber: null } };
  const none = closingReplyRoute(email, null, null);
  assert.equal(none.channel, null);
  assert.match(none.channel === null ? none.problem : '', /no secure reply route/);
  assert.equal(closingReplyRoute(email, 'post', null).channel, null, 'an email\'s written address is never a reply address');
  assert.equal(closingReplyRoute({ ...matched, status: 'failed' }, null, JUERGEN).channel, null);
  const incomplete = { ...matched, reply: { channel: 'post' as const, address: { name: 'Jürgen Müller', street: 'Lerchenweg 11', postalCode: '', city: 'Münster' } } };
  assert.equal(closingReplyRoute(incomplete, null, null).channel, null, 'post needs a complete address');
});

test('the item view tells whether the reply was made, by which channel and how it went, or why there is none', () => {
  const route = { channel: 'post' as const, address: null, chosenBy: 'rules' as const };
  const noRoute = { channel: null, problem: 'no secure reply route' };
  const made = outgoingReply(
    { id: 'r1', resultId: 'res1', channel: 'portal', status: 'pending', attempts: 1, errorCode: 'outbox.portal_unavailable', createdAt: new Date('2026-03-05T09:00:00Z'), deliveredAt: null },
    true,
    route,
  );
  assert.deepEqual(made, { made: true, replyId: 'r1', channel: 'portal', status: 'pending', attempts: 1, errorCode: 'outbox.portal_unavailable', resultId: 'res1', madeAt: '2026-03-05T09:00:00.000Z', deliveredAt: null });
  assert.deepEqual(outgoingReply(null, false, route), { made: false, reason: 'awaiting-close', problem: null });
  assert.deepEqual(outgoingReply(null, false, noRoute), { made: false, reason: 'awaiting-close', problem: 'no secure reply route' });
  assert.deepEqual(outgoingReply(null, true, noRoute), { made: false, reason: 'no-secure-route', problem: 'no secure reply route' });
  assert.deepEqual(outgoingReply(null, true, route), { made: false, reason: 'not-made', problem: null });
});

test('a stored record is read again as the decide stage needs it; a failed one has nothing to correct', () => {
  const record = decideStage('brief.png', read(misreadLetter()), decideOptions);
  assert.equal(storedRead(record)?.fields.name?.value, 'Jürgen Müller');
  assert.equal(storedRead({ ...record, fields: null, result: { ...record.result, status: 'failed' } }), null);
});

test('boxes are drawn per page for each field, and the turn the reader gave a page is known', () => {
  const fields = misreadLetter();
  assert.deepEqual(
    boxesOnPage(fields, 1).map((b) => b.field),
    ['name', 'address', 'insuranceNumber', 'signature'],
  );
  assert.deepEqual(boxesOnPage(fields, 2), []);
  assert.deepEqual([...pageTurns(fields)], [[1, 180]]);
  assert.deepEqual([...pageTurns(null)], []);
});
