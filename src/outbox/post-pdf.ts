import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { ReplyLetter } from './reply-letter.js';

/** Millimetres to PDF points. */
const mm = (v: number) => (v * 72) / 25.4;

// A4 after DIN 5008, form B (window envelope DL/C6/5): the address field is 85 × 45 mm at 20 mm
// from the left and 45 mm from the top; its first 17.7 mm hold the return line, the address
// itself starts below. Text is written from the 25 mm margin, 20 mm from the right edge.
const PAGE = { width: mm(210), height: mm(297) };
const LEFT = mm(25);
const RIGHT = mm(20);
const ADDRESS_FIELD = { left: mm(20), top: mm(45), width: mm(85) };
const ADDRESS_TOP = mm(45 + 17.7);
const INFO_LEFT = mm(125);
const INFO_TOP = mm(50);
const SUBJECT_TOP = mm(103.4);
const BOTTOM = mm(25);
const FOLD_MARKS = [mm(105), mm(210)];
const HOLE_MARK = mm(148.5);

const SIZE = 11;
const LEADING = SIZE * 1.35;

/** Characters Helvetica's WinAnsi encoding lacks, with a readable stand-in. */
const FALLBACK: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', ı: 'i', Ħ: 'H', ħ: 'h', ĸ: 'k', Ŀ: 'L', ŀ: 'l', Ŋ: 'N', ŋ: 'n', Ŧ: 'T', ŧ: 't', ẞ: 'SS', '\u2212': '-', '\u2011': '-', '\u00a0': ' ', '\u202f': ' ' };

/**
 * Text the font can encode: characters outside its set (WinAnsi for the standard fonts) become
 * their base letter (ő → o) or a stand-in, else `?`, so an unusual name never stops a reply.
 */
export function encodable(text: string, font: PDFFont): string {
  const known = charsetOf(font);
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x20 || known.has(cp)) {
      out += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      out += ' ';
      continue;
    }
    const stand = FALLBACK[ch];
    if (stand !== undefined) {
      out += stand;
      continue;
    }
    const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
    out += base && [...base].every((c) => known.has(c.codePointAt(0)!)) ? base : '?';
  }
  return out;
}

const charsets = new WeakMap<PDFFont, Set<number>>();
function charsetOf(font: PDFFont): Set<number> {
  let set = charsets.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    charsets.set(font, set);
  }
  return set;
}

/** Splits a paragraph into lines no wider than `width` (a word longer than a line is cut). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Renders the cover letter as a print-ready A4 PDF (pdf-lib, standard fonts, no personal data in
 * the document's metadata). The address sits in the DIN 5008 window; further pages follow when
 * the text is long.
 */
export async function renderReplyPdf(letter: ReplyLetter, options: { now?: Date } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const now = options.now ?? new Date();
  doc.setTitle('Eingangsbestätigung');
  doc.setAuthor(letter.sender.name);
  doc.setCreator('kk-triage');
  doc.setProducer('kk-triage (pdf-lib)');
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const text = (s: string, font: PDFFont) => encodable(s, font);

  let page = doc.addPage([PAGE.width, PAGE.height]);
  const fromTop = (y: number) => PAGE.height - y;
  const draw = (p: PDFPage, s: string, x: number, top: number, font: PDFFont, size = SIZE) => p.drawText(text(s, font), { x, y: fromTop(top) - size, size, font, color: rgb(0, 0, 0) });

  // Fold and hole marks at the left edge, for the folding machine and the filing clerk.
  for (const y of [...FOLD_MARKS, HOLE_MARK]) {
    page.drawLine({ start: { x: mm(3), y: fromTop(y) }, end: { x: mm(y === HOLE_MARK ? 9 : 7), y: fromTop(y) }, thickness: 0.4, color: rgb(0.4, 0.4, 0.4) });
  }

  // The insurer's name in the letterhead.
  draw(page, letter.sender.name, LEFT, mm(20), bold, 14);

  // Address field: return line (small, underlined by the window's edge), then the address.
  const returnLine = wrap(text(letter.sender.returnLine, regular), regular, 7, ADDRESS_FIELD.width - mm(5))[0] ?? '';
  draw(page, returnLine, LEFT, ADDRESS_TOP - mm(5), regular, 7);
  letter.recipient.forEach((line, i) => {
    const fitted = wrap(text(line, regular), regular, SIZE, ADDRESS_FIELD.width - mm(5))[0] ?? '';
    draw(page, fitted, LEFT, ADDRESS_TOP + i * LEADING, regular);
  });

  // Information block on the right: date.
  draw(page, `Datum: ${letter.date}`, INFO_LEFT, INFO_TOP, regular, 10);

  // Subject, reference, body.
  const width = PAGE.width - LEFT - RIGHT;
  let top = SUBJECT_TOP;
  const write = (s: string, font: PDFFont, size = SIZE) => {
    for (const line of wrap(text(s, font), font, size, width)) {
      if (top + LEADING > PAGE.height - BOTTOM) {
        page = doc.addPage([PAGE.width, PAGE.height]);
        top = mm(20);
      }
      draw(page, line, LEFT, top, font, size);
      top += size * 1.35;
    }
  };
  write(letter.subject, bold);
  write(`Aktenzeichen: ${letter.reference}`, regular, 10);
  top += LEADING * 1.5;
  write(letter.salutation, regular);
  top += LEADING * 0.6;
  for (const paragraph of letter.paragraphs) {
    write(paragraph, regular);
    top += LEADING * 0.6;
  }
  top += LEADING * 0.4;
  write(letter.closing, regular);
  top += LEADING * 0.6;
  write(letter.signature, regular);
  write('Dieses Schreiben wurde maschinell erstellt und ist ohne Unterschrift gültig.', regular, 8);

  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
