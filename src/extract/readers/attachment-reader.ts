import { PDFParse } from 'pdf-parse';
import { pdfOpenError } from '../../ocr/page-images.js';
import { readScan } from '../../ocr/read-scan.js';
import { isTriageError } from '../../shared/errors.js';
import type { Attachment, Extracted } from '../extracted-fields.js';
import type { TextSource } from '../text-source.js';
import { deadline, guardOcr, pageLimits, scanTimeout, type ReaderContext, type ReaderLimits } from './reader-limits.js';

const IMAGE_TYPES = /^image\/(png|jpe?g|tiff?|gif|bmp|webp)$/i;
const IMAGE_ENDINGS = /\.(png|jpe?g|tiff?|gif|bmp|webp)$/i;
const PAGE_MARKER = /^-- \d+ of \d+ --$/gm;
const CRYPTO_TYPES = /^application\/(pgp-(encrypted|signature|keys)|(x-)?pkcs7-(signature|mime))$/i;

/** Runs `work` under a time limit of `ms`; at the limit it fails with `scan.timeout` naming `variable`. */
async function withTimeout<T>(ms: number, variable: string, work: (limit: ReturnType<typeof deadline>) => Promise<T>): Promise<T> {
  const limit = deadline(ms, () => scanTimeout(ms, variable));
  try {
    return await limit.run(work(limit));
  } finally {
    limit.clear();
  }
}

/** What the attachment list says about a scan that could not be read, by error code. */
function failureNote(err: unknown, what: 'scan' | 'PDF'): string {
  const code = isTriageError(err) ? err.code : '';
  switch (code) {
    case 'scan.encrypted_pdf':
      return 'password-protected PDF: cannot be read without the password';
    case 'scan.corrupt_pdf':
      return 'damaged PDF: no readable page structure';
    case 'scan.truncated':
      return 'the scan is cut off (incomplete file)';
    case 'scan.too_many_pixels':
      return 'image too large to decode (pixel limit, TRIAGE_MAX_SCAN_MEGAPIXELS)';
    case 'scan.timeout':
      return `reading the ${what} took too long and was stopped`;
    default:
      return `the ${what} could not be read (corrupt or unsupported)`;
  }
}

export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-');
}

/** Text of a PDF's text layer, page by page (empty strings for image-only pages). */
export async function readPdfText(bytes: Buffer, limits: ReaderLimits): Promise<{ pages: string[]; totalPages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const r = await withTimeout(limits.attachmentTimeoutMs, 'TRIAGE_ATTACHMENT_TIMEOUT_MS', () => parser.getText({ first: limits.maxPdfPages }));
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
  /** What was read: the document's text and, for a scanned letter, its enclosures. */
  sources: TextSource[];
  /** Decided from the page images when the OCR stage read the document. */
  signature: Extracted<boolean> | null;
}

/** An attached file as a reader hands it over; `part` is its place in the message (see Evidence.attachment). */
export interface AttachedFile {
  filename: string;
  contentType: string;
  content: Buffer;
  part?: string;
}

/**
 * Whether an attached file is a document the readers scan (PDF or image) and may be shown as page
 * images: not a signature or encryption part, not empty, within TRIAGE_MAX_SCAN_MB, a PDF only when
 * its bytes are one. Null for anything else.
 */
export function scanKindOf(file: AttachedFile, limits: Pick<ReaderLimits, 'maxScanBytes'>): 'pdf' | 'image' | null {
  if (file.content.length === 0 || file.content.length > limits.maxScanBytes) return null;
  const type = scanTypeOf(file);
  return type === 'pdf' && !isPdf(file.content) ? null : type;
}

/**
 * By type and name alone: whether the readers take an attachment for a scan, a PDF or an image
 * (read by OCR, or its text layer); never a signature or encryption part. Null for anything else.
 */
export function scanTypeOf(file: { contentType: string; filename: string }): 'pdf' | 'image' | null {
  if (CRYPTO_TYPES.test(file.contentType)) return null;
  if (/pdf/i.test(file.contentType) || /\.pdf$/i.test(file.filename)) return 'pdf';
  return IMAGE_TYPES.test(file.contentType) || IMAGE_ENDINGS.test(file.filename) ? 'image' : null;
}

