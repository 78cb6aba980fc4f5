import sharp, { type Metadata, type Sharp } from 'sharp';
import { PDFParse, InvalidPDFException, PasswordException } from 'pdf-parse';
import { TriageError } from '../shared/errors.js';
import type { GreyPage } from './ocr-model.js';

export interface PageImageLimits {
  /** Largest image accepted, in pixels (a 100-megapixel scan is refused, not decoded). */
  maxPixels: number;
  /** Most pages read from one document. */
  maxPages: number;
  /** Render resolution for PDFs, in dots per inch, capped by `maxRenderWidth`. */
  renderDpi: number;
  maxRenderWidth: number;
  /**
   * The item's time limit: once aborted, no further page is decoded or rendered and the signal's
   * reason (a `scan.timeout` TriageError) is thrown. The page in progress finishes first.
   */
  signal?: AbortSignal;
}

export interface PageImage {
  grey: GreyPage;
  /** The same page as PNG for the OCR engine. */
  png: Buffer;
  pageNumber: number;
}

/** What a scan holds, learnt without decoding a pixel (header, page tree). */
export interface ScanInfo {
  /** Pages in the document (all of them, not only those within `maxPages`). */
  pages: number;
  /** Size of the first page in pixels (images only; PDFs are rendered at a computed size). */
  width: number | null;
  height: number | null;
}

// ---------------------------------------------------------------------------------------------
// Errors: one code per kind of broken scan, each message saying what to do.

const tooManyPixels = (width: number, height: number, max: number, what = 'The image') =>
  new TriageError(
    'scan.too_many_pixels',
    `${what} has ${width}×${height} pixels (${((width * height) / 1e6).toFixed(0)} megapixels), more than the limit of ${(max / 1e6).toFixed(0)}. Scan at 200–300 dpi or raise TRIAGE_MAX_SCAN_MEGAPIXELS.`,
  );

const truncated = (format: string) =>
  new TriageError('scan.truncated', `The ${format} file is cut off (incomplete transfer or an interrupted scan). Scan the letter again or copy the complete file.`);

const unreadableImage = (page?: number) =>
  new TriageError(
    'scan.unreadable_image',
    `${page === undefined ? 'The image' : `Page ${page} of the image`} cannot be decoded (corrupt or an unsupported variant). Scan the letter again, as PDF, PNG, JPEG or TIFF.`,
  );

/** A scan of more pages than one letter can have: a batch, refused as a whole (see README). */
export function tooManyPages(pages: number, maxPages: number): TriageError {
  return new TriageError(
    'scan.too_many_pages',
    `The scan has ${pages} pages, more than the limit of ${maxPages} for one letter: it is probably several letters scanned as one batch. Split it into single letters and scan them again, or raise TRIAGE_MAX_PDF_PAGES.`,
  );
}

/** Maps whatever pdf.js threw while opening a PDF to a code: encrypted, corrupt, or (kept) our own. */
export function pdfOpenError(err: unknown): TriageError {
  if (err instanceof TriageError) return err;
  const name = err instanceof Error ? err.name : '';
  if (err instanceof PasswordException || name === 'PasswordException') {
    return new TriageError(
      'scan.encrypted_pdf',
      'The PDF is password-protected and cannot be opened. Ask the sender for a copy without a password, or print and scan the letter.',
    );
  }
  if (err instanceof InvalidPDFException || name === 'InvalidPDFException' || name === 'FormatError') {
    return new TriageError('scan.corrupt_pdf', 'The PDF is damaged (no readable page structure). Scan the paper letter again or ask the sender for a new copy.');
  }
  return new TriageError('scan.corrupt_pdf', 'The PDF cannot be read (damaged or using features the reader does not support). Scan the paper letter again.', { cause: err });
}

function checkAborted(limits: PageImageLimits): void {
  const signal = limits.signal;
  if (!signal?.aborted) return;
  if (signal.reason instanceof TriageError) throw signal.reason;
  throw new TriageError('scan.timeout', 'Reading this item was stopped by its time limit. It is kept for a case worker; raise TRIAGE_ITEM_TIMEOUT_MS if such scans are normal.');
}

