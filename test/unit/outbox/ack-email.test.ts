import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { parseConfig } from '../../../src/config/config.js';
import { parseMembersCsv } from '../../../src/members/members-csv.js';
import { createRegistry } from '../../../src/members/registry.js';
import { ACK_SUBJECT, ACK_TEXT, buildAcknowledgement, senderAddressOf } from '../../../src/outbox/ack-email.js';
import { triageItem } from '../../../src/pipeline/triage-item.js';

const FROM = 'keine-antwort@gk-nordrhein.example';
const NOW = new Date('2026-03-05T09:00:00Z');

/** The message without its To header: the one place the sender's address may stand. */
/** The message without its recipient and its random Message-ID (a UUID may hold "112" by chance). */
function withoutRecipient(raw: string): string {
  return raw.replace(/^To: [^\r\n]*\r\n/m, '').replace(/^Message-ID: <[0-9a-f-]{36}@[^>\r\n]+>\r\n/m, '');
}

/** Words worth searching for: name parts, street words, postcodes and numbers of three characters or more. */
function parts(...values: (string | null | undefined)[]): string[] {
  return values.flatMap((v) => (v ?? '').split(/[\s,.\-/()]+/)).filter((p) => p.length >= 3);
}

describe('data-free acknowledgement email', () => {
  it('is a plain-text RFC 5322 message to the bare sender address, with a fixed German text', async () => {
    const ack = buildAcknowledgement({ from: FROM, to: 'c.overbeck@web.de', now: NOW });
    assert.match(ack.raw, /^From: keine-antwort@gk-nordrhein\.example\r\nTo: c\.overbeck@web\.de\r\n/);
    assert.match(ack.raw, /\r\nDate: Thu, 5 Mar 2026 09:00:00 \+0000\r\n/);
    assert.match(ack.raw, /\r\nAuto-Submitted: auto-generated\r\n/);
    assert.ok(ack.raw.split('\r\n').every((line) => line.length <= 78), 'no line longer than 78 characters');
    const parsed = await simpleParser(ack.raw);
    assert.equal(parsed.subject, ACK_SUBJECT);
    assert.equal(parsed.text?.trim(), ACK_TEXT.trim());
    assert.equal(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.name : 'x', '');
    assert.match(ACK_TEXT, /auf einem sicheren Weg/);
  });

  it('is the same text for every sender: nothing but the address differs', () => {
    const a = buildAcknowledgement({ from: FROM, to: 'a@example.org', now: NOW, messageId: 'm' });
    const b = buildAcknowledgement({ from: FROM, to: 'b@example.org', now: NOW, messageId: 'm' });
    assert.equal(withoutRecipient(a.raw), withoutRecipient(b.raw));
  });

  it('takes only a plain address from the From header, never the display name', () => {
    const raw = (from: string) => Buffer.from(`Received: x\r\nFrom: ${from}\r\nSubject: Hallo\r\n\r\nFrom: body@example.org\r\n`);
    assert.equal(senderAddressOf(raw('"Overbeck, Carsten" <c.overbeck@WEB.DE>')), 'c.overbeck@web.de');
    assert.equal(senderAddressOf(raw('=?utf-8?q?J=C3=BCrgen?= <j@example.org> (privat)')), 'j@example.org');
    assert.equal(senderAddressOf(raw('plain@example.org')), 'plain@example.org');
    assert.equal(senderAddressOf(Buffer.from('From: Carsten\r\n <folded@example.org>\r\n\r\n')), 'folded@example.org');
    assert.equal(senderAddressOf(raw('Carsten Overbeck')), null);
    assert.equal(senderAddressOf(raw('<evil@example.org>\r\nBcc: x@example.org')), 'evil@example.org');
    assert.equal(senderAddressOf(Buffer.from('Subject: no sender\r\n\r\nFrom: body@example.org\r\n')), null);
  });

  it('refuses a recipient that is not a bare address (no header injection)', () => {
    assert.throws(() => buildAcknowledgement({ from: FROM, to: 'a@example.org\r\nBcc: b@example.org', now: NOW }));
    assert.throws(() => buildAcknowledgement({ from: FROM, to: 'Anna <a@example.org>', now: NOW }));
  });

  it('contains none of the names, streets, postcodes, insurance numbers or subjects of the sample emails', async () => {
    const registry = createRegistry(parseMembersCsv(readFileSync('test/samples/members.csv', 'utf8')));
    const config = parseConfig({ TRIAGE_OCR: 'off' });
    const ctx = { registry, limits: config.limits, ocr: null, extract: { insurer: config.insurer }, decide: { reviewConfidence: config.reviewConfidence } };
    const samples = readdirSync('samples').filter((f) => f.endsWith('.eml')).sort();
    let checked = 0;
    let values = 0;
    for (const file of samples) {
      const bytes = readFileSync(path.join('samples', file));
      const { result } = await triageItem({ source: file, channel: 'email', bytes }, ctx, 'eml');
      const to = senderAddressOf(bytes);
      if (to === null) continue;
      const ack = buildAcknowledgement({ from: FROM, to, now: NOW });
      const parsed = await simpleParser(bytes);
      const personal = [
        ...parts(result.sender.name, result.sender.address?.street, result.reply.address?.name, result.reply.address?.street),
        result.sender.address?.postalCode,
        result.reply.address?.postalCode,
        result.sender.insuranceNumber,
        result.member.insuranceNumber,
        parsed.from?.value[0]?.name || null,
        parsed.subject || null,
      ].filter((v): v is string => typeof v === 'string' && v.length >= 3);
      assert.ok(personal.length > 0 || file.includes('keine-personendaten') || file.includes('pgp'), `${file}: the sample has personal data to look for`);
      const decoded = await simpleParser(ack.raw);
      const haystacks = [withoutRecipient(ack.raw), ack.subject, ack.text, decoded.text ?? '', decoded.subject ?? ''].map((h) => h.toLowerCase());
      for (const value of personal) {
        for (const h of haystacks) assert.ok(!h.includes(value.toLowerCase()), `${file}: the acknowledgement contains "${value}"`);
      }
      assert.equal(decoded.to && !Array.isArray(decoded.to) ? decoded.to.text : null, to, `${file}: addressed to the bare address only`);
      checked++;
      values += personal.length;
    }
    assert.ok(checked >= 12, `checked ${checked} of ${samples.length} sample emails`);
    assert.ok(values >= 100, `only ${values} personal values looked for`);
  });
});
