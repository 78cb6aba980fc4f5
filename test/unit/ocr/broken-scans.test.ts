import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { parseConfig } from '../../../src/config/config.js';
import { readLetter } from '../../../src/extract/readers/letter-reader.js';
import { DEFAULT_LIMITS, deadline, guardOcr, type ReaderLimits } from '../../../src/extract/readers/reader-limits.js';
import type { OcrEngine, OcrPage } from '../../../src/ocr/ocr-model.js';
import {
  imagePageStream,
  imagePages,
  inspectImage,
  inspectPdf,
  isTruncatedJpeg,
  isTruncatedPng,
  isTruncatedTiff,
  pdfPageStream,
  pdfPages,
  type PageImageLimits,
} from '../../../src/ocr/page-images.js';
import { isTriageError } from '../../../src/shared/errors.js';
import { buildPdf, textPagesPdf, writeBrokenScans } from '../../fixtures/broken-scans/make-broken.mjs';

const LIMITS: PageImageLimits = { maxPixels: 60e6, maxPages: 20, renderDpi: 100, maxRenderWidth: 2480 };

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(isTriageError(err), `expected a TriageError, got ${String(err)}`);
    return err.code;
  }
  return 'ok';
}

/** An OCR engine that answers after `ms` (never when `ms` is Infinity) and counts its calls. */
function fakeOcr(ms: number) {
  const state = { calls: 0, inFlight: 0, closed: false };
  const page: OcrPage = { lines: [], text: '', meanConfidence: 0 };
  const engine: OcrEngine = {
    recognize: () => {
      state.calls++;
      state.inFlight++;
      if (ms === Infinity) return new Promise<OcrPage>(() => undefined);
      return new Promise((resolve) =>
        setTimeout(() => {
          state.inFlight--;
          resolve(page);
        }, ms),
      );
    },
    close: async () => void (state.closed = true),
  };
  return { engine, state };
}

