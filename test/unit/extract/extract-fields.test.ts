import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractFields } from '../../../src/extract/extract-fields.js';
import type { ReadItem } from '../../../src/extract/read-item.js';
import type { LetterRegion, TextSource } from '../../../src/extract/text-source.js';

/** An OCR'd letter whose lines carry layout regions, as the scan reader produces it. */
function letter(lines: [string, LetterRegion][]): ReadItem {
  let text = '';
  const regions: NonNullable<TextSource['regions']> = [];
  for (const [line, kind] of lines) {
    regions.push({ kind, start: text.length, end: text.length + line.length + 1 });
    text += `${line}\n`;
  }
  return {
    channel: 'letter',
    sources: [{ id: 'letter', role: 'own', text, ocr: true, regions }],
    fromDisplay: null,
    form: null,
    facts: { messageId: null, cryptography: [], attachments: [], notes: [] },
    signature: null,
    authCodes: [],
    unreadable: false,
  };
}

const INSURER = { names: ['Gesundheitskasse Nordrhein'], addresses: [] };

describe('a scanned letter: who writes is read from its layout', () => {
  it('the sender block wins over a sign-off the pen ran over ("Aa Yange" under "Claudia Lange")', () => {
    const f = extractFields(
      letter([
        ['Claudia Lange', 'sender'],
        ['Bahnhofstraße 142', 'sender'],
        ['58119 Hagen', 'sender'],
        ['Gesundheitskasse Nordrhein', 'recipient'],
        ['Postfach 10 12 30', 'recipient'],
        ['40003 Düsseldorf', 'recipient'],
        ['Sehr geehrte Damen und Herren,', 'greeting'],
        ['bitte bestätigen Sie die Kostenübernahme.', 'body'],
        ['Mit freundlichen Grüßen', 'closing'],
        ['Aa Yange', 'typed-name'],
      ]),
      { insurer: INSURER },
    );
    assert.equal(f.name?.value, 'Claudia Lange');
    assert.equal(f.name?.evidence[0]?.rule, 'name.sender-block');
    assert.deepEqual(f.address?.value, { street: 'Bahnhofstraße 142', postalCode: '58119', city: 'Hagen' });
  });

  it('the address window is never the sender, even when the letter has no sender block', () => {
    const f = extractFields(
      letter([
        ['Gesundheitskasse Nordrhein', 'recipient'],
        ['Postfach 10 12 30', 'recipient'],
        ['40003 Düsseldorf', 'recipient'],
        ['Mit freundlichen Grüßen', 'closing'],
        ['Heike Schröder', 'typed-name'],
      ]),
      { insurer: { names: [], addresses: [] } },
    );
    assert.equal(f.address, null);
    assert.equal(f.name?.value, 'Heike Schröder');
  });

  it('a mailroom stamp naming the insurer beside the sender block does not hide the sender address', () => {
    const f = extractFields(
      letter([
        ['Sven Fischer', 'sender'],
        ['Kirchplatz 4 Gesundheitskasse Nordrhein', 'sender'],
        ['24105 Kiel EINGEGANGEN', 'sender'],
        ['Sven Fischer - Kirchplatz 4 - 24105 Kiel', 'return-address'],
        ['Sehr geehrte Damen und Herren,', 'greeting'],
        ['ab dem 1. Mai lautet meine neue Anschrift:', 'body'],
        ['Schillerstraße 30', 'body'],
        ['48149 Münster', 'body'],
      ]),
      { insurer: INSURER },
    );
    assert.deepEqual(f.address?.value, { street: 'Kirchplatz 4', postalCode: '24105', city: 'Kiel' });
  });
});
