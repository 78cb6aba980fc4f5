// The review interface's static files: what is served where, and the headers that lock it down.
// The interface in a real browser against the real server: test/e2e/review.e2e.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REVIEW_UI_CSP, serveReviewUi } from '../../../src/review/ui/static.js';

const T = { timeout: 10_000 };

describe('serveReviewUi', T, () => {
  const app = serveReviewUi();

  it('serves the page at / with the strict policy and no caching', async () => {
    const res = await app.request('/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
    assert.equal(
      res.headers.get('content-security-policy'),
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    assert.equal(res.headers.get('content-security-policy'), REVIEW_UI_CSP);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    const html = await res.text();
    assert.match(html, /<html lang="de">/);
    assert.match(html, /<script type="module" src="\/ui\/app\.js"><\/script>/);
    // No inline script or style: the policy would refuse them.
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
    assert.doesNotMatch(html, /<style|\sstyle=/);
  });

  it('serves the script and the style sheet under /ui/ with their types', async () => {
    const js = await app.request('/ui/app.js');
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(js.headers.get('x-content-type-options'), 'nosniff');
    const css = await app.request('/ui/app.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
  });

  it('serves nothing else: other names, the module itself and paths outside the folder are 404', async () => {
    for (const path of ['/ui/static.ts', '/ui/index.html', '/ui/nothing.js', '/ui/..%2Fstatic.ts', '/ui/%2e%2e/static.ts', '/ui/']) {
      const res = await app.request(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get('content-security-policy'), REVIEW_UI_CSP, path);
    }
  });

  it('never writes data into the page as markup (no innerHTML, outerHTML, insertAdjacentHTML or document.write)', async () => {
    const js = await (await app.request('/ui/app.js')).text();
    assert.doesNotMatch(js, /\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write/);
    // The email's HTML goes into a sandboxed iframe without allow-scripts, under its own policy.
    assert.match(js, /setAttribute\('sandbox', ''\)/);
    assert.doesNotMatch(js, /allow-scripts|allow-same-origin/);
    assert.match(js, /default-src 'none'; img-src data:; style-src 'unsafe-inline'/);
  });
});