describe('broken scans: page images', () => {
  let dir: string;
  let files: Record<string, string>;
  const bytes = (name: string) => readFileSync(files[name]!);
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'triage-broken-unit-'));
    files = await writeBrokenScans(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('cut-off PNG, JPEG and TIFF are told from whole ones without decoding', async () => {
    const png = await sharp({ create: { width: 50, height: 40, channels: 3, background: '#fff' } }).png().toBuffer();
    const jpg = await sharp({ create: { width: 50, height: 40, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    const tif = await sharp({ create: { width: 50, height: 40, channels: 3, background: '#fff' } }).tiff().toBuffer();
    assert.equal(isTruncatedPng(png), false);
    assert.equal(isTruncatedPng(png.subarray(0, png.length - 5)), true);
    assert.equal(isTruncatedPng(bytes('truncated.png')), true);
    assert.equal(isTruncatedJpeg(jpg), false);
    assert.equal(isTruncatedJpeg(Buffer.concat([jpg, Buffer.alloc(4096)])), false, 'padding after the end marker is fine');
    assert.equal(isTruncatedJpeg(bytes('truncated.jpg')), true);
    assert.equal(isTruncatedTiff(tif), false);
    // Scanners write the directory after the pixels: a cut file points past its own end.
    const header = Buffer.from([0x49, 0x49, 42, 0, 0xe8, 0x03, 0, 0]); // first directory at 1000
    assert.equal(isTruncatedTiff(Buffer.concat([header, Buffer.alloc(600)])), true);
    assert.equal(isTruncatedTiff(Buffer.concat([header, Buffer.alloc(1200)])), false);
    assert.equal(isTruncatedTiff(header.subarray(0, 5)), true);
    assert.equal(isTruncatedTiff(png), false);
  });

  it('image headers give the code before any pixel is decoded', async () => {
    assert.equal(await code(inspectImage(bytes('truncated.png'), LIMITS)), 'scan.truncated');
    assert.equal(await code(inspectImage(bytes('truncated.jpg'), LIMITS)), 'scan.truncated');
    const t = performance.now();
    assert.equal(await code(inspectImage(bytes('huge-100mp.png'), LIMITS)), 'scan.too_many_pixels');
    assert.ok(performance.now() - t < 500, 'the 100-megapixel image is refused from its header');
    assert.equal(await code(inspectImage(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]), LIMITS)), 'scan.unreadable_image');
    const info = await inspectImage(bytes('huge-100mp.png'), { ...LIMITS, maxPixels: 120e6 });
    assert.deepEqual(info, { pages: 1, width: 10_000, height: 10_000 });
  });

  it('PDFs: encrypted, corrupt and owner-password-only are told apart; the page count needs no rendering', async () => {
    assert.equal(await code(inspectPdf(bytes('encrypted.pdf'))), 'scan.encrypted_pdf');
    assert.equal(await code(inspectPdf(bytes('corrupt.pdf'))), 'scan.corrupt_pdf');
    assert.equal((await inspectPdf(bytes('owner-only.pdf'))).pages, 1, 'restrictions without a user password open');
    assert.equal((await inspectPdf(bytes('pages-500.pdf'))).pages, 500);
    assert.equal(await code(pdfPages(bytes('encrypted.pdf'), LIMITS)), 'scan.encrypted_pdf', 'rendering names it too');
  });

  it('pages come one at a time, only up to maxPages, and the old array functions still work', async () => {
    const pdf = bytes('pages-500.pdf');
    const seen: number[] = [];
    const stream = pdfPageStream(pdf, { ...LIMITS, maxPages: 3 });
    for (;;) {
      const step = await stream.next();
      if (step.done) {
        assert.equal(step.value, 500, 'the stream returns the page count of the whole document');
        break;
      }
      seen.push(step.value.pageNumber);
      assert.ok(step.value.grey.width > 0 && step.value.png.length > 0);
    }
    assert.deepEqual(seen, [1, 2, 3]);
    const all = await pdfPages(pdf, { ...LIMITS, maxPages: 2 });
    assert.deepEqual([all.pages.map((p) => p.pageNumber), all.totalPages], [[1, 2], 500]);
    const png = await sharp({ create: { width: 60, height: 80, channels: 3, background: '#fff' } }).png().toBuffer();
    const img = await imagePages(png, LIMITS);
    assert.deepEqual([img.pages.length, img.totalPages, img.pages[0]!.grey.width], [1, 1, 60]);
  });

  it('an aborted signal stops the stream before the next page', async () => {
    const controller = new AbortController();
    const stream = pdfPageStream(bytes('pages-500.pdf'), { ...LIMITS, maxPages: 500, signal: controller.signal });
    const first = await stream.next();
    assert.equal(first.done, false);
    controller.abort(new (await import('../../../src/shared/errors.js')).TriageError('scan.timeout', 'stopped'));
    assert.equal(await code(stream.next()), 'scan.timeout');
    const img = imagePageStream(readFileSync(files['huge-100mp.png']!), { ...LIMITS, signal: controller.signal });
    assert.equal(await code(img.next()), 'scan.timeout');
  });

  it('a page whose render size would pass the pixel limit is refused before a canvas is made', async () => {
    const tall = buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 200000] >>',
    ]);
    assert.equal(await code(pdfPages(tall, { ...LIMITS, renderDpi: 200 })), 'scan.too_many_pixels');
  });
});