/** Sources and signature evidence marked with the attachment's place, so its pages can be told apart from a namesake's. */
function markPart(reading: AttachmentReading, part: string | undefined): AttachmentReading {
  if (!part) return reading;
  return {
    ...reading,
    sources: reading.sources.map((s) => ({ ...s, attachment: part })),
    signature: reading.signature && { ...reading.signature, evidence: reading.signature.evidence.map((e) => ({ ...e, attachment: part })) },
  };
}

async function scan(
  file: AttachedFile,
  kind: 'pdf' | 'image',
  ctx: ReaderContext,
  base: Attachment,
  pdfText: string[] | null,
  totalPages: number | null,
): Promise<AttachmentReading | null> {
  if (!ctx.ocr) return null;
  try {
    const ocr = ctx.ocr;
    const r = await withTimeout(ctx.limits.attachmentTimeoutMs * 4, 'TRIAGE_ATTACHMENT_TIMEOUT_MS', (limit) =>
      readScan(file.content, kind, guardOcr(ocr, limit), pageLimits(ctx.limits, limit.signal), `attachment:${file.filename}`, 'document', pdfText),
    );
    // Longer documents are read in part (an enclosure of 500 pages is not refused, only cut).
    const of = totalPages !== null && totalPages > r.pages ? ` of ${totalPages}` : '';
    return { attachment: { ...base, handling: 'text', note: `read by OCR (${r.pages}${of} page${r.pages === 1 && !of ? '' : 's'})` }, sources: r.sources, signature: r.signature };
  } catch (err) {
    return { attachment: { ...base, handling: 'failed', note: failureNote(err, 'scan') }, sources: [], signature: null };
  }
}

export async function readAttachment(file: AttachedFile, ctx: ReaderContext): Promise<AttachmentReading> {
  return markPart(await readUnmarked(file, ctx), file.part);
}

async function readUnmarked(file: AttachedFile, ctx: ReaderContext): Promise<AttachmentReading> {
  const limits = ctx.limits;
  const base: Attachment = { filename: file.filename, contentType: file.contentType, size: file.content.length, handling: 'ignored' };
  if (CRYPTO_TYPES.test(file.contentType)) return { attachment: { ...base, note: 'signature or encryption part' }, sources: [], signature: null };
  if (file.content.length === 0) return { attachment: { ...base, handling: 'failed', note: 'empty attachment' }, sources: [], signature: null };
  if (file.content.length > limits.maxScanBytes) {
    return { attachment: { ...base, handling: 'failed', note: `larger than ${limits.maxScanBytes} bytes, not read` }, sources: [], signature: null };
  }
  const type = scanTypeOf(file);
  if (type === 'pdf') {
    if (!isPdf(file.content)) return { attachment: { ...base, handling: 'failed', note: 'named PDF but not a PDF' }, sources: [], signature: null };
    let pages: string[];
    let totalPages: number;
    try {
      ({ pages, totalPages } = await readPdfText(file.content, limits));
    } catch (err) {
      return { attachment: { ...base, handling: 'failed', note: failureNote(pdfOpenError(err), 'PDF') }, sources: [], signature: null };
    }
    const scanned = await scan(file, 'pdf', ctx, base, pages, totalPages);
    if (scanned) return scanned;
    const text = pages.join('\n\n');
    if (letters(text) < 30) {
      return { attachment: { ...base, handling: 'needs-ocr', note: `image-only PDF (${totalPages} pages): text and signature need the OCR stage` }, sources: [], signature: null };
    }
    const note = totalPages > pages.length ? `read the first ${pages.length} of ${totalPages} pages` : undefined;
    return {
      attachment: { ...base, handling: 'text', ...(note ? { note } : {}) },
      sources: [{ id: `attachment:${file.filename}`, role: 'document', text }],
      signature: null,
    };
  }
  if (type === 'image') {
    const scanned = await scan(file, 'image', ctx, base, null, null);
    if (scanned) return scanned;
    return { attachment: { ...base, handling: 'needs-ocr', note: 'scanned image: text and signature need the OCR stage' }, sources: [], signature: null };
  }
  return { attachment: { ...base, note: 'attachment type not read' }, sources: [], signature: null };
}

/** One attached document with a handwritten signature is enough; otherwise the surest "none". */
export function combineSignatures(found: (Extracted<boolean> | null)[]): Extracted<boolean> | null {
  const known = found.filter((s): s is Extracted<boolean> => s !== null);
  const present = known.filter((s) => s.value).sort((a, b) => b.confidence - a.confidence);
  if (present[0]) return present[0];
  return known.sort((a, b) => b.confidence - a.confidence)[0] ?? null;
}
