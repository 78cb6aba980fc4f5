import { TriageError } from '../../shared/errors.js';
import type { ReadItem } from '../read-item.js';
import { isPdf } from './attachment-reader.js';
import type { ReaderLimits } from './reader-limits.js';

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
 * Scanned letters. Until the OCR stage exists, a letter is checked and then reported as a failed
 * item with a stable code, so nothing is dropped and the mailroom sees why.
 */
export async function readLetter(bytes: Buffer, limits: ReaderLimits, ending: string): Promise<ReadItem> {
  if (bytes.length === 0) throw new TriageError('intake.empty_file', 'The scan is empty (0 bytes). Scan the letter again.');
  if (bytes.length > limits.maxScanBytes) {
    throw new TriageError('intake.too_large', `The scan has ${bytes.length} bytes, more than the limit of ${limits.maxScanBytes}. Scan at a lower resolution or raise TRIAGE_MAX_SCAN_MB.`);
  }
  const kind = sniffScan(bytes);
  if (kind === null) {
    throw new TriageError('letter.unknown_format', `The file ends in .${ending} but is neither PDF, PNG, JPEG nor TIFF. Check the scanner's export settings.`);
  }
  throw new TriageError(
    'letter.ocr_unavailable',
    'Scanned letters need the OCR stage, which this version does not include yet. The item is kept; a case worker reads it.',
  );
}
