import { PDFParse } from 'pdf-parse';
import { readScan } from '../../ocr/read-scan.js';
import type { Attachment, Extracted } from '../extracted-fields.js';
import type { TextSource } from '../text-source.js';
import { pageLimits, type ReaderContext, type ReaderLimits } from './reader-limits.js';

const IMAGE_TYPES = /^image\/(png|jpe?g|tiff?|gif|bmp|webp)$/i;
const IMAGE_ENDINGS = /\.(png|jpe?g|tiff?|gif|bmp|webp)$/i;
const PAGE_MARKER = /^-- \d+ of \d+ --$/gm;
const CRYPTO_TYPES = /^application\/(pgp-(encrypted|signature|keys)|(x-)?pkcs7-(signature|mime))$/i;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-');
}

/** Text of a PDF's text layer, page by page (empty strings for image-only pages). */
export async function readPdfText(bytes: Buffer, limits: ReaderLimits): Promise<{ pages: string[]; totalPages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const r = await withTimeout(parser.getText({ first: limits.maxPdfPages }), limits.attachmentTimeoutMs, 'reading the PDF');
    const pages = r.pages.map((p) => p.text.replace(PAGE_MARKER, '').trim());
    return { pages, totalPages: r.total };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;

/**
 * Reads one attached document. PDF text layers become a `document` text; images and image-only
 * PDFs are reported as waiting for the OCR stage, never dropped silently.
 */
export interface AttachmentReading {
  attachment: Attachment;
  source: TextSource | null;
  /** Decided from the page images when the OCR stage read the document. */
  signature: Extracted<boolean> | null;
}

async function scan(
  file: { filename: string; content: Buffer },
  kind: 'pdf' | 'image',
  ctx: ReaderContext,
  base: Attachment,
  pdfText: string[] | null,
): Promise<AttachmentReading | null> {
  if (!ctx.ocr) return null;
  try {
    const r = await withTimeout(
      readScan(file.content, kind, ctx.ocr, pageLimits(ctx.limits), `attachment:${file.filename}`, 'document', pdfText),
      ctx.limits.attachmentTimeoutMs * 4,
      'reading the scan',
    );
    return { attachment: { ...base, handling: 'text', note: `read by OCR (${r.pages} page${r.pages === 1 ? '' : 's'})` }, source: r.source, signature: r.signature };
  } catch {
    return { attachment: { ...base, handling: 'failed', note: 'the scan could not be read (corrupt, too large or too slow)' }, source: null, signature: null };
  }
}

export async function readAttachment(file: { filename: string; contentType: string; content: Buffer }, ctx: ReaderContext): Promise<AttachmentReading> {
  const limits = ctx.limits;
  const base: Attachment = { filename: file.filename, contentType: file.contentType, size: file.content.length, handling: 'ignored' };
  if (CRYPTO_TYPES.test(file.contentType)) return { attachment: { ...base, note: 'signature or encryption part' }, source: null, signature: null };
  if (file.content.length === 0) return { attachment: { ...base, handling: 'failed', note: 'empty attachment' }, source: null, signature: null };
  if (file.content.length > limits.maxScanBytes) {
    return { attachment: { ...base, handling: 'failed', note: `larger than ${limits.maxScanBytes} bytes, not read` }, source: null, signature: null };
  }
  const isPdfType = /pdf/i.test(file.contentType) || /\.pdf$/i.test(file.filename);
  if (isPdfType) {
    if (!isPdf(file.content)) return { attachment: { ...base, handling: 'failed', note: 'named PDF but not a PDF' }, source: null, signature: null };
    let pages: string[];
    let totalPages: number;
    try {
      ({ pages, totalPages } = await readPdfText(file.content, limits));
    } catch {
      return { attachment: { ...base, handling: 'failed', note: 'the PDF could not be read (corrupt, encrypted or too slow)' }, source: null, signature: null };
    }
    const scanned = await scan(file, 'pdf', ctx, base, pages);
    if (scanned) return scanned;
    const text = pages.join('\n\n');
    if (letters(text) < 30) {
      return { attachment: { ...base, handling: 'needs-ocr', note: `image-only PDF (${totalPages} pages): text and signature need the OCR stage` }, source: null, signature: null };
    }
    const note = totalPages > pages.length ? `read the first ${pages.length} of ${totalPages} pages` : undefined;
    return {
      attachment: { ...base, handling: 'text', ...(note ? { note } : {}) },
      source: { id: `attachment:${file.filename}`, role: 'document', text },
      signature: null,
    };
  }
  if (IMAGE_TYPES.test(file.contentType) || IMAGE_ENDINGS.test(file.filename)) {
    const scanned = await scan(file, 'image', ctx, base, null);
    if (scanned) return scanned;
    return { attachment: { ...base, handling: 'needs-ocr', note: 'scanned image: text and signature need the OCR stage' }, source: null, signature: null };
  }
  return { attachment: { ...base, note: 'attachment type not read' }, source: null, signature: null };
}

/** One attached document with a handwritten signature is enough; otherwise the surest "none". */
export function combineSignatures(found: (Extracted<boolean> | null)[]): Extracted<boolean> | null {
  const known = found.filter((s): s is Extracted<boolean> => s !== null);
  const present = known.filter((s) => s.value).sort((a, b) => b.confidence - a.confidence);
  if (present[0]) return present[0];
  return known.sort((a, b) => b.confidence - a.confidence)[0] ?? null;
}