// ---------------------------------------------------------------------------------------------
// Cheap structural checks: a cut-off file is told apart from a corrupt one before decoding.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** True when a PNG's chunk chain runs past the end of the file or stops before IEND. */
export function isTruncatedPng(bytes: Buffer): boolean {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return false;
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > bytes.length) return true;
    if (type === 'IEND') return false;
    at = end;
  }
  return true;
}

/**
 * True when a JPEG has no end-of-image marker at all. (Scanners may append data after it, and an
 * embedded thumbnail has its own, so a found marker proves little; the decoder catches the rest.)
 */
export function isTruncatedJpeg(bytes: Buffer): boolean {
  if (!(bytes[0] === 0xff && bytes[1] === 0xd8)) return false;
  return bytes.lastIndexOf(Buffer.from([0xff, 0xd9])) < 2;
}

/** True when a TIFF's first directory (written last by most scanners) lies beyond the end of the file. */
export function isTruncatedTiff(bytes: Buffer): boolean {
  const le = bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[2] === 42 && bytes[3] === 0;
  const be = bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0 && bytes[3] === 42;
  if (!le && !be) return false; // BigTIFF (43) and others: left to the decoder
  if (bytes.length < 8) return true;
  const ifd = le ? bytes.readUInt32LE(4) : bytes.readUInt32BE(4);
  return ifd + 2 > bytes.length;
}

function truncatedFormat(bytes: Buffer): string | null {
  if (isTruncatedPng(bytes)) return 'PNG';
  if (isTruncatedJpeg(bytes)) return 'JPEG';
  if (isTruncatedTiff(bytes)) return 'TIFF';
  return null;
}

function decodeError(err: unknown, bytes: Buffer, limits: PageImageLimits, meta: Metadata | null, page?: number): TriageError {
  if (err instanceof TriageError) return err;
  const message = err instanceof Error ? err.message : '';
  if (/exceeds pixel limit/i.test(message)) return tooManyPixels(meta?.width ?? 0, meta?.pageHeight ?? meta?.height ?? 0, limits.maxPixels, page === undefined ? 'The image' : `Page ${page} of the image`);
  const cut = truncatedFormat(bytes);
  if (cut || /premature end|truncated|unexpected end|read error|end of (file|stream)/i.test(message)) return truncated(cut ?? 'image');
  return unreadableImage(page);
}

/**
 * Reads an image's header only (no pixel is decoded): page count and size. Throws `scan.truncated`,
 * `scan.too_many_pixels` or `scan.unreadable_image`.
 */
export async function inspectImage(bytes: Buffer, limits: PageImageLimits): Promise<ScanInfo> {
  const cut = truncatedFormat(bytes);
  if (cut) throw truncated(cut);
  let meta: Metadata;
  try {
    // No pixel limit here: the header is read, not the pixels, and the limit is checked below.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw decodeError(err, bytes, limits, null);
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (width * height > limits.maxPixels) throw tooManyPixels(width, height, limits.maxPixels);
  return { pages: meta.pages ?? 1, width, height };
}

/**
 * Opens a PDF and counts its pages without rendering. Throws `scan.encrypted_pdf` (a user password
 * is needed; owner-only restrictions open fine) or `scan.corrupt_pdf`.
 */
export async function inspectPdf(bytes: Buffer): Promise<ScanInfo> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const info = await parser.getInfo();
    if (!(info.total > 0)) throw new TriageError('scan.corrupt_pdf', 'The PDF has no pages. Scan the paper letter again.');
    return { pages: info.total, width: null, height: null };
  } catch (err) {
    throw pdfOpenError(err);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Pages, one at a time.

async function toPage(input: Sharp, pageNumber: number): Promise<PageImage> {
  // Every page becomes 8-bit greyscale: tesseract.js fails on 16-bit and reads only page 1 of a TIFF.
  const { data, info } = await input.greyscale().toColourspace('b-w').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const grey: GreyPage = { width: info.width, height: info.height, data };
  const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } }).png({ compressionLevel: 1 }).withMetadata({ density: 300 }).toBuffer();
  return { grey, png, pageNumber };
}

/** The same page turned clockwise by a right angle (a letter fed upside down or sideways). */
export async function rotatePage(page: PageImage, angle: 90 | 180 | 270): Promise<PageImage> {
  const { grey } = page;
  return toPage(sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } }).rotate(angle), page.pageNumber);
}

