// A stand-in for the review API (same routes and shapes as src/review's createReviewApp), used only
// where the real server cannot produce the situation: an email whose HTML reaches the browser
// UNSANITISED, to show that the sandboxed iframe alone stops its script and remote loads (the real
// server sanitises first). One user, one email item, everything in memory.
import { Hono } from 'hono';

export const STUB_USER = { username: 'stub.pruefer', password: 'stub-passwort-1234', name: 'stub.pruefer', role: 'caseworker' };

export function createStubReviewApi(opts: { html: string }): Hono {
  const app = new Hono();
  const csrfToken = 'stub-csrf-token';
  let signedIn = false;
  const item = {
    intakeId: 'stub-email-0001',
    channel: 'email',
    source: 'stub.eml',
    receivedAt: new Date(Date.now() - 5 * 3600_000).toISOString(),
    assignee: null as string | null,
    closed: false,
    result: { status: 'processed', needsReview: true, authenticated: false, flags: ['member-not-found'], member: { status: 'not-found' }, reply: { channel: 'none', address: null } },
    fields: { name: { value: 'Sabine Reuter', confidence: 0.8, evidence: [{ source: 'body', rule: 'name.closing', snippet: 'Sabine Reuter' }] }, address: null, insuranceNumber: null, signature: null },
    flags: [{ flag: 'member-not-found', text: 'Kein passender Eintrag im Mitgliederverzeichnis.' }],
    member: { status: 'not-found' },
    reply: { channel: 'none', address: null },
    review: { memberMatch: null, signature: null, powerOfAttorneyChecked: false },
    original: { kind: 'email', headers: { from: 'Sabine Reuter <sabine.reuter@web.de>', to: 'service@gk-nordrhein.example', date: new Date().toISOString(), subject: 'Ungefilterte HTML-Mail' }, text: 'Nur Text.', html: opts.html, attachments: [] },
  };
  const unauthorised = () => Response.json({ error: { code: 'auth.required', message: 'sign in' } }, { status: 401 });
  app.post('/api/session', async (c) => {
    const body = (await c.req.json()) as { username?: string; password?: string };
    if (body.username !== STUB_USER.username || body.password !== STUB_USER.password) return c.json({ error: { code: 'auth.invalid', message: 'wrong' } }, 401);
    signedIn = true;
    return c.json({ user: { name: STUB_USER.name, role: STUB_USER.role }, csrfToken });
  });
  app.get('/api/session', (c) => (signedIn ? c.json({ user: { name: STUB_USER.name, role: STUB_USER.role }, csrfToken }) : unauthorised()));
  app.get('/api/basket', (c) =>
    signedIn
      ? c.json({ items: [{ intakeId: item.intakeId, channel: item.channel, receivedAt: item.receivedAt, flags: item.result.flags, status: 'processed', assignee: item.assignee, closed: false }], total: 1, countsByFlag: { 'member-not-found': 1 } })
      : unauthorised(),
  );
  app.get('/api/items/:id', (c) => (!signedIn ? unauthorised() : c.req.param('id') === item.intakeId ? c.json(item) : c.json({ error: { code: 'review.not_found', message: 'no' } }, 404)));
  return app;
}
