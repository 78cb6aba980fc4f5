import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../../src/config/config.js';
import type { Db } from '../../../src/db/database.js';
import { OPENAPI_DOCUMENT } from '../../../src/review/openapi.js';
import { createReviewApp, createReviewGuard } from '../../../src/review/review-app.js';
import { createLogger } from '../../../src/shared/logger.js';

// Without a session cookie no route reaches the database, so a database that is not there will do.
const noDatabase = new Proxy({}, { get: () => { throw new Error('the database was used'); } }) as unknown as Db;
const deps = { db: noDatabase, config: parseConfig({}), log: createLogger('error', () => {}) };
const app = createReviewApp(deps);
const routes = app.routes.filter((r) => r.method !== 'ALL');
const openapiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

test('every route of the review app is described in the OpenAPI document, and nothing else is', () => {
  const documented = Object.entries(OPENAPI_DOCUMENT.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  assert.deepEqual(new Set(routes.map((r) => `${r.method} ${openapiPath(r.path)}`)), new Set(documented));
  assert.equal(OPENAPI_DOCUMENT.openapi, '3.1.0');
});

test('every documented operation but sign-in names its role and needs the session; state changes also the CSRF token', () => {
  for (const [path, ops] of Object.entries(OPENAPI_DOCUMENT.paths)) {
    for (const [method, op] of Object.entries(ops as Record<string, { 'x-required-role'?: string; security: object[] }>)) {
      if (path === '/api/session' && method === 'post') continue;
      assert.ok(['caseworker', 'supervisor', 'admin'].includes(op['x-required-role'] ?? ''), `${method} ${path}`);
      assert.deepEqual(op.security, method === 'get' ? [{ session: [] }] : [{ session: [], csrf: [] }], `${method} ${path}`);
    }
  }
});

test('every route but sign-in answers 401 without a session, before anything else happens', async () => {
  for (const r of routes) {
    if (r.method === 'POST' && r.path === '/api/session') continue;
    const path = r.path.replace(':id', '00000000-0000-4000-8000-000000000000').replace(':n', '1').replace(':name', 'x');
    const res = await app.request(path, { method: r.method });
    assert.equal(res.status, 401, `${r.method} ${r.path}`);
    assert.deepEqual(await res.json(), { error: { code: 'auth.required', message: 'Sign in first (POST /api/session).' } });
    assert.equal(res.headers.get('cache-control'), 'no-store');
  }
});

test('the guard for routes outside the app (the queue dashboard) refuses without a session', async () => {
  const { Hono } = await import('hono');
  const outer = new Hono();
  outer.use('/admin/queues/*', createReviewGuard(deps).requireRole('admin'));
  outer.get('/admin/queues/x', (c) => c.text('board'));
  const res = await outer.request('/admin/queues/x');
  assert.equal(res.status, 401);
});

test('sign-in refuses a body that is not JSON and a request from another site without touching the database', async () => {
  const form = await app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=a&password=b' });
  assert.equal(form.status, 415);
  const cross = await app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{}' });
  assert.equal(cross.status, 403);
  const broken = await app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
  assert.equal(broken.status, 400);
});

test('a request through a reverse proxy that passes the browser\'s host as X-Forwarded-Host is from this site', async () => {
  const behindProxy = await app.request('http://127.0.0.1:8080/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://review.kasse.example', 'x-forwarded-host': 'review.kasse.example', 'sec-fetch-site': 'same-origin' },
    body: '{"username": 1}',
  });
  assert.equal(behindProxy.status, 400, 'past the site check, refused for its body');
  const sameSite = await app.request('http://127.0.0.1:8080/api/session', { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' }, body: '{}' });
  assert.equal(sameSite.status, 403, 'another origin of the same site is not this site');
});
