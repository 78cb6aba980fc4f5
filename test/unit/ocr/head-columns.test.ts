import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitHeadColumns } from '../../../src/ocr/head-columns.js';
import { ocrLine as line, ocrWord as word } from './synthetic-page.js';

const PAGE = { width: 1654, height: 2339 };

const BODY = [
  line(1000, [word('Sehr', 200), word('geehrte', 280), word('Damen', 400), word('und', 500), word('Herren,', 560)]),
  line(1080, [word('gegen', 200), word('die', 290), word('Ablehnung', 350)]),
];

describe('a letter head in two columns is read column by column', () => {
  it('the sender block on the left is read whole before the date and number on the right', () => {
    const head = [
      line(117, [word('Frank', 203), word('Hölscher', 300), word('Bielefeld,', 1180), word('12.03.2026', 1340)]),
      line(157, [word('Im', 203), word('Winkel', 250), word('3', 350), word('KVNR:', 1180), word('H560192834', 1280)]),
      line(197, [word('33602', 203), word('Bielefeld', 300), word('Tel.', 1180), word('0521', 1250), word('667788', 1330)]),
    ];
    const out = splitHeadColumns([...head, ...BODY], PAGE).map((l) => l.text);
    assert.deepEqual(out.slice(0, 6), ['Frank Hölscher', 'Im Winkel 3', '33602 Bielefeld', 'Bielefeld, 12.03.2026', 'KVNR: H560192834', 'Tel. 0521 667788']);
    assert.deepEqual(out.slice(6), BODY.map((l) => l.text));
  });

  it('a single wide line at the top (a header line, a stamp beside the town) is left as read', () => {
    const lines = [line(117, [word('Renate', 203), word('Scholz', 320), word('EINGEGANGEN', 1180)]), line(157, [word('Am', 203), word('Anger', 260), word('9', 360)]), ...BODY];
    assert.deepEqual(splitHeadColumns(lines, PAGE), lines);
  });

  it('the address window with the information column beside it, lower on the page, is left as read', () => {
    const lines = [
      line(520, [word('Gesundheitskasse', 200), word('Nordrhein', 460), word('Ihr', 1080), word('Zeichen', 1130)]),
      line(560, [word('Kundenservice', 200), word('LK-204', 1080)]),
      ...BODY,
    ];
    assert.deepEqual(splitHeadColumns(lines, PAGE), lines);
  });
});
