import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lineOfGroups, median, printHeight } from '../../../src/ocr/print-lines.js';
import type { OcrLine, OcrWord } from '../../../src/ocr/ocr-model.js';

const word = (text: string, x: number, height = 26, confidence = 95): OcrWord => ({ text, confidence, box: { x, y: 100, width: text.length * 15, height } });
const lineOf = (words: OcrWord[]): OcrLine => lineOfGroups([words]);

describe('what the OCR lines of a page say about its print', () => {
  it('the median is the middle value, the upper one of an even count, and 0 for none', () => {
    assert.equal(median([30, 10, 20]), 20);
    assert.equal(median([40, 10, 30, 20]), 30);
    assert.equal(median([]), 0);
  });

  it('print is as high as the middle of the confidently read words of three letters', () => {
    const lines = [lineOf([word('Sehr', 0, 24), word('geehrte', 80, 26), word('Damen', 200, 28)]), lineOf([word('und', 0, 26), word('Herren', 60, 30), word('.', 200, 2), word('xyz', 300, 90, 20)])];
    assert.equal(printHeight(lines), 26);
  });

  it('with fewer than five such words the height of print is unknown', () => {
    assert.equal(printHeight([lineOf([word('Sehr', 0), word('geehrte', 80), word('Damen', 200), word('12', 300)])]), null);
  });

  it('a line of word groups spans them all and joins the groups with a tab', () => {
    const line = lineOfGroups([[word('59069', 100), word('Hamm', 200, 26, 85)], [word('EINGANG', 900, 40, 60)]]);
    assert.equal(line.text, '59069 Hamm\tEINGANG');
    assert.deepEqual(line.box, { x: 100, y: 100, width: 905, height: 40 });
    assert.equal(line.confidence, 80);
    assert.equal(line.words.length, 3);
  });
});
