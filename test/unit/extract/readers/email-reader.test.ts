import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readEmail } from '../../../../src/extract/readers/email-reader.js';
import { extractFields } from '../../../../src/extract/extract-fields.js';
import { parseConfig } from '../../../../src/config/config.js';

const config = parseConfig({ TRIAGE_OCR: 'off' }, process.cwd());

function mail(contentType: string, body: string): Buffer {
  return Buffer.from(
    [
      'From: Horst Beispiel <horst.beispiel@example.org>',
      'To: service@kasse.example',
      'Subject: Betreuung',
      'Message-ID: <html-only-1@example.org>',
      'MIME-Version: 1.0',
      `Content-Type: ${contentType}; charset=utf-8`,
      'Content-Transfer-Encoding: 8bit',
      '',
      body,
    ].join('\r\n'),
  );
}

// The number stands where a converter wrapping at 80 columns breaks the line: after "A".
const PARAGRAPH = 'als gesetzlich bestellter Betreuer von Frau Marie Beispiel (Versichertennummer A 123 456 780) bitte ich um eine Mitgliedsbescheinigung.';

async function numberOf(raw: Buffer): Promise<string | null> {
  const read = await readEmail(raw, { limits: config.limits, ocr: null });
  return extractFields(read, { insurer: config.insurer }).insuranceNumber?.value ?? null;
}

describe('the text of an HTML-only email', () => {
  it('keeps a spaced insurance number whole where a line would wrap', async () => {
    const html = `<html><body><p>Sehr geehrte Damen und Herren,</p><p>${PARAGRAPH}</p><p>Mit freundlichen Grüßen<br>Horst Beispiel</p></body></html>`;
    assert.equal(await numberOf(mail('text/html', html)), 'A123456780');
  });

  it('reads the same number from the plain-text version of the message', async () => {
    const text = `Sehr geehrte Damen und Herren,\r\n\r\n${PARAGRAPH}\r\n\r\nMit freundlichen Grüßen\r\nHorst Beispiel`;
    assert.equal(await numberOf(mail('text/plain', text)), 'A123456780');
  });
});
