import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dropSpecks } from '../../../src/ocr/drop-specks.js';
import { letterRegions } from '../../../src/ocr/letter-layout.js';
import type { OcrLine, OcrWord } from '../../../src/ocr/ocr-model.js';
import { ocrLine, ocrWord as word } from './synthetic-page.js';

const PAGE = { width: 1654, height: 2339 };

/** Print is 26 px high, a speck 2 px. */
const speck = (text: string, x: number) => word(text, x, 20, 2, 2);
const line = (y: number, words: OcrWord[]): OcrLine => ocrLine(y, words, 60);

/** Enough clean print for the page to know how high print is. */
const BODY = [
  line(1000, [word('Sehr', 200), word('geehrte', 280), word('Damen', 400), word('und', 500), word('Herren,', 560)]),
  line(1080, [word('anbei', 200), word('das', 290), word('Bonusheft.', 350)]),
];

describe('specks a noisy scan hangs onto lines of print are dropped', () => {
  it('specks far beside a name line go, and the line keeps its words and the box of its print', () => {
    const noisy = line(125, [speck('.', 30), word('Renate', 280), word('Scholz', 394), word('Sn', 688, 0, 3), word('0', 915, 0), speck(':', 1261), speck('°', 1468), speck(';', 1630)]);
    const [name] = dropSpecks([noisy, ...BODY]);
    assert.equal(name!.text, 'Renate Scholz');
    assert.equal(name!.box.x, 280);
    assert.ok(name!.box.x + name!.box.width < 500, JSON.stringify(name!.box));
  });

  it('a speck right after the last word goes too, a misread "I" read as "|" stays', () => {
    const [name, number] = dropSpecks([
      line(1359, [word('Renate', 237), word('Scholz.', 351, 35), speck('*', 498)]),
      line(1060, [word('Versichertennummer:', 200), word('|', 520, 40, 26, 4), word('203', 535), word('948', 600), word('574', 665)]),
      ...BODY,
    ]);
    assert.equal(name!.text, 'Renate Scholz.');
    assert.equal(number!.text, 'Versichertennummer: | 203 948 574');
  });

  it("the separators between a return line's parts stay", () => {
    const ret = line(448, [word('Renate', 268), word('Scholz', 336), speck('-', 401), word('Hauptstr.', 412), word('12', 500), speck('.', 540), word('40721', 551), word('Hilden', 640)]);
    assert.equal(dropSpecks([ret, ...BODY])[0]!.text, 'Renate Scholz - Hauptstr. 12 . 40721 Hilden');
  });

  it('a line of specks only (an underline read as letters) is dropped', () => {
    const out = dropSpecks([line(481, [word('SU', 412, 14, 28, 314), word('—', 692, 56), speck('.', 990), speck('|', 1061)]), ...BODY]);
    assert.equal(out.length, BODY.length);
  });

  it('two things far apart on one line (a town and a stamp beside it) are joined by a tab', () => {
    const [town] = dropSpecks([line(190, [word('59069', 200), word('Hamm', 300), word('EINGEGANGEN', 900)]), ...BODY]);
    assert.equal(town!.text, '59069 Hamm\tEINGEGANGEN');
  });

  it('a clean page comes back as it was read', () => {
    const clean = [line(125, [word('Renate', 280), word('Scholz', 394)]), ...BODY];
    assert.deepEqual(dropSpecks(clean), clean);
  });

  it('a right-aligned sender block stays the sender even when specks stretched its lines across the page', () => {
    const lines = [
      line(128, [speck('©', 680), speck('.', 950), word('Ahmet', 1316, 61), word('Aydin', 1425, 66)]),
      line(189, [speck(':', 300), word('Kölner', 1239), word('Straße', 1342), word('210', 1451)]),
      line(240, [speck(';', 29), word('Ve', 804, 0, 21), word('51379', 1230), word('Leverkusen', 1336, 11)]),
      line(503, [word('Gesundheitskasse', 200), word('Nordrhein', 470)]),
      line(583, [word('Postfach', 200), word('10', 330), word('12', 370), word('30', 410)]),
      line(623, [word('40003', 200), word('Düsseldorf', 300)]),
      line(740, [word('07.04.2026', 1300)]),
      line(943, [word('Sehr', 200), word('geehrte', 280), word('Damen', 400), word('und', 500), word('Herren,', 560)]),
      line(1017, [word('ich', 200), word('bitte', 260), word('um', 340), word('Genehmigung.', 390)]),
    ];
    const cleaned = dropSpecks(lines);
    const regions = letterRegions(cleaned, PAGE);
    assert.deepEqual(cleaned.slice(0, 3).map((l) => l.text), ['Ahmet Aydin', 'Kölner Straße 210', '51379 Leverkusen']);
    assert.deepEqual(regions.slice(0, 3), ['sender', 'sender', 'sender']);
  });
});
