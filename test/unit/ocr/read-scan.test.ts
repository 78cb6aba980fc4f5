import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { readScan } from '../../../src/ocr/read-scan.js';
import type { Box, GreyPage, OcrEngine, OcrLine, OcrPage } from '../../../src/ocr/ocr-model.js';

const W = 1654;
const H = 2339;
const blank = (): GreyPage => ({ width: W, height: H, data: Buffer.alloc(W * H, 245) });

function printed(page: GreyPage, text: string, x: number, y: number): OcrLine {
  const h = 24;
  const words = text.split(' ').map((t, k, all) => {
    const wx = x + all.slice(0, k).join(' ').length * 12 + (k ? 12 : 0);
    const box: Box = { x: wx, y, width: t.length * 12, height: h };
    for (let i = 0; i < t.length; i++) for (let yy = y + 4; yy < y + h - 4; yy++) for (let xx = wx + i * 12 + 2; xx < wx + i * 12 + 9; xx++) page.data[yy * W + xx] = 30;
    return { text: t, confidence: 95, box };
  });
  return { text, confidence: 95, box: { x, y, width: text.length * 12, height: h }, words };
}

function penStroke(page: GreyPage, x0: number, y0: number): void {
  for (let t = 0; t <= 1; t += 0.0005) {
    const x = Math.round(x0 + t * 260 + Math.sin(t * 40) * 12);
    const y = Math.round(y0 + 40 + Math.sin(t * 18) * 40 * (0.6 + 0.4 * Math.cos(t * 7)));
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) page.data[(y + dy) * W + x + dx] = 30;
  }
}

/** A letter page: body, closing, optional pen, and the typed name under it. */
function letterPage(typed: string, signed: boolean): { page: GreyPage; lines: OcrLine[] } {
  const page = blank();
  const lines = [
    printed(page, 'Sehr geehrte Damen und Herren,', 198, 900),
    printed(page, 'anbei der Kostenvoranschlag, um den Sie gebeten haben.', 198, 980),
    printed(page, 'Bitte prüfen Sie den Antrag und melden Sie sich bei Fragen.', 198, 1020),
    printed(page, 'Mit freundlichen Grüßen', 198, 1100),
  ];
  if (signed) penStroke(page, 210, 1160);
  lines.push(printed(page, typed, 198, 1300));
  return { page, lines };
}

async function tiff(pages: GreyPage[]): Promise<Buffer> {
  return sharp(Buffer.concat(pages.map((p) => p.data)), { raw: { width: W, height: H * pages.length, channels: 1, pageHeight: H } })
    .tiff({ compression: 'lzw' })
    .toBuffer();
}

/** An OCR engine that reads the given pages' lines in turn. */
function scriptedOcr(pages: OcrLine[][]): OcrEngine {
  let k = 0;
  return {
    recognize: async () => {
      const lines = pages[k++]!;
      const page: OcrPage = { lines, text: lines.map((l) => l.text).join('\n'), meanConfidence: 95 };
      return page;
    },
    close: async () => undefined,
  };
}

const LIMITS = { maxPixels: 60e6, maxPages: 20, renderDpi: 200, maxRenderWidth: 2480 };

describe('a scanned letter is signed by its sender, not by the documents stapled behind it', () => {
  it('an unsigned letter with a signed letter of the insurer behind it is not signed', async () => {
    const own = letterPage('gez. Dietmar Kollwitz', false);
    const enclosure = letterPage('Sabine Meier', true);
    const scan = await readScan(await tiff([own.page, enclosure.page]), 'image', scriptedOcr([own.lines, enclosure.lines]), LIMITS, 'letter', 'own', null);
    assert.equal(scan.signature.value, false, JSON.stringify(scan.signature.evidence));
  });

  it('a signed letter with an enclosure behind it is signed', async () => {
    const own = letterPage('Dietmar Kollwitz', true);
    const enclosure = letterPage('Sabine Meier', false);
    const scan = await readScan(await tiff([own.page, enclosure.page]), 'image', scriptedOcr([own.lines, enclosure.lines]), LIMITS, 'letter', 'own', null);
    assert.equal(scan.signature.value, true, JSON.stringify(scan.signature.evidence));
  });
});
