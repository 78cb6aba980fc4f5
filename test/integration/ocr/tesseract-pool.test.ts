import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { imagePages } from '../../../src/ocr/page-images.js';
import { createTesseractPool } from '../../../src/ocr/tesseract-pool.js';

const LIMITS = { maxPixels: 60e6, maxPages: 5, renderDpi: 200, maxRenderWidth: 2480 };

describe('the OCR pool gives up a page at the item time limit and stays usable', { timeout: 120_000 }, () => {
  it('an aborted page is rejected at once with the reason, and the next page is read by a fresh worker', async () => {
    const pool = createTesseractPool({ size: 1, model: '4.0.0_best_int', recycleAfterPages: 300 });
    try {
      const [page] = (await imagePages(await readFile('samples/letter-01-klassisch-unterschrieben-bescheinigung.png'), LIMITS)).pages;
      const controller = new AbortController();
      const reason = new Error('time is up');
      const started = Date.now();
      const reading = pool.recognize(page!.png, { signal: controller.signal });
      setTimeout(() => controller.abort(reason), 100);
      await assert.rejects(reading, (err) => err === reason);
      assert.ok(Date.now() - started < 1500, `gave up after ${Date.now() - started} ms`);

      // A page queued behind a busy worker leaves the queue when its signal fires.
      const busy = pool.recognize(page!.png);
      const queued = new AbortController();
      const waiting = pool.recognize(page!.png, { signal: queued.signal });
      queued.abort(reason);
      await assert.rejects(waiting, (err) => err === reason);

      const read = await busy;
      assert.match(read.text, /Versichertennummer/);

      // With the worker warm, a page given up in the middle of its reading.
      const mid = new AbortController();
      const midReading = pool.recognize(page!.png, { signal: mid.signal });
      setTimeout(() => mid.abort(reason), 150);
      await assert.rejects(midReading, (err) => err === reason);
      assert.match((await pool.recognize(page!.png)).text, /Versichertennummer/);
    } finally {
      await pool.close();
    }
  });
});
