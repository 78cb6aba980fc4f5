import { TriageError } from '../shared/errors.js';
import type { Extracted } from '../extract/extracted-fields.js';
import type { TextSource } from '../extract/text-source.js';
import { CLOSING_FORMULA } from '../extract/closing-formula.js';
import { letterRegions } from './letter-layout.js';
import type { Box, OcrEngine, OcrLine, OcrPage } from './ocr-model.js';
import { rotatePage, scanPageStream, type PageImage, type PageImageLimits } from './page-images.js';
import { detectSignature } from './signature.js';
import { dropSpecks } from './drop-specks.js';
import { splitHeadColumns } from './head-columns.js';
import { removeRules } from './remove-rules.js';
import sharp from 'sharp';

export interface ScanReading {
  /**
   * The text of the letter's pages (a PDF's own text layer where it has one), with page, box and
   * layout lookup; then, as a `document`, the enclosures after the page with the closing formula.
   */
  sources: TextSource[];
  signature: Extracted<boolean>;
  pages: number;
  /** No usable text on any page: no text layer and too few words read with confidence (blank or destroyed). */
  unreadable: boolean;
}

const NO_CLOSING = 'no closing formula found';

const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;

interface ReadPage {
  pageNumber: number;
  ocr: OcrPage | null;
  /** The PDF's own text for the page, when it has a usable text layer. */
  text: string | null;
  size: { width: number; height: number };
}

const fold = (s: string) => s.toLowerCase().replace(/[^\p{L}\d]/gu, '');

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
  return m;
}

/** Dice similarity of two lines, ignoring case, spacing and punctuation. */
function similarity(a: string, b: string): number {
  const fa = fold(a);
  const fb = fold(b);
  if (fa === fb) return 1;
  if (fa.length < 2 || fb.length < 2) return 0;
  const ba = bigrams(fa);
  let shared = 0;
  for (const [g, n] of bigrams(fb)) shared += Math.min(n, ba.get(g) ?? 0);
  return (2 * shared) / (fa.length + fb.length - 2);
}

