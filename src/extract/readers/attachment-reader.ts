import { PDFParse } from 'pdf-parse';
import type { Attachment } from '../extracted-fields.js';
import type { TextSource } from '../text-source.js';
import type { ReaderLimits } from './reader-limits.js';

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
export async function readAttachment(
  file: { filename: string; contentType: string; content: Buffer },
  limits: ReaderLimits,
): Promise<{ attachment: Attachment; source: TextSource | null }> {
  const base: Attachment = { filename: file.filename, contentType: file.contentType, size: file.content.length, handling: 'ignored' };
  if (CRYPTO_TYPES.test(file.contentType)) return { attachment: { ...base, note: 'signature or encryption part' }, source: null };
  if (file.content.length === 0) return { attachment: { ...base, handling: 'failed', note: 'empty attachment' }, source: null };
  if (file.content.length > limits.maxScanBytes) {
    return { attachment: { ...base, handling: 'failed', note: `larger than ${limits.maxScanBytes} bytes, not read` }, source: null };
  }
  const isPdfType = /pdf/i.test(file.contentType) || /\.pdf$/i.test(file.filename);
  if (isPdfType) {
    if (!isPdf(file.content)) return { attachment: { ...base, handling: 'failed', note: 'named PDF but not a PDF' }, source: null };
    try {
      const { pages, totalPages } = await readPdfText(file.content, limits);
      const text = pages.join('\n\n');
      if (letters(text) < 30) {
        return { attachment: { ...base, handling: 'needs-ocr', note: `image-only PDF (${totalPages} pages): text and signature need the OCR stage` }, source: null };
      }
      const note = totalPages > pages.length ? `read the first ${pages.length} of ${totalPages} pages` : undefined;
      return {
        attachment: { ...base, handling: 'text', ...(note ? { note } : {}) },
        source: { id: `attachment:${file.filename}`, role: 'document', text },
      };
    } catch {
      return { attachment: { ...base, handling: 'failed', note: 'the PDF could not be read (corrupt, encrypted or too slow)' }, source: null };
    }
  }
  if (IMAGE_TYPES.test(file.contentType) || IMAGE_ENDINGS.test(file.filename)) {
    return { attachment: { ...base, handling: 'needs-ocr', note: 'scanned image: text and signature need the OCR stage' }, source: null };
  }
  return { attachment: { ...base, note: 'attachment type not read' }, source: null };
}
