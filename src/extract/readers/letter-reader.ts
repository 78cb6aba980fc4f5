import { inspectImage, inspectPdf, pdfOpenError, tooManyPages } from '../../ocr/page-images.js';
import { readScan } from '../../ocr/read-scan.js';
import { TriageError } from '../../shared/errors.js';
import type { ReadItem } from '../read-item.js';
import { isPdf, readPdfText } from './attachment-reader.js';
import { deadline, guardOcr, pageLimits, type Deadline, type ReaderContext } from './reader-limits.js';
import { redactSources } from './redact-sources.js';

const MAGIC: { kind: string; test: (b: Buffer) => boolean }[] = [
  { kind: 'pdf', test: isPdf },
  { kind: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { kind: 'jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { kind: 'tiff', test: (b) => (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a) },
];

/** The format a scan really has, from its first bytes (its ending may lie). */
export function sniffScan(bytes: Buffer): string | null {
  return MAGIC.find((m) => m.test(bytes))?.kind ?? null;
}

/**
 * Scanned letters: PDF text layers where present, OCR elsewhere, signature from the page image.
 * A broken scan fails with its own code (`scan.truncated`, `scan.corrupt_pdf`, `scan.encrypted_pdf`,
 * `scan.too_many_pixels`, `scan.too_many_pages`) even with OCR off; the whole read is bounded by
 * `itemTimeoutMs` (`scan.timeout`).
 */
export async function readLetter(bytes: Buffer, ctx: ReaderContext, ending: string): Promise<ReadItem> {
  const limits = ctx.limits;
  if (bytes.length === 0) throw new TriageError('intake.empty_file', 'The scan is empty (0 bytes). Scan the letter again.');
  if (bytes.length > limits.maxScanBytes) {
    throw new TriageError('intake.too_large', `The scan has ${bytes.length} bytes, more than the limit of ${limits.maxScanBytes}. Scan at a lower resolution or raise TRIAGE_MAX_SCAN_MB.`);
  }
  const kind = sniffScan(bytes);
  if (kind === null) {
    throw new TriageError('letter.unknown_format', `The file ends in .${ending} but is neither PDF, PNG, JPEG nor TIFF. Check the scanner's export settings.`);
  }
  const limit = deadline(limits.itemTimeoutMs);
  try {
    return await limit.run(readScannedLetter(bytes, kind === 'pdf' ? 'pdf' : 'image', ctx, limit));
  } finally {
    limit.clear();
  }
}

async function readScannedLetter(bytes: Buffer, kind: 'pdf' | 'image', ctx: ReaderContext, limit: Deadline): Promise<ReadItem> {
  const limits = ctx.limits;
  // Header and page tree only (no pixel decoded, no page rendered), so this runs with OCR off too.
  let pdfText: string[] | null = null;
  let pageCount: number;
  if (kind === 'pdf' && ctx.ocr) {
    try {
      const text = await readPdfText(bytes, limits);
      pdfText = text.pages;
      pageCount = text.totalPages;
    } catch (err) {
      throw pdfOpenError(err);
    }
  } else {
    pageCount = (kind === 'pdf' ? await inspectPdf(bytes) : await inspectImage(bytes, pageLimits(limits))).pages;
  }
  // A mailroom batch (hundreds of pages) is not one letter: reading its first pages would give the
  // whole batch one sender. It fails as a whole, to be split (README, "Broken scans").
  if (pageCount > limits.maxPdfPages) throw tooManyPages(pageCount, limits.maxPdfPages);
  if (!ctx.ocr) {
    throw new TriageError('letter.ocr_unavailable', 'Scanned letters need the OCR stage, which is switched off for this run. The item is kept; a case worker reads it.');
  }
  const scan = await readScan(bytes, kind, guardOcr(ctx.ocr, limit), pageLimits(limits, limit.signal), 'letter', 'own', pdfText);
  const { sources, codes } = redactSources(scan.sources);
  return {
    channel: 'letter',
    sources,
    fromDisplay: null,
    form: null,
    facts: { messageId: null, cryptography: [], attachments: [], notes: [`${scan.pages} page(s) read`] },
    signature: scan.signature,
    authCodes: codes,
    unreadable: scan.unreadable,
  };
}
