import { TriageError } from '../shared/errors.js';
import type { Extracted } from '../extract/extracted-fields.js';
import type { TextSource } from '../extract/text-source.js';
import type { OcrEngine, OcrPage } from './ocr-model.js';
import { imagePages, pdfPages, type PageImage, type PageImageLimits } from './page-images.js';
import { detectSignature } from './signature.js';

export interface ScanReading {
  /** The text of all pages (a PDF's own text layer where it has one), with page and box lookup for OCR lines. */
  source: TextSource;
  signature: Extracted<boolean>;
  pages: number;
  /** No usable text on any page. */
  unreadable: boolean;
}

const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;

function assemble(id: string, role: TextSource['role'], pages: { pageNumber: number; ocr: OcrPage | null; text: string | null }[]): TextSource {
  const index: { start: number; page: number; box: { x: number; y: number; width: number; height: number } }[] = [];
  let text = '';
  for (const p of pages) {
    if (text) text += '\n\n';
    if (p.text !== null) {
      text += p.text;
      continue;
    }
    for (const line of p.ocr?.lines ?? []) {
      index.push({ start: text.length, page: p.pageNumber, box: line.box });
      text += `${line.text}\n`;
    }
  }
  const locate = (offset: number) => {
    let found: (typeof index)[number] | null = null;
    for (const e of index) {
      if (e.start > offset) break;
      found = e;
    }
    return found ? { page: found.page, box: found.box } : null;
  };
  return { id, role, text, locate, ocr: index.length > 0 };
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
  let images: PageImage[];
  try {
    images = (kind === 'pdf' ? await pdfPages(bytes, limits) : await imagePages(bytes, limits)).pages;
  } catch (err) {
    if (err instanceof TriageError) throw err;
    throw new TriageError('scan.unreadable', 'The document could not be rendered (corrupt, encrypted or unsupported). Scan the letter again.', { cause: err });
  }
  const pages: { pageNumber: number; ocr: OcrPage | null; text: string | null; image: PageImage }[] = [];
  for (const image of images) {
    const layer = pdfText?.[image.pageNumber - 1] ?? null;
    const hasLayer = layer !== null && letters(layer) >= 30;
    // A text layer gives the text; the image still decides the signature, so OCR runs for its boxes.
    const page = await ocr.recognize(image.png);
    pages.push({ pageNumber: image.pageNumber, ocr: page, text: hasLayer ? layer : null, image });
  }
  let best: Extracted<boolean> | null = null;
  for (const p of pages) {
    if (!p.ocr) continue;
    const s = detectSignature(p.image.grey, p.ocr.lines);
    const candidate: Extracted<boolean> = {
      value: s.present,
      confidence: s.confidence,
      evidence: [{ source: id, rule: `signature.${s.present ? 'ink' : 'none'}`, page: p.pageNumber, ...(s.box ? { box: s.box } : {}), snippet: s.reason }],
    };
    if (!best || (candidate.value && (!best.value || candidate.confidence > best.confidence)) || (!best.value && !candidate.value && s.reason !== 'no closing formula found' && candidate.confidence > best.confidence)) best = candidate;
  }
  const source = assemble(id, role, pages);
  return {
    source,
    signature: best ?? { value: false, confidence: 0.5, evidence: [{ source: id, rule: 'signature.no-page' }] },
    pages: pages.length,
    unreadable: letters(source.text) < 20,
  };
}
