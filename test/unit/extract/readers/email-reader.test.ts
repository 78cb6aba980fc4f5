import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToText, readEmail } from '../../../../src/extract/readers/email-reader.js';
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

function alternative(text: string, html: string): Buffer {
  const b = 'alt-boundary-1';
  return Buffer.from(
    [
      'From: Horst Beispiel <horst.beispiel@example.org>',
      'To: service@kasse.example',
      'Subject: Bonus',
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="${b}"`,
      '',
      `--${b}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      `--${b}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      `--${b}--`,
      '',
    ].join('\r\n'),
  );
}

describe('a message sent as text and HTML', () => {
  it('is read from the HTML when the text version is only a notice to use an HTML viewer', async () => {
    const raw = alternative(
      'Diese Nachricht ist im HTML-Format. Bitte verwenden Sie ein E-Mail-Programm, das HTML anzeigen kann.',
      `<html><body><p>Guten Tag,</p><p>meine Versichertennummer lautet A 123 456 780, bitte senden Sie mir den Bonusantrag.</p><p>Mit freundlichen Grüßen<br>Horst Beispiel</p></body></html>`,
    );
    assert.equal(await numberOf(raw), 'A123456780');
  });

  it('is read from the HTML when only the HTML carries the signature block', async () => {
    const raw = alternative(
      'Guten Tag,\r\n\r\nist mein Sohn ab August noch familienversichert?\r\n\r\nViele Grüße\r\nHorst Beispiel',
      '<html><body><p>Guten Tag,</p><p>ist mein Sohn ab August noch familienversichert?</p><p>Viele Grüße</p><table><tr><td><b>Horst Beispiel</b></td></tr><tr><td>Lerchenweg 11</td></tr><tr><td>34117 Kassel</td></tr><tr><td>Versichertennummer A 123 456 780</td></tr></table></body></html>',
    );
    assert.equal(await numberOf(raw), 'A123456780');
  });

  it('is read from the text version when both say the same', async () => {
    const raw = alternative(
      'Guten Tag,\r\n\r\nVersichertennummer A 123 456 780\r\n\r\nViele Grüße\r\nHorst Beispiel',
      '<html><body><p>Guten Tag,</p><p>Versichertennummer A 123 456 780</p><p>Viele Grüße<br>Horst Beispiel</p></body></html>',
    );
    const read = await readEmail(raw, { limits: config.limits, ocr: null });
    assert.equal(read.sources.find((s) => s.id === 'body')?.text, 'Guten Tag,\n\nVersichertennummer A 123 456 780\n\nViele Grüße\nHorst Beispiel');
  });
});

describe('an HTML signature laid out as a table', () => {
  it('keeps each cell on its own line, so name, street, town and number do not run together', () => {
    const html = '<table><tr><td><b>Horst Beispiel</b></td></tr><tr><td>Lerchenweg 11</td></tr><tr><td>34117 Kassel</td></tr><tr><td>Versichertennummer</td><td>A 123 456 780</td></tr></table>';
    assert.equal(htmlToText(html), 'Horst Beispiel\nLerchenweg 11\n34117 Kassel\nVersichertennummer\nA 123 456 780');
  });
});
