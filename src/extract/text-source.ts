import type { Evidence } from './extracted-fields.js';

/**
 * One readable text of an item. `role` says how much it speaks for the sender:
 * - `own`: what the sender wrote now (email body above any quote, form message, letter text);
 * - `document`: a document the sender attached (PDF text, OCR of a scan);
 * - `subject`: the email subject or form subject;
 * - `forwarded`: a forwarded message from the same sender (fills gaps only).
 */
export interface TextSource {
  id: string;
  role: 'own' | 'document' | 'subject' | 'forwarded';
  text: string;
  /** Some of the text was read by OCR, so look-alike characters (0/O, 1/I, 5/S, 8/B) may be swapped. */
  ocr?: boolean;
  /** For OCR text: the page and box of the line holding a character offset. */
  locate?: (offset: number) => { page: number; box: { x: number; y: number; width: number; height: number } } | null;
}

export function evidenceAt(src: TextSource, rule: string, start: number, end: number): Evidence {
  const at = src.locate?.(start) ?? null;
  return { source: src.id, rule, start, end, snippet: src.text.slice(start, end).slice(0, 200), ...(at ? { page: at.page, box: at.box } : {}) };
}

/** Offset of the start of the line holding `index`. */
export function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}
