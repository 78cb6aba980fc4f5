/**
 * Characters OCR confuses with digits: a digit read as its look-alike letter, and back. Only text
 * read by OCR is read through them; typed text means what it says.
 */
export const DIGIT_FOR_LETTER: Readonly<Record<string, string>> = { O: '0', o: '0', D: '0', Q: '0', I: '1', l: '1', '|': '1', S: '5', B: '8', Z: '2', G: '6' };

/** Letters a digit may stand for, the likeliest first. */
export const LETTERS_FOR_DIGIT: Readonly<Record<string, readonly string[]>> = { '0': ['O', 'D', 'Q'], '1': ['I', 'L', 'T'], '2': ['Z'], '4': ['A'], '5': ['S'], '6': ['G'], '7': ['T'], '8': ['B'] };

/** The text with every look-alike letter read as its digit ("4O21B" → "40218"). */
export function asDigits(text: string): string {
  return [...text].map((c) => DIGIT_FOR_LETTER[c] ?? c).join('');
}
