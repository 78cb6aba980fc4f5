// Developer aid: prints the OCR lines (with confidences) of scanned files, to study misreads.
// Prints document text to stdout: run it only on test data.
import { readFile } from 'node:fs/promises';
import { createTesseractPool } from '../src/ocr/tesseract-pool.js';
import { imagePages, pdfPages } from '../src/ocr/page-images.js';

const limits = { maxPixels: 60e6, maxPages: 20, renderDpi: 200, maxRenderWidth: 2480 };
const pool = createTesseractPool({ size: 1, model: '4.0.0_best_int', recycleAfterPages: 300 });
try {
  for (const file of process.argv.slice(2)) {
    const bytes = await readFile(file);
    const { pages } = file.endsWith('.pdf') ? await pdfPages(bytes, limits) : await imagePages(bytes, limits);
    for (const p of pages) {
      console.log(`=== ${file} page ${p.pageNumber} (${p.grey.width}x${p.grey.height})`);
      const r = await pool.recognize(p.png);
      for (const l of r.lines) console.log(`${String(Math.round(l.confidence)).padStart(3)} y=${l.box.y} x=${l.box.x} h=${l.box.height} | ${l.text}`);
    }
  }
} finally {
  await pool.close();
}
