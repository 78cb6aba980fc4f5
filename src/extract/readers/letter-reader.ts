import { readScan } from '../../ocr/read-scan.js';
import { TriageError } from '../../shared/errors.js';
import type { ReadItem } from '../read-item.js';
import { isPdf, readPdfText } from './attachment-reader.js';
import { pageLimits, type ReaderContext } from './reader-limits.js';
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

/** Scanned letters: PDF text layers where present, OCR elsewhere, signature from the page image. */
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
  if (!ctx.ocr) {
    throw new TriageError('letter.ocr_unavailable', 'Scanned letters need the OCR stage, which is switched off for this run. The item is kept; a case worker reads it.');
  }
  let pdfText: string[] | null = null;
  if (kind === 'pdf') {
    try {
      pdfText = (await readPdfText(bytes, limits)).pages;
    } catch {
      throw new TriageError('letter.unreadable_pdf', 'The PDF cannot be opened (corrupt or password-protected). Scan the paper letter again.');
    }
  }
  const scan = await readScan(bytes, kind === 'pdf' ? 'pdf' : 'image', ctx.ocr, pageLimits(limits), 'letter', 'own', pdfText);
  const { sources, codes } = redactSources([scan.source]);
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
