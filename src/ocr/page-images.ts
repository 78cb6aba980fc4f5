import sharp, { type Metadata, type Sharp } from 'sharp';
import { PDFParse } from 'pdf-parse';
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
}

export interface PageImage {
  grey: GreyPage;
  /** The same page as PNG for the OCR engine. */
  png: Buffer;
  pageNumber: number;
}

async function toPage(input: Sharp, pageNumber: number): Promise<PageImage> {
  // Every page becomes 8-bit greyscale: tesseract.js fails on 16-bit and reads only page 1 of a TIFF.
  const { data, info } = await input.greyscale().toColourspace('b-w').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const grey: GreyPage = { width: info.width, height: info.height, data };
  const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } }).png({ compressionLevel: 1 }).withMetadata({ density: 300 }).toBuffer();
  return { grey, png, pageNumber };
}

/** Decodes PNG, JPEG or (multi-page, 1-bit, 8-bit or 16-bit) TIFF into greyscale pages. */
export async function imagePages(bytes: Buffer, limits: PageImageLimits): Promise<{ pages: PageImage[]; totalPages: number }> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: limits.maxPixels }).metadata();
  } catch {
    throw new TriageError('scan.unreadable_image', 'The image cannot be decoded (truncated or corrupt). Scan the letter again.');
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > limits.maxPixels) {
    throw new TriageError('scan.too_many_pixels', `The image has ${meta.width}×${meta.height} pixels, more than the limit of ${limits.maxPixels}. Scan at 200–300 dpi or raise TRIAGE_MAX_SCAN_MEGAPIXELS.`);
  }
  const total = meta.pages ?? 1;
  const pages: PageImage[] = [];
  for (let i = 0; i < Math.min(total, limits.maxPages); i++) {
    try {
      pages.push(await toPage(sharp(bytes, { page: i, limitInputPixels: limits.maxPixels }).rotate(), i + 1));
    } catch {
      throw new TriageError('scan.unreadable_image', `Page ${i + 1} of the image cannot be decoded (truncated or corrupt). Scan the letter again.`);
    }
  }
  return { pages, totalPages: total };
}

/** Renders PDF pages one at a time, at a resolution computed from the page size and capped. */
export async function pdfPages(bytes: Buffer, limits: PageImageLimits, only?: number[]): Promise<{ pages: PageImage[]; totalPages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const info = await parser.getInfo({ parsePageInfo: true });
    const total = info.total;
    const wanted = (only ?? Array.from({ length: total }, (_, i) => i + 1)).filter((n) => n <= Math.min(total, limits.maxPages));
    const pages: PageImage[] = [];
    for (const n of wanted) {
      const widthPt = info.pages?.[n - 1]?.width ?? 595;
      const desiredWidth = Math.min(limits.maxRenderWidth, Math.round((widthPt / 72) * limits.renderDpi));
      const shot = await parser.getScreenshot({ partial: [n], imageDataUrl: false, imageBuffer: true, desiredWidth });
      const data = shot.pages[0]?.data;
      if (!data) continue;
      pages.push(await toPage(sharp(Buffer.from(data)), n));
    }
    return { pages, totalPages: total };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
