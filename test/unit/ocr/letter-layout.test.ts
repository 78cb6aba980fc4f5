import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { letterRegions } from '../../../src/ocr/letter-layout.js';
import type { OcrLine } from '../../../src/ocr/ocr-model.js';

const PAGE = { width: 1654, height: 2339 };

function line(text: string, x: number, y: number, h = 24): OcrLine {
  const box = { x, y, width: text.length * 12, height: h };
  return { text, confidence: 95, box, words: [{ text, confidence: 95, box }] };
}

function regionsOf(lines: OcrLine[]): Record<string, string> {
  const r = letterRegions(lines, PAGE);
  return Object.fromEntries(lines.map((l, i) => [l.text, r[i]!]));
}

const WINDOW = [line('Kundencenter', 198, 538), line('Postfach 10 11 22', 198, 578), line('44011 Dortmund', 198, 619)];
const BODY = [
  line('12.03.2024', 1360, 766),
  line('Bonusprogramm', 198, 838),
  line('Sehr geehrte Damen und Herren,', 198, 927),
  line('anbei das Bonusheft.', 198, 1006),
  line('Mit freundlichen Grüßen', 198, 1240),
  line('Horst Braun', 198, 1439),
];

describe('the layout of a letter decides which address is the sender', () => {
  it('classic: the block above the return line is the sender, the block under it the address window', () => {
    const r = regionsOf([
      line('Horst Braun', 198, 98),
      line('Dorfstraße 35c', 198, 134),
      line('44629 Herne', 198, 170),
      line('Horst Braun - Dorfstraße 35c - 44629 Herne', 198, 443, 14),
      ...WINDOW,
      ...BODY,
    ]);
    assert.equal(r['Dorfstraße 35c'], 'sender');
    assert.equal(r['44629 Herne'], 'sender');
    assert.equal(r['Horst Braun - Dorfstraße 35c - 44629 Herne'], 'return-address');
    assert.equal(r['Postfach 10 11 22'], 'recipient');
    assert.equal(r['44011 Dortmund'], 'recipient');
    assert.equal(r['12.03.2024'], 'date');
    assert.equal(r['Bonusprogramm'], 'subject');
    assert.equal(r['Sehr geehrte Damen und Herren,'], 'greeting');
    assert.equal(r['anbei das Bonusheft.'], 'body');
    assert.equal(r['Mit freundlichen Grüßen'], 'closing');
  });

  it('a header line at the very top with separators is the sender, not the return line', () => {
    const r = regionsOf([
      line('Renate Schmidt', 655, 82),
      line('Goethestraße 78 + 44139 Dortmund + Tel. 0162 29087806', 337, 135),
      line('Renate Schmidt - Goethestraße 78 - 44139 Dortmund', 168, 434, 19),
      ...WINDOW,
      ...BODY,
    ]);
    assert.equal(r['Goethestraße 78 + 44139 Dortmund + Tel. 0162 29087806'], 'sender');
    assert.equal(r['Renate Schmidt - Goethestraße 78 - 44139 Dortmund'], 'return-address');
    assert.equal(r['44011 Dortmund'], 'recipient');
  });

  it('right-aligned sender block at the top right is the sender', () => {
    const r = regionsOf([line('Jürgen Becker', 1290, 117), line('Kirchplatz 40', 1314, 160), line('48153 Münster', 1284, 201), ...WINDOW, ...BODY]);
    assert.equal(r['Kirchplatz 40'], 'sender');
    assert.equal(r['48153 Münster'], 'sender');
    assert.equal(r['44011 Dortmund'], 'recipient');
  });

  it('without any sender block the address in the window is still the recipient, never the sender', () => {
    const r = regionsOf([line('AOK NordWest', 198, 498), ...WINDOW, ...BODY]);
    assert.equal(r['Postfach 10 11 22'], 'recipient');
    assert.equal(r['44011 Dortmund'], 'recipient');
    assert.ok(!Object.values(r).includes('sender'));
  });

  it('the typed name under the closing and a footer at the page bottom are found', () => {
    const lines = [line('Horst Braun', 198, 98), line('44629 Herne', 198, 134), ...WINDOW, ...BODY, line('Bankverbindung DE00 0000', 198, 2200)];
    const r = letterRegions(lines, PAGE);
    assert.equal(r[lines.length - 2], 'typed-name');
    assert.equal(r[lines.length - 1], 'footer');
  });
});