/** The OCR line a text-layer line was printed as, for its page box and layout region. */
function matchOcrLine(line: string, lines: OcrLine[], from: number): number {
  let best = -1;
  let bestScore = 0.6;
  for (let k = 0; k < lines.length; k++) {
    // Prefer the reading order: lines before the last match score a little less.
    const score = similarity(line, lines[k]!.text) - (k < from ? 0.05 : 0);
    if (score > bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return best;
}

function assemble(id: string, role: TextSource['role'], pages: ReadPage[], withLayout: boolean): TextSource {
  type Entry = { start: number; page: number; box: Box };
  const index: Entry[] = [];
  const regions: NonNullable<TextSource['regions']> = [];
  let text = '';
  let ocrRead = false;
  pages.forEach((p, pageIndex) => {
    if (text) text += '\n\n';
    const ocrLines = p.ocr?.lines ?? [];
    const layout = withLayout && pageIndex === 0 && p.ocr ? letterRegions(ocrLines, p.size) : null;
    const add = (line: string, k: number) => {
      const start = text.length;
      if (k >= 0) {
        index.push({ start, page: p.pageNumber, box: ocrLines[k]!.box });
        if (layout) regions.push({ kind: layout[k]!, start, end: start + line.length + 1 });
      }
      text += `${line}\n`;
    };
    if (p.text !== null) {
      let last = 0;
      for (const line of p.text.split('\n')) {
        const k = line.trim() ? matchOcrLine(line, ocrLines, last) : -1;
        if (k >= 0) last = k;
        add(line, k);
      }
      return;
    }
    ocrRead = ocrRead || ocrLines.length > 0;
    ocrLines.forEach((line, k) => add(line.text, k));
  });
  const locate = (offset: number) => {
    let found: Entry | null = null;
    for (const e of index) {
      if (e.start > offset) break;
      found = e;
    }
    return found ? { page: found.page, box: found.box } : null;
  };
  return { id, role, text, locate, ocr: ocrRead, ...(regions.length ? { regions } : {}) };
}

/** Pages after the one holding the closing formula are enclosures (an invoice, a certificate). */
function letterPageCount(pages: ReadPage[]): number {
  const closingPage = pages.findIndex((p) =>
    p.text !== null ? p.text.split('\n').some((l) => CLOSING_FORMULA.test(l.trim())) : (p.ocr?.lines ?? []).some((l) => CLOSING_FORMULA.test(l.text)),
  );
  return closingPage < 0 ? pages.length : closingPage + 1;
}

export interface PageSignature {
  candidate: Extracted<boolean>;
  /** The page has no closing formula: its "no signature" says less than one looked for under a closing. */
  noClosing: boolean;
}

/**
 * The document's signature from its pages' findings, in page order: ink found wins (the most
 * confident), else the most confident "none" of a page with a closing formula, else the first page's.
 */
export function pickSignature(pages: PageSignature[]): Extracted<boolean> | null {
  let best: Extracted<boolean> | null = null;
  for (const { candidate, noClosing } of pages) {
    if (!best || (candidate.value && (!best.value || candidate.confidence > best.confidence)) || (!best.value && !candidate.value && !noClosing && candidate.confidence > best.confidence)) best = candidate;
  }
  return best;
}

/** Words a reader would accept: three letters or more, read with good confidence. */
function legibleWords(page: OcrPage): { legible: number; total: number } {
  let legible = 0;
  let total = 0;
  for (const l of page.lines) {
    for (const w of l.words) {
      if (!/\p{L}{3}/u.test(w.text)) continue;
      total++;
      if (w.confidence >= 70) legible++;
    }
  }
  return { legible, total };
}

/**
 * The page for OCR without the rules of a table, comb boxes or form fields (see remove-rules.ts);
 * `grey` stays the page as scanned, which decides the signature.
 */
async function withoutRules(image: PageImage): Promise<PageImage> {
  const cleaned = removeRules(image.grey);
  if (!cleaned) return image;
  const png = await sharp(cleaned.data, { raw: { width: cleaned.width, height: cleaned.height, channels: 1 } }).png({ compressionLevel: 1 }).withMetadata({ density: 300 }).toBuffer();
  return { ...image, png };
}

/**
 * OCR of one page, turned the right way up when it was fed upside down or sideways. Only a page
 * that reads as gibberish is tried again, so a normal letter costs one pass; a blank page none more.
 */
async function readUpright(image: PageImage, ocr: OcrEngine): Promise<{ image: PageImage; ocr: OcrPage; rotated: number }> {
  const first = await ocr.recognize(image.png);
  const firstWords = legibleWords(first);
  const upright = (w: { legible: number; total: number }) => w.legible >= 8 && w.legible >= w.total * 0.6;
  if (upright(firstWords) || (firstWords.total < 5 && first.lines.length < 5)) return { image, ocr: first, rotated: 0 };
  // A portrait letter scanned sideways comes out landscape: try the quarter turns first then.
  const landscape = image.grey.width > image.grey.height * 1.1;
  const angles: (90 | 180 | 270)[] = landscape ? [90, 270, 180] : [180];
  let best = { image, ocr: first, rotated: 0, legible: firstWords.legible };
  for (const angle of angles) {
    const turned = await rotatePage(image, angle);
    const page = await ocr.recognize(turned.png);
    const words = legibleWords(page);
    if (words.legible > best.legible * 1.5 + 3) best = { image: turned, ocr: page, rotated: angle, legible: words.legible };
    if (upright(words)) break;
  }
  return { image: best.image, ocr: best.ocr, rotated: best.rotated };
}

/**
 * Reads a scanned document (image or PDF): OCR where there is no text layer, and the handwritten
 * signature decided from the page image of the page holding the closing formula.
 */
export async function readScan(
  bytes: Buffer,
  kind: 'pdf' | 'image',
  ocr: OcrEngine,
  limits: PageImageLimits,
  id: string,
  role: TextSource['role'],
  pdfText: string[] | null,
): Promise<ScanReading> {
  const pages: ReadPage[] = [];
  const signatures: PageSignature[] = [];
  let anyClosing = false;
  let firstPageWithoutClosing: ReturnType<typeof detectSignature> | null = null;
  try {
    // One page at a time: its image is let go once its text and signature are read.
    for await (const rendered of scanPageStream(bytes, kind, limits)) {
      const layer = pdfText?.[rendered.pageNumber - 1] ?? null;
      const hasLayer = layer !== null && letters(layer) >= 30;
      // A text layer gives the text; the image still decides the signature, so OCR runs for its boxes.
      const { image, ocr: page, rotated } = await readUpright(await withoutRules(rendered), ocr);
      // Text, layout and the signature's lines without speck debris (a speck far beside the closing
      // formula stretches its box, and the signature is measured in lines of print).
      const size = { width: image.grey.width, height: image.grey.height };
      // A head in two columns is read column by column (see head-columns.ts).
      const cleaned: OcrPage = { ...page, lines: splitHeadColumns(dropSpecks(page.lines), size) };
      pages.push({ pageNumber: image.pageNumber, ocr: cleaned, text: hasLayer ? layer : null, size });
      let s = detectSignature(image.grey, cleaned.lines);
      if (s.reason === NO_CLOSING) {
        // A letter without any closing formula is signed above its typed name on its first page;
        // later pages may be enclosures signed by someone else (a doctor), so only page 1 of the
        // sender's own letter is asked, never an attached document.
        if (image.pageNumber === 1 && role === 'own') firstPageWithoutClosing = detectSignature(image.grey, cleaned.lines, { withoutClosing: true });
      } else anyClosing = true;
      const candidate: Extracted<boolean> = {
        value: s.present,
        confidence: s.confidence,
        evidence: [
          {
            source: id,
            rule: `signature.${s.present ? 'ink' : 'none'}`,
            page: image.pageNumber,
            ...(s.box ? { box: s.box } : {}),
            snippet: rotated ? `${s.reason} (page turned by ${rotated}°)` : s.reason,
          },
        ],
      };
      signatures.push({ candidate, noClosing: s.reason === NO_CLOSING });
    }
  } catch (err) {
    if (err instanceof TriageError) throw err;
    throw new TriageError('scan.unreadable', 'The document could not be rendered (corrupt, encrypted or unsupported). Scan the letter again.', { cause: err });
  }
  const letterPages = letterPageCount(pages);
  // The sender signs their own letter: ink on an enclosure after it (the insurer's letter sent
  // back with a printed "i. A." signature, a doctor's certificate) is someone else's signature.
  let best = pickSignature(role === 'own' ? signatures.slice(0, letterPages) : signatures);
  if (!anyClosing && firstPageWithoutClosing?.present) {
    const s = firstPageWithoutClosing;
    best = { value: true, confidence: s.confidence, evidence: [{ source: id, rule: 'signature.ink', page: 1, ...(s.box ? { box: s.box } : {}), snippet: s.reason }] };
  }
  const sources = [assemble(id, role, pages.slice(0, letterPages), true)];
  if (letterPages < pages.length) sources.push(assemble(`${id}:enclosure`, 'enclosure', pages.slice(letterPages), false));
  return {
    sources,
    signature: best ?? { value: false, confidence: 0.5, evidence: [{ source: id, rule: 'signature.no-page' }] },
    pages: pages.length,
    unreadable: !pages.some((p) => (p.text !== null ? letters(p.text) >= 30 : p.ocr !== null && legibleWords(p.ocr).legible >= 5)),
  };
}
