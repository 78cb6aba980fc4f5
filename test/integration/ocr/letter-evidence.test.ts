import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DEFAULT_LIMITS } from '../../../src/extract/readers/reader-limits.js';
import { createTesseractPool } from '../../../src/ocr/tesseract-pool.js';
import { triageItem, type TriageContext } from '../../../src/pipeline/triage-item.js';

const ocr = createTesseractPool({ size: 1, model: '4.0.0_best_int', recycleAfterPages: 300 });
const ctx: TriageContext = {
  registry: null,
  limits: DEFAULT_LIMITS,
  ocr,
  extract: { insurer: { names: ['Gesundheitskasse Nordrhein'], addresses: [] } },
  decide: { reviewConfidence: 0.6 },
};

async function fieldsOf(file: string) {
  const ending = file.split('.').pop()!;
  const record = await triageItem({ source: file, channel: 'letter', bytes: await readFile(file) }, ctx, ending);
  assert.equal(record.result.status, 'processed');
  return record.fields!;
}

function assertOnPage(label: string, evidence: { page?: number; box?: { width: number; height: number } } | undefined, page: number): void {
  assert.equal(evidence?.page, page, `${label}: page`);
  assert.ok(evidence?.box && evidence.box.width > 0 && evidence.box.height > 0, `${label}: box`);
}

describe('every field read from a letter carries its page and box, for the review screen', { timeout: 120_000 }, () => {
  after(() => ocr.close());

  it('a scanned letter (OCR): name, address, number and signature', async () => {
    const f = await fieldsOf('samples/letter-01-klassisch-unterschrieben-bescheinigung.png');
    assertOnPage('name', f.name?.evidence[0], 1);
    assertOnPage('address', f.address?.evidence[0], 1);
    assertOnPage('insurance number', f.insuranceNumber?.evidence[0], 1);
    assertOnPage('signature', f.signature?.evidence[0], 1);
    assert.equal(f.signature?.value, true);
  });

  it('a PDF with a text layer: its lines are placed by the OCR of the same page', async () => {
    const f = await fieldsOf('samples/letter-08-pdf-textebene-mit-verordnung.pdf');
    assertOnPage('name', f.name?.evidence[0], 1);
    assertOnPage('address', f.address?.evidence[0], 1);
    assertOnPage('insurance number', f.insuranceNumber?.evidence[0], 1);
    assertOnPage('signature', f.signature?.evidence[0], 1);
    // The enclosure (a prescription from a practice) gives no sender address.
    assert.equal(f.address?.value.city, 'Oberhausen');
  });
});
