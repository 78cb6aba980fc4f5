import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { readScan } from '../../../src/ocr/read-scan.js';
import type { GreyPage, OcrEngine, OcrLine, OcrPage } from '../../../src/ocr/ocr-model.js';
import { blankPage, PAGE_HEIGHT as H, PAGE_WIDTH as W, penStroke, printed as printedLine } from './synthetic-page.js';

const printed = (page: GreyPage, text: string, x: number, y: number): OcrLine => printedLine(page, text, x, y, { splitWords: true });

/** A letter page: body, closing, optional pen, and the typed name under it. */
function letterPage(typed: string, signed: boolean): { page: GreyPage; lines: OcrLine[] } {
  const page = blankPage();
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