/**
 * Decodes PNG, JPEG or (multi-page, 1-bit, 8-bit or 16-bit) TIFF into greyscale pages, one page at
 * a time: only the page being yielded is in memory. Returns the document's page count. Pages beyond
 * `maxPages` are not decoded. Stops with the signal's reason once `limits.signal` is aborted.
 */
export async function* imagePageStream(bytes: Buffer, limits: PageImageLimits): AsyncGenerator<PageImage, number, void> {
  checkAborted(limits);
  const info = await inspectImage(bytes, limits);
  for (let i = 0; i < Math.min(info.pages, limits.maxPages); i++) {
    checkAborted(limits);
    let page: PageImage;
    try {
      page = await toPage(sharp(bytes, { page: i, limitInputPixels: limits.maxPixels }).rotate(), i + 1);
    } catch (err) {
      throw decodeError(err, bytes, limits, null, info.pages > 1 ? i + 1 : undefined);
    }
    yield page;
  }
  return info.pages;
}

/**
 * Renders PDF pages one at a time (only the page being yielded is in memory), at a resolution
 * computed from the page size and capped at `maxRenderWidth`; a page that would still render to
 * more than `maxPixels` fails with `scan.too_many_pixels` before any canvas is made. Returns the
 * document's page count. Pages beyond `maxPages` are not rendered.
 */
export async function* pdfPageStream(bytes: Buffer, limits: PageImageLimits, only?: number[]): AsyncGenerator<PageImage, number, void> {
  checkAborted(limits);
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    let total: number;
    let sizes: { width: number; height: number }[];
    try {
      const info = await parser.getInfo({ parsePageInfo: true, first: limits.maxPages });
      total = info.total;
      sizes = (info.pages ?? []).map((p) => ({ width: p.width, height: p.height }));
    } catch (err) {
      throw pdfOpenError(err);
    }
    const wanted = (only ?? Array.from({ length: total }, (_, i) => i + 1)).filter((n) => n <= Math.min(total, limits.maxPages));
    for (const n of wanted) {
      checkAborted(limits);
      const widthPt = sizes[n - 1]?.width ?? 595;
      const heightPt = sizes[n - 1]?.height ?? 842;
      const desiredWidth = Math.max(1, Math.min(limits.maxRenderWidth, Math.round((widthPt / 72) * limits.renderDpi)));
      const renderHeight = Math.round((desiredWidth / Math.max(widthPt, 1)) * heightPt);
      if (desiredWidth * renderHeight > limits.maxPixels) throw tooManyPixels(desiredWidth, renderHeight, limits.maxPixels, `Page ${n} of the PDF`);
      let data: Uint8Array | undefined;
      try {
        const shot = await parser.getScreenshot({ partial: [n], imageDataUrl: false, imageBuffer: true, desiredWidth });
        data = shot.pages[0]?.data;
      } catch (err) {
        throw new TriageError('scan.corrupt_pdf', `Page ${n} of the PDF cannot be rendered (damaged content). Scan the paper letter again.`, { cause: err });
      }
      if (!data) continue;
      yield await toPage(sharp(Buffer.from(data)), n);
    }
    return total;
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

/** The page stream of either kind of scan. */
export function scanPageStream(bytes: Buffer, kind: 'pdf' | 'image', limits: PageImageLimits): AsyncGenerator<PageImage, number, void> {
  return kind === 'pdf' ? pdfPageStream(bytes, limits) : imagePageStream(bytes, limits);
}

async function collect(stream: AsyncGenerator<PageImage, number, void>): Promise<{ pages: PageImage[]; totalPages: number }> {
  const pages: PageImage[] = [];
  for (;;) {
    const step = await stream.next();
    if (step.done) return { pages, totalPages: step.value };
    pages.push(step.value);
  }
}

/**
 * All pages at once (kept for existing callers; holds every page in memory). Prefer
 * `imagePageStream`, which holds one page at a time.
 */
export async function imagePages(bytes: Buffer, limits: PageImageLimits): Promise<{ pages: PageImage[]; totalPages: number }> {
  return collect(imagePageStream(bytes, limits));
}

/** All pages at once (kept for existing callers). Prefer `pdfPageStream`, which holds one page at a time. */
export async function pdfPages(bytes: Buffer, limits: PageImageLimits, only?: number[]): Promise<{ pages: PageImage[]; totalPages: number }> {
  return collect(pdfPageStream(bytes, limits, only));
}
