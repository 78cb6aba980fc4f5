import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeBrokenScans } from '../../fixtures/broken-scans/make-broken.mjs';
import { runCli } from '../../support/run-cli.js';

// The broken scans of issue 3 ("Done means: Broken scans"), generated at test time. With OCR off
// every one of them still gets its own code: the checks read headers and page trees only.
const EXPECTED: Record<string, string> = {
  'corrupt.pdf': 'scan.corrupt_pdf',
  'empty.pdf': 'intake.empty_file',
  'empty.png': 'intake.empty_file',
  'empty.tif': 'intake.empty_file',
  'encrypted.pdf': 'scan.encrypted_pdf',
  'huge-100mp.png': 'scan.too_many_pixels',
  'owner-only.pdf': 'letter.ocr_unavailable', // opens fine (no user password); only OCR is off
  'pages-500.pdf': 'scan.too_many_pages',
  'truncated.jpg': 'scan.truncated',
  'truncated.png': 'scan.truncated',
};
const GOOD = 'zz-good-form.json';

describe('broken scans', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'triage-broken-'));
    await writeBrokenScans(dir);
    copyFileSync('samples/form-01-vollstaendig-osteopathie.json', path.join(dir, GOOD));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('each broken scan is a failed item with its own code and a fix, the good item is processed, exit status 1', { timeout: 60_000 }, async () => {
    const t = performance.now();
    const out = await runCli(['--no-store', '--format', 'jsonl', dir], { TRIAGE_OCR: 'off' });
    const seconds = (performance.now() - t) / 1000;
    assert.equal(out.code, 1, out.stderr);
    assert.equal(out.results.length, readdirSync(dir).length, 'no file is skipped');
    for (const r of out.results) {
      const file = path.basename(String(r.source));
      if (file === GOOD) {
        assert.equal(r.status, 'processed');
        continue;
      }
      assert.equal(r.status, 'failed', file);
      assert.equal(r.error?.code, EXPECTED[file], `${file}: ${r.error?.message}`);
      assert.match(String(r.error?.message), /\. [A-Z].{10,}/, `${file}: the message says what to do`);
      assert.equal(r.needsReview, true);
    }
    assert.ok(seconds < 30, `bounded work: ${seconds.toFixed(1)} s for the whole run`);
  });

  it('the page and pixel limits are configurable', { timeout: 60_000 }, async () => {
    const out = await runCli(['--no-store', '--format', 'jsonl', path.join(dir, 'pages-500.pdf'), path.join(dir, 'huge-100mp.png')], {
      TRIAGE_OCR: 'off',
      TRIAGE_MAX_PDF_PAGES: '500',
      TRIAGE_MAX_SCAN_MEGAPIXELS: '120',
    });
    assert.deepEqual(
      out.results.map((r) => r.error?.code),
      ['letter.ocr_unavailable', 'letter.ocr_unavailable'],
      'within the raised limits both are ordinary scans (and OCR is off)',
    );
    const low = await runCli(['--no-store', '--format', 'jsonl', path.join(dir, 'pages-500.pdf')], { TRIAGE_OCR: 'off', TRIAGE_MAX_PDF_PAGES: '499' });
    assert.match(String(low.results[0]?.error?.message), /500 pages, more than the limit of 499/);
  });

  it('an item over its time limit fails with scan.timeout; the run goes on and ends (OCR on)', { timeout: 90_000 }, async () => {
    const run = mkdtempSync(path.join(tmpdir(), 'triage-timeout-'));
    try {
      mkdirSync(run, { recursive: true });
      copyFileSync(path.join(dir, 'pages-500.pdf'), path.join(run, 'a-batch.pdf'));
      copyFileSync(path.join(dir, 'encrypted.pdf'), path.join(run, 'b-encrypted.pdf'));
      copyFileSync('samples/form-01-vollstaendig-osteopathie.json', path.join(run, 'c-form.json'));
      const t = performance.now();
      // 500 pages allowed, 3 s to read them: the OCR pool starts and reads a page or two, then the limit stops the item.
      const out = await runCli(['--no-store', '--format', 'jsonl', run], {
        TRIAGE_MAX_PDF_PAGES: '500',
        TRIAGE_ITEM_TIMEOUT_MS: '3000',
        TRIAGE_OCR_WORKERS: '1',
      });
      const seconds = (performance.now() - t) / 1000;
      assert.equal(out.code, 1, out.stderr);
      assert.deepEqual(
        out.results.map((r) => [path.basename(String(r.source)), r.status, r.error?.code ?? null]),
        [
          ['a-batch.pdf', 'failed', 'scan.timeout'],
          ['b-encrypted.pdf', 'failed', 'scan.encrypted_pdf'],
          ['c-form.json', 'processed', null],
        ],
      );
      assert.match(String(out.results[0]?.error?.message), /TRIAGE_ITEM_TIMEOUT_MS/);
      assert.ok(seconds < 30, `the run returned (${seconds.toFixed(1)} s): the OCR pool was closed, nothing hangs`);
    } finally {
      rmSync(run, { recursive: true, force: true });
    }
  });
});
