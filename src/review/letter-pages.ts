import { PDFParse } from 'pdf-parse';
import sharp, { type Sharp } from 'sharp';
import type { Evidence, ExtractedFields } from '../extract/extracted-fields.js';
import { sniffScan } from '../extract/readers/letter-reader.js';
import type { ReaderLimits } from '../extract/readers/reader-limits.js';
import { pdfOpenError } from '../ocr/page-images.js';
import { TriageError } from '../shared/errors.js';

// Page images of a scanned letter for the review, in the pixel space the evidence boxes were found
// in: an image page as decoded and turned upright by its EXIF orientation, a PDF page rendered at
// TRIAGE_RENDER_DPI capped at the render width (src/ocr/page-images.ts does the same for OCR). A
// page the reader turned because it lay upside down or sideways (recorded in the signature's
// evidence) is turned the same way, since its boxes were found on the turned page.

/** Widest page image sent to the browser; a wider page is scaled down and the UI scales the boxes. */
export const PAGE_IMAGE_MAX_WIDTH = 1654;

export interface PageGeometry {
  page: number;
  /** Size of the box space (the page as read), in pixels. */
  width: number;
  height: number;
}

export interface RenderedPage extends PageGeometry {
  png: Buffer;
  /** Size of the PNG itself (smaller than the box space when the page was scaled down). */
  imageWidth: number;
  imageHeight: number;
}

type RenderLimits = Pick<ReaderLimits, 'renderDpi' | 'maxRenderWidth' | 'maxPdfPages' | 'maxPixels'>;

/** Evidence read from the letter itself, not from a document attached to an email or form. */
export const ofLetter = (e: Evidence): boolean => !e.source.startsWith('attachment:');

/**
 * How far the reader turned each page (from the signature evidence: "… (page turned by 180°)") of
 * the document the evidence `belongs` to.
 */
export function pageTurns(fields: ExtractedFields | null, belongs: (e: Evidence) => boolean = ofLetter): Map<number, 90 | 180 | 270> {
  const turns = new Map<number, 90 | 180 | 270>();
  for (const e of fields?.signature?.evidence ?? []) {
    if (!belongs(e)) continue;
    const m = /\(page turned by (90|180|270)°\)/.exec(e.snippet ?? '');
    if (m && e.page !== undefined) turns.set(e.page, Number(m[1]) as 90 | 180 | 270);
  }
  return turns;
}

function turned(size: { width: number; height: number }, turn: number | undefined): { width: number; height: number } {
  return turn === 90 || turn === 270 ? { width: size.height, height: size.width } : size;
}

function pdfRenderWidth(widthPt: number, limits: RenderLimits): number {
  return Math.max(1, Math.min(limits.maxRenderWidth, Math.round((widthPt / 72) * limits.renderDpi)));
}

/**
 * The kind of a stored scan from its bytes: a letter's formats, and GIF and WebP, which the
 * attachment reader also reads by OCR (sharp decodes them).
 */
function scanKind(bytes: Buffer): string | null {
  const kind = sniffScan(bytes);
  if (kind !== null) return kind;
  const head = bytes.subarray(0, 12).toString('latin1');
  return head.startsWith('GIF87a') || head.startsWith('GIF89a') || (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') ? 'image' : null;
}

function unreadable(): TriageError {
  return new TriageError('review.page_unavailable', 'The page image cannot be made from the stored scan.');
}

/** The pages of a stored scan and the size of each one's box space, without rendering a page. */
export async function letterPageGeometry(bytes: Buffer, limits: RenderLimits, turns: Map<number, number>): Promise<PageGeometry[]> {
  const kind = scanKind(bytes);
  if (kind === null) return [];
  if (kind === 'pdf') {
    const parser = new PDFParse({ data: new Uint8Array(bytes) });
    try {
      const info = await parser.getInfo({ parsePageInfo: true, first: limits.maxPdfPages });
      return (info.pages ?? []).slice(0, limits.maxPdfPages).map((p, i) => {
        // As pdf.js sizes its canvas for a desired width: scale = desired / width, sides truncated.
        const scale = pdfRenderWidth(p.width, limits) / Math.max(p.width, 1);
        const size = { width: Math.floor(p.width * scale), height: Math.floor(p.height * scale) };
        return { page: i + 1, ...turned(size, turns.get(i + 1)) };
      });
    } catch (err) {
      throw pdfOpenError(err);
    } finally {
      await parser.destroy().catch(() => undefined);
    }
  }
  const first = await sharp(bytes, { limitInputPixels: false }).metadata();
  const count = Math.min(first.pages ?? 1, limits.maxPdfPages);
  const pages: PageGeometry[] = [];
  for (let i = 0; i < count; i++) {
    const meta = i === 0 ? first : await sharp(bytes, { page: i, limitInputPixels: false }).metadata();
    const size = meta.autoOrient ?? { width: meta.width ?? 0, height: meta.height ?? 0 };
    pages.push({ page: i + 1, ...turned(size, turns.get(i + 1)) });
  }
  return pages;
}

/** Page `n` (1-based) of a stored scan as PNG, at most PAGE_IMAGE_MAX_WIDTH wide. Null when there is no such page. */
export async function renderLetterPage(bytes: Buffer, n: number, limits: RenderLimits, turn: number | undefined): Promise<RenderedPage | null> {
  const kind = scanKind(bytes);
  if (kind === null || !Number.isInteger(n) || n < 1 || n > limits.maxPdfPages) return null;
  let page: Sharp;
  if (kind === 'pdf') {
    const parser = new PDFParse({ data: new Uint8Array(bytes) });
    try {
      const info = await parser.getInfo({ parsePageInfo: true, first: limits.maxPdfPages }).catch((err: unknown) => {
        throw pdfOpenError(err);
      });
      const size = info.pages?.[n - 1];
      if (!size || n > info.total) return null;
      const shot = await parser.getScreenshot({ partial: [n], imageDataUrl: false, imageBuffer: true, desiredWidth: pdfRenderWidth(size.width, limits) });
      const data = shot.pages[0]?.data;
      if (!data) throw unreadable();
      page = sharp(Buffer.from(data), { limitInputPixels: limits.maxPixels });
    } finally {
      await parser.destroy().catch(() => undefined);
    }
  } else {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (n > (meta.pages ?? 1)) return null;
    page = sharp(bytes, { page: n - 1, limitInputPixels: limits.maxPixels }).autoOrient();
  }
  try {
    // Flatten to a plain buffer first so the turn applies to the upright page.
    const upright = await page.png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
    const box = turned({ width: upright.info.width, height: upright.info.height }, turn);
    let out = sharp(upright.data);
    if (turn) out = out.rotate(turn);
    if (box.width > PAGE_IMAGE_MAX_WIDTH) out = out.resize({ width: PAGE_IMAGE_MAX_WIDTH });
    const png = await out.png({ compressionLevel: 6 }).toBuffer({ resolveWithObject: true });
    return { page: n, width: box.width, height: box.height, png: png.data, imageWidth: png.info.width, imageHeight: png.info.height };
  } catch (err) {
    if (err instanceof TriageError) throw err;
    throw unreadable();
  }
}