describe('broken scans: the letter reader', () => {
  let dir: string;
  let files: Record<string, string>;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'triage-broken-letter-'));
    files = await writeBrokenScans(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const limits = (extra: Partial<ReaderLimits> = {}): ReaderLimits => ({ ...DEFAULT_LIMITS, ...extra });

  it('with OCR off each broken scan still gets its own code', async () => {
    const expected: Record<string, string> = {
      'truncated.png': 'scan.truncated',
      'truncated.jpg': 'scan.truncated',
      'corrupt.pdf': 'scan.corrupt_pdf',
      'encrypted.pdf': 'scan.encrypted_pdf',
      'owner-only.pdf': 'letter.ocr_unavailable',
      'empty.png': 'intake.empty_file',
      'empty.pdf': 'intake.empty_file',
      'empty.tif': 'intake.empty_file',
      'huge-100mp.png': 'scan.too_many_pixels',
      'pages-500.pdf': 'scan.too_many_pages',
    };
    for (const [name, want] of Object.entries(expected)) {
      const ending = name.split('.').pop()!;
      assert.equal(await code(readLetter(readFileSync(files[name]!), { limits: limits(), ocr: null }, ending)), want, name);
    }
  });

  it('page and pixel limits are the configured ones', async () => {
    const pdf = readFileSync(files['pages-500.pdf']!);
    assert.equal(await code(readLetter(pdf, { limits: limits({ maxPdfPages: 500 }), ocr: null }, 'pdf')), 'letter.ocr_unavailable');
    const big = readFileSync(files['huge-100mp.png']!);
    assert.equal(await code(readLetter(big, { limits: limits({ maxPixels: 120e6 }), ocr: null }, 'png')), 'letter.ocr_unavailable');
  });

  it('an OCR page that never returns fails the item with scan.timeout at the time limit', async () => {
    const { engine, state } = fakeOcr(Infinity);
    const png = await sharp({ create: { width: 200, height: 300, channels: 3, background: '#fff' } }).png().toBuffer();
    const t = performance.now();
    assert.equal(await code(readLetter(png, { limits: limits({ itemTimeoutMs: 300 }), ocr: engine }, 'png')), 'scan.timeout');
    const took = performance.now() - t;
    assert.ok(took >= 280 && took < 2000, `stopped at the limit (${took.toFixed(0)} ms)`);
    assert.equal(state.calls, 1);
  });

  it('after the time limit no further page is rendered or sent to OCR', async () => {
    const { engine, state } = fakeOcr(150);
    const pdf = textPagesPdf(60);
    const t = performance.now();
    const c = await code(readLetter(pdf, { limits: limits({ itemTimeoutMs: 1000, maxPdfPages: 60, renderDpi: 72 }), ocr: engine }, 'pdf'));
    assert.equal(c, 'scan.timeout');
    assert.ok(performance.now() - t < 3000);
    // (How many pages were rendered or read by then depends on read-scan's order of work.)
    const callsAtLimit = state.calls;
    assert.ok(callsAtLimit < 60, `not every page was read (${callsAtLimit})`);
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(state.calls, callsAtLimit, 'nothing more is read in the background');
    assert.equal(state.inFlight, 0, 'the page in progress finished: its worker is free again');
  });

  it('guardOcr passes answers through in time and refuses pages once the deadline passed', async () => {
    const { engine } = fakeOcr(10);
    const d = deadline(200);
    try {
      assert.deepEqual((await guardOcr(engine, d).recognize(Buffer.alloc(0))).lines, []);
    } finally {
      d.clear();
    }
    const late = deadline(1);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(await code(guardOcr(engine, late).recognize(Buffer.alloc(0))), 'scan.timeout');
    late.clear();
  });

  it('TRIAGE_ITEM_TIMEOUT_MS: default 120 s, configurable, validated', () => {
    assert.equal(parseConfig({}, '/srv').limits.itemTimeoutMs, 120_000);
    assert.equal(parseConfig({ TRIAGE_ITEM_TIMEOUT_MS: '5000' }, '/srv').limits.itemTimeoutMs, 5000);
    assert.throws(() => parseConfig({ TRIAGE_ITEM_TIMEOUT_MS: '10' }, '/srv'), /TRIAGE_ITEM_TIMEOUT_MS/);
    assert.throws(() => parseConfig({ TRIAGE_ITEM_TIMEOUT_MS: 'soon' }, '/srv'), /TRIAGE_ITEM_TIMEOUT_MS/);
  });
});
