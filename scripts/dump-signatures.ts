// Developer aid: runs OCR and signature detection on scanned files and prints each finding
// (reason, box) next to the expected value from a truth.jsonl, to tune the detector.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTesseractPool } from '../src/ocr/tesseract-pool.js';
import { imagePages, pdfPages } from '../src/ocr/page-images.js';
import { detectSignature } from '../src/ocr/signature.js';

const [truthFile, ...files] = process.argv.slice(2);
const truth = new Map<string, boolean>();
for (const l of (await readFile(truthFile!, 'utf8')).trim().split('\n')) {
  const o = JSON.parse(l);
  truth.set(o.file, o.signaturePresent);
}
const limits = { maxPixels: 60e6, maxPages: 20, renderDpi: 200, maxRenderWidth: 2480 };
const pool = createTesseractPool({ size: 2, model: '4.0.0_best_int', recycleAfterPages: 300 });
try {
  await Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(file);
      const { pages } = file.endsWith('.pdf') ? await pdfPages(bytes, limits) : await imagePages(bytes, limits);
      const out: string[] = [];
      for (const p of pages) {
        const r = await pool.recognize(p.png);
        const s = detectSignature(p.grey, r.lines);
        out.push(`p${p.pageNumber} ${s.present} ${s.confidence.toFixed(2)} ${s.reason} ${JSON.stringify(s.box)}`);
      }
      const want = truth.get(path.basename(file));
      console.log(`${path.basename(file)} want=${want}\n  ${out.join('\n  ')}`);
    }),
  );
} finally {
  await pool.close();
}
