import type { Evidence } from './extracted-fields.js';

/**
 * One readable text of an item. `role` says how much it speaks for the sender:
 * - `own`: what the sender wrote now (email body above any quote, form message, letter text);
 * - `document`: a document the sender attached (PDF text, OCR of a scan);
 * - `subject`: the email subject or form subject;
 * - `forwarded`: a forwarded message from the same sender (fills gaps only);
 * - `enclosure`: pages a letter encloses after its closing (an invoice, a certificate): someone
 *   else's document, read for the insurance number, never for the sender's name or address.
 */
/**
 * Where a line stands in a letter (DIN 5008 and the looser layouts people use):
 * - `sender`: the sender's own block (top left above the window, top right, or a header line);
 * - `return-address`: the one-line sender address printed above the address window;
 * - `recipient`: the address window, which holds the insurer, never the sender;
 * - `footer`: the bottom lines of the page (a letterhead's footer);
 * - `date`, `subject`, `greeting`, `closing`, `typed-name`: the letter's parts;
 * - `body`: everything else.
 */
export type LetterRegion = 'sender' | 'return-address' | 'recipient' | 'footer' | 'date' | 'subject' | 'greeting' | 'closing' | 'typed-name' | 'body';

export interface TextSource {
  id: string;
  role: 'own' | 'document' | 'subject' | 'forwarded' | 'enclosure';
  text: string;
  /** Some of the text was read by OCR, so look-alike characters (0/O, 1/I, 5/S, 8/B) may be swapped. */
  ocr?: boolean;
  /** For an attached document: its place in the message (see Evidence.attachment). */
  attachment?: string;
  /** For letters: the layout region of each line of the first page, by character range. */
  regions?: { kind: LetterRegion; start: number; end: number }[];
  /** For OCR text: the page and box of the line holding a character offset. */
  locate?: (offset: number) => { page: number; box: { x: number; y: number; width: number; height: number } } | null;
}

export function evidenceAt(src: TextSource, rule: string, start: number, end: number): Evidence {
  const at = src.locate?.(start) ?? null;
  return {
    source: src.id,
    rule,
    start,
    end,
    snippet: src.text.slice(start, end).slice(0, 200),
    ...(src.attachment ? { attachment: src.attachment } : {}),
    ...(at ? { page: at.page, box: at.box } : {}),
  };
}

/** Offset of the start of the line holding `index`. */
export function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

/** The layout region holding a character offset, when the source knows its layout. */
export function regionAt(src: TextSource, offset: number): LetterRegion | null {
  return src.regions?.find((r) => offset >= r.start && offset < r.end)?.kind ?? null;
}
