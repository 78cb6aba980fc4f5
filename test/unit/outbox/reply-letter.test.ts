import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TriageResult } from '../../../src/contract/triage-result.js';
import { decided } from './outbox-fixtures.js';
import { buildReplyLetter, germanDate, letterText, type ReplyLetterInput } from '../../../src/outbox/reply-letter.js';
import { TriageError } from '../../../src/shared/errors.js';

const INTAKE_ID = '3f1c9a52-7d41-4b8e-9c2a-0e5b6d7f8a91';

function input(result: TriageResult, extra: Partial<ReplyLetterInput> = {}): ReplyLetterInput {
  return {
    result,
    intakeId: INTAKE_ID,
    receivedAt: new Date('2026-03-02T23:30:00Z'),
    now: new Date('2026-03-05T09:00:00Z'),
    insurer: { names: ['Gesundheitskasse Nordrhein'], addresses: [{ street: 'Kasernenstraße 1', postalCode: '40213' }] },
    ...extra,
  };
}

const everything = (l: ReturnType<typeof buildReplyLetter>) => [l.sender.name, l.sender.returnLine, ...l.recipient, l.date, l.subject, l.salutation, ...l.paragraphs, l.closing, l.signature].join('\n');

describe('reply cover letter', () => {
  it('is addressed to the reply address, which for a matched member is the registered one, not the address written in the message', () => {
    const letter = buildReplyLetter(input(decided()));
    assert.deepEqual(letter.recipient, ['Jürgen Müßig', 'Königstraße 12', '50667 Köln']);
    assert.ok(!everything(letter).includes('Neue Gasse'), 'the written address is not used');
  });

  it('says that the message of the day it arrived was received under the intake id as reference and will be answered', () => {
    const letter = buildReplyLetter(input(decided()));
    assert.equal(letter.reference, INTAKE_ID);
    // Received 23:30 UTC on 2 March is 3 March in Germany.
    assert.match(letter.paragraphs[0]!, /^Ihr Schreiben vom 03\.03\.2026 ist bei uns eingegangen\. Wir haben es unter dem Aktenzeichen 3f1c9a52-[0-9a-f-]+ erfasst und beantworten es so bald wie möglich per Post\.$/);
    assert.equal(letter.subject, 'Eingangsbestätigung: Ihr Schreiben vom 03.03.2026');
    assert.equal(letter.date, '05.03.2026');
    assert.equal(letter.salutation, 'Guten Tag Jürgen Müßig,');
    assert.equal(letter.closing, 'Mit freundlichen Grüßen');
  });

  it('is signed by the first of the insurer names, with the insurer address as return line', () => {
    const letter = buildReplyLetter(input(decided()));
    assert.equal(letter.signature, 'Gesundheitskasse Nordrhein');
    assert.equal(letter.sender.returnLine, 'Gesundheitskasse Nordrhein · Kasernenstraße 1 · 40213');
  });

  it('never carries the insurance number, the incoming subject or text, nor an authentication code', () => {
    const result = decided({ channel: 'email', channelSecurity: 'insecure', flags: ['auth-code-disclosed'] });
    const letter = buildReplyLetter(input(result));
    const text = everything(letter) + letterText(letter);
    assert.ok(!text.includes('A123456780'));
    assert.ok(!text.includes('samples/'), 'the source is not quoted');
    assert.match(text, /niemals Zugangs-, Aktivierungs- oder Sicherheitscodes/);
  });

  it('tells an email sender that the answer does not come by email', () => {
    const letter = buildReplyLetter(input(decided({ channel: 'email', channelSecurity: 'insecure' })));
    assert.match(letter.paragraphs.join(' '), /antworten wir nicht per E-Mail/);
    assert.match(letter.paragraphs[0]!, /^Ihre E-Mail vom 03\.03\.2026 .* beantworten sie /);
  });

  it('names the portal inbox as the way of the answer for a portal reply', () => {
    const letter = buildReplyLetter(input(decided({ channel: 'contact-form', reply: { channel: 'portal', address: null } })));
    assert.match(letter.paragraphs[0]!, /^Ihre Nachricht über unser Kontaktformular vom .* in Ihr Postfach im Online-Portal\.$/);
    assert.deepEqual(letter.recipient, []);
    assert.equal(letter.salutation, 'Guten Tag,');
  });

  it('refuses a post reply without a complete postal address, for a case worker', () => {
    const result = decided({ reply: { channel: 'post', address: { name: 'Jürgen Müßig', street: 'Königstraße 12', postalCode: null, city: 'Köln' } } });
    assert.throws(() => buildReplyLetter(input(result)), (err: unknown) => err instanceof TriageError && err.code === 'outbox.no_postal_address' && err.permanent && !err.message.includes('Königstraße'));
  });

  it('never makes a reply for an item without a secure channel', () => {
    const result = decided({ reply: { channel: 'none', address: null } });
    assert.throws(() => buildReplyLetter(input(result)), (err: unknown) => err instanceof TriageError && err.code === 'outbox.no_secure_channel');
  });

  it('keeps line breaks in an address from breaking the address window', () => {
    const letter = buildReplyLetter(input(decided({ reply: { channel: 'post', address: { name: 'Anna\r\nSchmidt', street: 'Weg 1\n', postalCode: '12345', city: 'Berlin' } } })));
    assert.deepEqual(letter.recipient, ['Anna Schmidt', 'Weg 1', '12345 Berlin']);
  });

  it('writes dates the German way in German time', () => {
    assert.equal(germanDate(new Date('2026-12-31T23:00:00Z')), '01.01.2027');
  });

  it('falls back to a neutral signature when no insurer name is configured', () => {
    const letter = buildReplyLetter(input(decided(), { insurer: { names: [], addresses: [] } }));
    assert.equal(letter.signature, 'Ihre Krankenkasse');
    assert.equal(letter.sender.returnLine, 'Ihre Krankenkasse');
  });
});
