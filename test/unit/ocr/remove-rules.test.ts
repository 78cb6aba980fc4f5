import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { removeRules } from '../../../src/ocr/remove-rules.js';
import type { GreyPage } from '../../../src/ocr/ocr-model.js';

// A synthetic A4 page at 200 dpi, paper 245, ink 30.
function blankPage(): GreyPage {
  return { width: 1654, height: 2339, data: Buffer.alloc(1654 * 2339, 245) };
}
function fill(page: GreyPage, x0: number, y0: number, x1: number, y1: number): void {
  for (let y = y0; y < y1; y++) page.data.fill(30, y * page.width + x0, y * page.width + x1);
}
const at = (page: GreyPage, x: number, y: number) => page.data[y * page.width + x]!;

/** A printed character: a small blob of ink, as print is. */
function glyph(page: GreyPage, x: number, y: number): void {
  fill(page, x + 2, y + 4, x + 6, y + 24);
  fill(page, x + 6, y + 4, x + 14, y + 8);
}

/** Ten comb boxes (one character a box), 52 px apart, with a character in each. */
function combBoxes(page: GreyPage): void {
  fill(page, 200, 1105, 720, 1107);
  fill(page, 200, 1161, 720, 1163);
  for (let i = 0; i <= 10; i++) fill(page, 200 + i * 52, 1105, 202 + i * 52, 1163);
  for (let i = 0; i < 10; i++) glyph(page, 218 + i * 52, 1120);
}

describe('rules of tables, comb boxes and form fields are taken out of the page for OCR', () => {
  it('the lines of comb boxes go, the characters in them stay', () => {
    const page = blankPage();
    combBoxes(page);
    const cleaned = removeRules(page);
    assert.ok(cleaned, 'a grid of boxes is found');
    assert.equal(at(cleaned, 200 + 3 * 52, 1130), 245, 'a box line is painted over');
    assert.equal(at(cleaned, 400, 1106), 245, 'the top rule is painted over');
    assert.equal(at(cleaned, 218 + 3 * 52 + 3, 1130), 30, 'the character in the box stays');
    assert.equal(at(page, 200 + 3 * 52, 1130), 30, 'the page as scanned is left as it is (it decides the signature)');
  });

  it('a page with only an underline or a footer rule is left as scanned', () => {
    const page = blankPage();
    fill(page, 200, 470, 700, 472);
    fill(page, 200, 2170, 1450, 2171);
    for (let i = 0; i < 20; i++) glyph(page, 200 + i * 14, 440);
    assert.equal(removeRules(page), null);
  });

  it('punched holes and the scanner lid\'s shadow are not rules', () => {
    const page = blankPage();
    fill(page, 0, 0, 60, 2339);
    fill(page, 1594, 0, 1654, 2339);
    fill(page, 72, 832, 120, 880);
    fill(page, 72, 1462, 120, 1510);
    fill(page, 200, 470, 700, 472);
    assert.equal(removeRules(page), null);
  });

  it('a washed-out page, whose rules are barely darker than the paper, is left as scanned', () => {
    const page = blankPage();
    combBoxes(page);
    for (let i = 0; i < page.data.length; i++) page.data[i] = Math.round(255 - (255 - page.data[i]!) * 0.35);
    assert.equal(removeRules(page), null);
  });

  it('the faint grid of squared (Karo) notebook paper goes, the handwriting on it stays', () => {
    const page = blankPage();
    const shade = (x0: number, y0: number, x1: number, y1: number, v: number) => {
      for (let y = y0; y < y1; y++) page.data.fill(v, y * page.width + x0, y * page.width + x1);
    };
    for (let y = 20; y < page.height; y += 40) shade(0, y, page.width, y + 2, 200);
    for (let x = 20; x < page.width; x += 40) shade(x, 0, x + 2, page.height, 200);
    for (let i = 0; i < 20; i++) glyph(page, 200 + i * 14, 1110);
    const cleaned = removeRules(page);
    assert.ok(cleaned, 'the grid is found');
    assert.equal(at(cleaned, 900, 61), 245, 'a horizontal line of the grid is painted over');
    assert.equal(at(cleaned, 61, 900), 245, 'a vertical line of the grid is painted over');
    assert.equal(at(cleaned, 200 + 3 * 14 + 3, 1120), 30, 'the writing stays');
  });

  it('lined notebook paper (lines across, no grid) reads well and is left as scanned', () => {
    const page = blankPage();
    for (let y = 260; y < page.height; y += 64) for (let yy = y; yy < y + 2; yy++) page.data.fill(200, yy * page.width, (yy + 1) * page.width);
    for (let i = 0; i < 20; i++) glyph(page, 200 + i * 14, 300);
    assert.equal(removeRules(page), null);
  });

  it('faint rules shorter than the sheet (a pale table) are not taken for notebook paper', () => {
    const page = blankPage();
    for (let y = 1000; y < 1400; y += 50) for (let yy = y; yy < y + 2; yy++) page.data.fill(200, yy * page.width + 200, yy * page.width + 700);
    for (let x = 200; x <= 700; x += 100) for (let y = 1000; y < 1352; y++) page.data.fill(200, y * page.width + x, y * page.width + x + 2);
    assert.equal(removeRules(page), null);
  });
});
