// Serves the review interface: index.html at `/`, its script and style sheet at `/ui/*`. Plain
// files next to this module (no bundler); read once, served from memory with strict headers.
// Mount it beside the review API: `app.route('/api', createReviewApp(deps)); app.route('/', serveReviewUi())`.
import { readFileSync } from 'node:fs';
import { Hono, type Context, type MiddlewareHandler } from 'hono';

/**
 * The page's policy: only our own script, style, images (page scans) and API; no inline script or
 * style, no plugin, no framing of the page, no form posting elsewhere. `data:` images are the
 * only outside images (none are used today). Email HTML is shown in a sandboxed `srcdoc` iframe,
 * which inherits this policy and adds its own (see `EMAIL_FRAME_CSP`).
 */
export const REVIEW_UI_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The policy written into the email iframe's document (app.js writes the same string). */
export const EMAIL_FRAME_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/** Headers of every response of the interface (and fit for the review API's responses too). */
export const REVIEW_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': REVIEW_UI_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  // Personal and health data: nothing the interface shows is kept by the browser or a proxy.
  'Cache-Control': 'no-store',
};

/** Middleware setting `REVIEW_SECURITY_HEADERS` on every response that passes through it. */
export function reviewSecurityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(REVIEW_SECURITY_HEADERS)) c.res.headers.set(name, value);
  };
}

interface Asset {
  body: string;
  type: string;
}

const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, type] of Object.entries(FILES)) {
    assets.set(name, { body: readFileSync(new URL(`./${name}`, import.meta.url), 'utf8'), type });
  }
  return assets;
}

/** Options of `serveReviewUi`. */
export interface ReviewUiOptions {
  /**
   * Path prefixes of other apps on the same server that bring their own page and policy (the queue
   * dashboard: bull-board needs its `<base>` and inline styles); everything else gets
   * `REVIEW_SECURITY_HEADERS`.
   */
  ownHeaders?: readonly string[];
}

/**
 * The interface as a hono sub-app: `GET /` (and `HEAD`) the page, `GET /ui/app.js`, `/ui/app.css`.
 * Anything else under `/ui/` is 404. Mount it at `/` after the API routes.
 */
export function serveReviewUi(options: ReviewUiOptions = {}): Hono {
  const assets = loadAssets();
  const app = new Hono();
  const secure = reviewSecurityHeaders();
  const own = options.ownHeaders ?? [];
  app.use('*', (c, next) => (own.some((p) => c.req.path === p || c.req.path.startsWith(`${p}/`)) ? next() : secure(c, next)));
  const send = (c: Context, name: string) => {
    const asset = assets.get(name);
    if (!asset) return c.text('Nicht gefunden', 404);
    return c.body(asset.body, 200, { 'Content-Type': asset.type });
  };
  app.get('/', (c) => send(c, 'index.html'));
  app.get('/index.html', (c) => c.redirect('/', 301));
  app.get('/ui/:name', (c) => (c.req.param('name') === 'index.html' ? c.text('Nicht gefunden', 404) : send(c, c.req.param('name'))));
  return app;
}
