// The review API (issue 5) on both databases: the samples triaged by the `triage` command into
// PGlite in a temporary folder (as in a fresh clone) and into PostgreSQL in a schema of its own,
// users added with `triage users add`, and every route called through app.request().
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createReviewApp } from '../../../src/review/review-app.js';
import { OPENAPI_DOCUMENT } from '../../../src/review/openapi.js';
import { createLogger } from '../../../src/shared/logger.js';
import { ALBERS_NUMBER, call, createReviewEnv, PASSWORD, signIn, type ReviewEnv, type Session, type UserName } from './review-harness.js';

const T = { timeout: 120_000 };

type Role = 'caseworker' | 'supervisor' | 'admin';
interface RouteCase {
  method: 'GET' | 'POST' | 'DELETE';
  /** The route as registered (hono pattern). */
  pattern: string;
  role: Role;
  body?: unknown;
}

/** Every route of the app but sign-in, with the least role it needs. */
const ROUTES: RouteCase[] = [
  { method: 'GET', pattern: '/api/session', role: 'caseworker' },
  { method: 'DELETE', pattern: '/api/session', role: 'caseworker' },
  { method: 'GET', pattern: '/api/basket', role: 'caseworker' },
  { method: 'GET', pattern: '/api/items/:id', role: 'caseworker' },
  { method: 'GET', pattern: '/api/items/:id/pages/:n', role: 'caseworker' },
  { method: 'GET', pattern: '/api/items/:id/attachments/:part/pages/:n', role: 'caseworker' },
  { method: 'POST', pattern: '/api/items/:id/claim', role: 'caseworker' },
  { method: 'POST', pattern: '/api/items/:id/release', role: 'caseworker' },
  { method: 'POST', pattern: '/api/items/:id/assign', role: 'supervisor', body: { username: 'bernd' } },
  { method: 'POST', pattern: '/api/items/:id/corrections', role: 'caseworker', body: { field: 'name', value: 'Erika Mustermann' } },
  { method: 'POST', pattern: '/api/items/:id/decisions', role: 'caseworker', body: { powerOfAttorneyChecked: true } },
  { method: 'POST', pattern: '/api/items/:id/reply-route', role: 'caseworker', body: { channel: 'post' } },
  { method: 'POST', pattern: '/api/items/:id/close', role: 'caseworker' },
  { method: 'POST', pattern: '/api/items/:id/reply', role: 'caseworker' },
  { method: 'GET', pattern: '/api/audit', role: 'supervisor' },
  { method: 'GET', pattern: '/api/users', role: 'admin' },
  { method: 'POST', pattern: '/api/users', role: 'admin', body: { username: 'nobody-new', password: 'a-long-enough-password', role: 'caseworker' } },
  { method: 'POST', pattern: '/api/users/:name/unlock', role: 'admin' },
  { method: 'POST', pattern: '/api/users/:name/role', role: 'admin', body: { role: 'caseworker' } },
  { method: 'GET', pattern: '/api/openapi.json', role: 'caseworker' },
];

const LOWER: Record<Role, UserName | null> = { caseworker: null, supervisor: 'anna', admin: 'sabine' };

for (const backend of ['pglite', 'postgres'] as const) {
  describe(`review API on ${backend}`, () => {
    let env: ReviewEnv;
    const sessions = {} as Record<UserName, Session>;
    const path = (pattern: string, item = env.ids.strangerForm) => pattern.replace(':id', item).replace(':part', '1').replace(':n', '1').replace(':name', 'lisa');
    const results = async (intakeId: string) =>
      Number(
        ((await env.database.db.execute((await import('drizzle-orm')).sql`select count(*) as n from results where intake_id = ${intakeId}::uuid`)) as unknown as { rows: { n: string }[] }).rows[0]!.n,
      );

    before(async () => {
      env = await createReviewEnv(backend);
      for (const user of ['anna', 'bernd', 'sabine', 'adam'] as const) sessions[user] = await signIn(env.app, user);
    });
    after(async () => {
      await env?.cleanup();
    });

    test('the route list of these tests is every route of the app, and the OpenAPI document describes each', () => {
      const registered = env.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`);
      const listed = [...ROUTES.map((r) => `${r.method} ${r.pattern}`), 'POST /api/session'];
      assert.deepEqual(new Set(registered), new Set(listed));
      for (const r of env.app.routes.filter((x) => x.method !== 'ALL')) {
        const openapiPath = r.path.replace(/:(\w+)/g, '{$1}');
        const entry = (OPENAPI_DOCUMENT.paths as Record<string, Record<string, unknown>>)[openapiPath];
        assert.ok(entry?.[r.method.toLowerCase()], `${r.method} ${r.path} is in the OpenAPI document`);
      }
    });

    test('every route answers 401 without a session, also without a CSRF token', T, async () => {
      for (const r of ROUTES) {
        const res = await call(env.app, r.method, path(r.pattern), { body: r.body });
        assert.equal(res.status, 401, `${r.method} ${r.pattern}`);
        assert.equal(res.body.error.code, 'auth.required');
      }
      const forged = await call(env.app, 'GET', '/api/basket', { headers: { cookie: 'triage_session=made-up-token' } });
      assert.equal(forged.status, 401);
    });

    test('every route above the caseworker role answers 403 to the role below it', T, async () => {
      for (const r of ROUTES.filter((x) => LOWER[x.role])) {
        const res = await call(env.app, r.method, path(r.pattern), { session: sessions[LOWER[r.role]!], body: r.body });
        assert.equal(res.status, 403, `${r.method} ${r.pattern}`);
        assert.equal(res.body.error.code, 'auth.forbidden');
      }
      const viewed = await call(env.app, 'GET', `/api/audit?user=anna&action=review.viewed`, { session: sessions.sabine });
      assert.equal(viewed.status, 200, 'a supervisor may do what is refused to a caseworker');
    });

    test('every state-changing route refuses a request without the CSRF token, with a wrong one, or from another site', T, async () => {
      const unsafe = ROUTES.filter((r) => r.method !== 'GET');
      for (const r of unsafe) {
        const missing = await call(env.app, r.method, path(r.pattern), { session: sessions.adam, csrf: null, body: r.body });
        assert.equal(missing.status, 403, `${r.method} ${r.pattern} without token`);
        assert.equal(missing.body.error.code, 'auth.csrf');
        const wrong = await call(env.app, r.method, path(r.pattern), { session: sessions.adam, csrf: sessions.anna.csrf, body: r.body });
        assert.equal(wrong.status, 403, `${r.method} ${r.pattern} with another session's token`);
        const crossSite = await call(env.app, r.method, path(r.pattern), { session: sessions.adam, body: r.body, headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
        assert.equal(crossSite.status, 403, `${r.method} ${r.pattern} from another site`);
      }
      // Nothing happened: still signed in, the item unclaimed, no user added.
      assert.equal((await call(env.app, 'GET', '/api/session', { session: sessions.adam })).status, 200);
      const item = await call(env.app, 'GET', `/api/items/${env.ids.strangerForm}`, { session: sessions.adam });
      assert.equal(item.body.assignee, null);
      const users = await call(env.app, 'GET', '/api/users', { session: sessions.adam });
      assert.ok(!users.body.users.some((u: { name: string }) => u.name === 'nobody-new'));
    });

    test('sign-in sets an httpOnly, SameSite=Strict session cookie (not Secure by default) and returns the CSRF token; sign-out ends the session', T, async () => {
      const res = await call(env.app, 'POST', '/api/session', { body: { username: 'bernd', password: PASSWORD.bernd } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.user, { name: 'bernd', role: 'caseworker' });
      const cookie = res.headers.get('set-cookie') ?? '';
      assert.match(cookie, /^triage_session=[A-Za-z0-9_-]{40,};/);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      assert.match(cookie, /Path=\//);
      assert.doesNotMatch(cookie, /Secure/);
      const session = { cookie: cookie.split(';')[0]!, csrf: res.body.csrfToken as string };
      const current = await call(env.app, 'GET', '/api/session', { session });
      assert.deepEqual(current.body, { user: { name: 'bernd', role: 'caseworker' }, csrfToken: session.csrf });
      assert.equal((await call(env.app, 'DELETE', '/api/session', { session })).status, 204);
      assert.equal((await call(env.app, 'GET', '/api/session', { session })).status, 401);
      assert.equal((await call(env.app, 'GET', '/api/session', { session: sessions.bernd })).status, 200, 'the other session of the same user lives on');
    });

    test('an unknown user and a wrong password get the same answer; sign-in from another site is refused', T, async () => {
      const unknown = await call(env.app, 'POST', '/api/session', { body: { username: 'nemo', password: 'whatever-it-is-1' } });
      const wrong = await call(env.app, 'POST', '/api/session', { body: { username: 'adam', password: 'not-adams-password' } });
      assert.equal(unknown.status, 401);
      assert.deepEqual(unknown.body, wrong.body);
      assert.equal(wrong.body.error.code, 'auth.invalid');
      const crossSite = await call(env.app, 'POST', '/api/session', { body: { username: 'adam', password: PASSWORD.adam }, headers: { origin: 'https://evil.example' } });
      assert.equal(crossSite.status, 403);
      assert.equal(crossSite.headers.get('set-cookie'), null);
      const fetchedCrossSite = await call(env.app, 'POST', '/api/session', { body: { username: 'adam', password: PASSWORD.adam }, headers: { 'sec-fetch-site': 'cross-site' } });
      assert.equal(fetchedCrossSite.status, 403);
      const form = await call(env.app, 'POST', '/api/session', { body: `username=adam&password=${PASSWORD.adam}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(form.status, 415, 'a plain HTML form cannot sign anyone in');
    });

    test('five failed sign-ins in a row lock the account (423, also with the right password) until an admin unlocks it', T, async () => {
      for (let i = 1; i <= 4; i++) {
        const res = await call(env.app, 'POST', '/api/session', { body: { username: 'lisa', password: `wrong-${i}` } });
        assert.equal(res.status, 401, `attempt ${i}`);
      }
      const fifth = await call(env.app, 'POST', '/api/session', { body: { username: 'lisa', password: 'wrong-5' } });
      assert.equal(fifth.status, 423);
      assert.equal(fifth.body.error.code, 'auth.locked');
      const right = await call(env.app, 'POST', '/api/session', { body: { username: 'lisa', password: PASSWORD.lisa } });
      assert.equal(right.status, 423);
      const users = await call(env.app, 'GET', '/api/users', { session: sessions.adam });
      assert.equal(users.body.users.find((u: { name: string }) => u.name === 'lisa').locked, true);
      const unlocked = await call(env.app, 'POST', '/api/users/lisa/unlock', { session: sessions.adam });
      assert.equal(unlocked.status, 200);
      await signIn(env.app, 'lisa');
      const trail = await call(env.app, 'GET', '/api/audit?user=lisa&action=auth.*', { session: sessions.sabine });
      assert.deepEqual(
        trail.body.events.map((e: { action: string }) => e.action),
        ['auth.signed_in', 'auth.locked', 'auth.sign_in_failed', 'auth.sign_in_failed', 'auth.sign_in_failed', 'auth.sign_in_failed', 'auth.sign_in_failed'],
      );
      const byAdmin = await call(env.app, 'GET', '/api/audit?user=adam&action=user.unlocked', { session: sessions.sabine });
      assert.equal(byAdmin.body.events[0].details.username, 'lisa');
    });

    test('failed sign-ins per user name and address are rate-limited with 429 and Retry-After', T, async () => {
      for (let i = 1; i <= 10; i++) {
        const res = await call(env.app, 'POST', '/api/session', { body: { username: 'ghost', password: `guess-${i}` } });
        assert.equal(res.status, 401, `attempt ${i}`);
      }
      const limited = await call(env.app, 'POST', '/api/session', { body: { username: 'ghost', password: 'guess-11' } });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error.code, 'auth.rate_limited');
      const retryAfter = Number(limited.headers.get('retry-after'));
      assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);
      await signIn(env.app, 'rita'); // another name from the same address is not held up
    });

    test('the basket lists open flagged items oldest first, filters by flag, channel, age and assignee, and counts per flag', T, async () => {
      const all = await call(env.app, 'GET', '/api/basket', { session: sessions.anna });
      assert.equal(all.status, 200);
      const ids = all.body.items.map((i: { intakeId: string }) => i.intakeId);
      for (const name of ['unsignedLetter', 'misnumberedLetter', 'formWithoutNumber', 'authCodeEmail', 'invalidNumberEmail', 'strangerForm'] as const) {
        assert.ok(ids.includes(env.ids[name]), `${name} is in the basket`);
      }
      assert.ok(!ids.includes(env.ids.htmlEmail), 'an item that needs no review is not');
      const times = all.body.items.map((i: { receivedAt: string }) => Date.parse(i.receivedAt));
      assert.deepEqual(times, [...times].sort((a, b) => a - b));
      assert.equal(all.body.total, all.body.items.length);
      assert.equal(all.body.countsByFlag['member-mismatch'], 3);
      assert.equal(all.body.countsByFlag['missing-signature'], 1);
      assert.ok(all.body.items.every((i: { closed: boolean }) => i.closed === false));

      const mismatch = await call(env.app, 'GET', '/api/basket?flag=member-mismatch&channel=letter', { session: sessions.anna });
      assert.deepEqual(mismatch.body.items.map((i: { intakeId: string }) => i.intakeId), [env.ids.misnumberedLetter]);
      assert.deepEqual(mismatch.body.countsByFlag, all.body.countsByFlag);
      const old = await call(env.app, 'GET', '/api/basket?minAgeHours=48', { session: sessions.anna });
      assert.equal(old.body.total, 0);
      const page = await call(env.app, 'GET', '/api/basket?limit=2&offset=1', { session: sessions.anna });
      assert.deepEqual(page.body.items.map((i: { intakeId: string }) => i.intakeId), ids.slice(1, 3));
      assert.equal(page.body.total, all.body.total);
      const bad = await call(env.app, 'GET', '/api/basket?flag=not-a-flag', { session: sessions.anna });
      assert.equal(bad.status, 400);
    });

    test('an item is claimed before work: a second claim is refused, two claims at once leave one winner', T, async () => {
      const item = env.ids.invalidNumberEmail;
      const [a, b] = await Promise.all([
        call(env.app, 'POST', `/api/items/${item}/claim`, { session: sessions.anna }),
        call(env.app, 'POST', `/api/items/${item}/claim`, { session: sessions.bernd }),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409]);
      const winner = a.status === 200 ? 'anna' : 'bernd';
      const loser = winner === 'anna' ? 'bernd' : 'anna';
      assert.equal((a.status === 409 ? a : b).body.error.code, 'review.claimed');
      const again = await call(env.app, 'POST', `/api/items/${item}/claim`, { session: sessions[loser] });
      assert.equal(again.status, 409);
      assert.equal((await call(env.app, 'POST', `/api/items/${item}/claim`, { session: sessions[winner] })).status, 200, 'claiming one\'s own item again is fine');
      const mine = await call(env.app, 'GET', '/api/basket?assignee=me', { session: sessions[winner] });
      assert.ok(mine.body.items.some((i: { intakeId: string }) => i.intakeId === item));
      const unassigned = await call(env.app, 'GET', '/api/basket?assignee=none', { session: sessions[winner] });
      assert.ok(!unassigned.body.items.some((i: { intakeId: string }) => i.intakeId === item));
      // Only the holder (or a supervisor) lets go; a supervisor may give it to someone.
      assert.equal((await call(env.app, 'POST', `/api/items/${item}/release`, { session: sessions[loser] })).status, 409);
      assert.equal((await call(env.app, 'POST', `/api/items/${item}/release`, { session: sessions.sabine })).status, 200);
      const assigned = await call(env.app, 'POST', `/api/items/${item}/assign`, { session: sessions.sabine, body: { username: loser } });
      assert.deepEqual(assigned.body, { assignee: loser });
      assert.equal((await call(env.app, 'POST', `/api/items/${item}/assign`, { session: sessions.sabine, body: { username: 'nobody-at-all' } })).status, 404);
      const released = await call(env.app, 'POST', `/api/items/${item}/release`, { session: sessions[loser] });
      assert.deepEqual(released.body, { assignee: null });
    });

    test('correcting the insurance number of a flagged letter runs the rules again: matched and authenticated; the audit log holds the view and the correction with the user', T, async () => {
      const item = env.ids.misnumberedLetter;
      const view = await call(env.app, 'GET', `/api/items/${item}`, { session: sessions.anna });
      assert.equal(view.status, 200);
      assert.equal(view.body.result.member.status, 'mismatch');
      assert.equal(view.body.result.authenticated, false);
      assert.deepEqual(view.body.flags.map((f: { flag: string }) => f.flag), ['member-mismatch']);
      assert.match(view.body.flags[0].text, /Zuordnung prüfen/);
      assert.equal(view.body.member.registered.name, 'Jonas Albers');

      const unclaimed = await call(env.app, 'POST', `/api/items/${item}/corrections`, { session: sessions.anna, body: { field: 'insuranceNumber', value: ALBERS_NUMBER } });
      assert.equal(unclaimed.status, 409);
      assert.equal(unclaimed.body.error.code, 'review.not_claimed');
      assert.equal((await call(env.app, 'POST', `/api/items/${item}/claim`, { session: sessions.anna })).status, 200);
      const notHolder = await call(env.app, 'POST', `/api/items/${item}/corrections`, { session: sessions.bernd, body: { field: 'insuranceNumber', value: ALBERS_NUMBER } });
      assert.equal(notHolder.status, 409);
      assert.equal(notHolder.body.error.code, 'review.claimed');
      const malformed = await call(env.app, 'POST', `/api/items/${item}/corrections`, { session: sessions.anna, body: { field: 'insuranceNumber', value: '12345' } });
      assert.equal(malformed.status, 400);

      const spaced = `${ALBERS_NUMBER[0]} ${ALBERS_NUMBER.slice(1, 5)} ${ALBERS_NUMBER.slice(5)}`.toLowerCase();
      const corrected = await call(env.app, 'POST', `/api/items/${item}/corrections`, { session: sessions.anna, body: { field: 'insuranceNumber', value: spaced } });
      assert.equal(corrected.status, 200, JSON.stringify(corrected.body));
      const { result, fields } = corrected.body;
      assert.equal(result.sender.insuranceNumber, ALBERS_NUMBER);
      assert.equal(result.member.status, 'matched');
      assert.equal(result.authenticated, true);
      assert.deepEqual(result.flags, []);
      assert.equal(result.needsReview, false);
      assert.equal(fields.insuranceNumber.confidence, 1);
      assert.deepEqual(fields.insuranceNumber.evidence[0], { source: 'case-worker', rule: 'review.corrected' });
      assert.notEqual(corrected.body.resultId, view.body.resultId);
      assert.equal(await results(item), 2, 'a new result row; the first one stays');
      const stillMine = await call(env.app, 'GET', '/api/basket?assignee=me', { session: sessions.anna });
      assert.ok(stillMine.body.items.some((i: { intakeId: string }) => i.intakeId === item), 'a held item stays in its holder\'s basket until closed');

      const trail = await call(env.app, 'GET', `/api/audit?intakeId=${item}`, { session: sessions.sabine });
      assert.equal(trail.status, 200);
      const actions = trail.body.events.map((e: { action: string; actor: string }) => `${e.actor} ${e.action}`);
      assert.ok(actions.includes('anna review.viewed'));
      assert.ok(actions.includes('anna review.claimed'));
      const correction = trail.body.events.find((e: { action: string }) => e.action === 'review.corrected');
      assert.equal(correction.actor, 'anna');
      assert.equal(correction.details.field, 'insuranceNumber');
      assert.equal(correction.details.changed, true);
      assert.deepEqual(correction.details.memberStatus, { before: 'mismatch', after: 'matched' });
      assert.deepEqual(correction.details.flagsRemoved, ['member-mismatch']);
      assert.equal(correction.details.resultId, corrected.body.resultId);
      assert.ok(!JSON.stringify(trail.body).includes(ALBERS_NUMBER) && !JSON.stringify(trail.body).includes('N258610939'), 'the audit log holds no insurance numbers');
      const times = trail.body.events.map((e: { id: number }) => e.id);
      assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    });

    test('the letter view has page images in the pixel space of the evidence boxes, turned like the reader turned the page', T, async () => {
      const item = env.ids.misnumberedLetter;
      const view = await call(env.app, 'GET', `/api/items/${item}`, { session: sessions.bernd });
      assert.equal(view.body.original.kind, 'letter');
      const [page] = view.body.original.pages;
      assert.deepEqual([page.page, page.width, page.height, page.url], [1, 1654, 2339, `/api/items/${item}/pages/1`]);
      assert.deepEqual(page.boxes.map((b: { field: string }) => b.field).sort(), ['address', 'insuranceNumber', 'name', 'signature']);
      const image = await call(env.app, 'GET', page.url, { session: sessions.bernd });
      assert.equal(image.status, 200);
      assert.equal(image.headers.get('content-type'), 'image/png');
      assert.equal(image.headers.get('cache-control'), 'no-store');
      assert.equal(image.headers.get('x-box-width'), '1654');
      const meta = await sharp(image.bytes).metadata();
      assert.deepEqual([meta.width, meta.height], [1654, 2339]);
      // The signature box holds the pen's ink on the page as served (it was found on the turned page).
      const sig = page.boxes.find((b: { field: string }) => b.field === 'signature').box;
      const inked = async (box: { x: number; y: number; width: number; height: number }) => {
        const { data } = await sharp(image.bytes).extract({ left: box.x, top: box.y, width: box.width, height: box.height }).greyscale().raw().toBuffer({ resolveWithObject: true });
        return data.filter((v) => v < 128).length / data.length;
      };
      const mirrored = { ...sig, x: 1654 - sig.x - sig.width, y: 2339 - sig.y - sig.height };
      assert.ok((await inked(sig)) > 0.02, 'ink in the signature box');
      assert.ok((await inked(sig)) > (await inked(mirrored)), 'more ink there than where the box would be on the page as scanned');
      assert.equal((await call(env.app, 'GET', `/api/items/${item}/pages/2`, { session: sessions.bernd })).status, 404);
      assert.equal((await call(env.app, 'GET', `/api/items/${env.ids.htmlEmail}/pages/1`, { session: sessions.bernd })).status, 404);
      const trail = await call(env.app, 'GET', `/api/audit?intakeId=${item}&user=bernd`, { session: sessions.sabine });
      assert.deepEqual(trail.body.events.map((e: { action: string }) => e.action).slice(0, 2), ['review.viewed_page', 'review.viewed']);
    });

    test('marking the signature present on an unsigned letter authenticates the matched member; the reply route takes post or portal, never email; closing takes the item out of the basket', T, async () => {
      const item = env.ids.unsignedLetter;
      assert.equal((await call(env.app, 'POST', `/api/items/${item}/claim`, { session: sessions.bernd })).status, 200);
      const decided = await call(env.app, 'POST', `/api/items/${item}/decisions`, { session: sessions.bernd, body: { signature: 'present' } });
      assert.equal(decided.status, 200, JSON.stringify(decided.body));
      assert.equal(decided.body.result.signaturePresent, true);
      assert.equal(decided.body.result.authenticated, true);
      assert.deepEqual(decided.body.result.flags, []);
      assert.equal(decided.body.review.signature, 'present');
      assert.equal(decided.body.fields.signature.evidence[0].rule, 'review.signature');

      for (const channel of ['email', 'none', 'fax', null]) {
        const refused = await call(env.app, 'POST', `/api/items/${item}/reply-route`, { session: sessions.bernd, body: { channel } });
        assert.equal(refused.status, 400);
        assert.equal(refused.body.error.code, 'review.reply_channel');
      }
      const post = await call(env.app, 'POST', `/api/items/${item}/reply-route`, { session: sessions.bernd, body: { channel: 'post' } });
      assert.deepEqual(post.body.reply, { channel: 'post', address: { name: 'Monika Brandes', street: 'Am Weiher 5', postalCode: '41836', city: 'Hückelhoven' }, chosenBy: 'case-worker' });
      assert.equal(post.body.result.reply.channel, 'portal', 'the rules\' result stays as it was');

      const closed = await call(env.app, 'POST', `/api/items/${item}/close`, { session: sessions.bernd });
      assert.equal(closed.status, 200);
      assert.equal(closed.body.closed, true);
      assert.equal(closed.body.closedBy, 'bernd');
      const basket = await call(env.app, 'GET', '/api/basket', { session: sessions.bernd });
      assert.ok(!basket.body.items.some((i: { intakeId: string }) => i.intakeId === item));
      const late = await call(env.app, 'POST', `/api/items/${item}/corrections`, { session: sessions.bernd, body: { field: 'name', value: 'Monika Brandes' } });
      assert.equal(late.body.error.code, 'review.closed');
      assert.equal((await call(env.app, 'POST', `/api/items/${item}/claim`, { session: sessions.anna })).body.error.code, 'review.closed');
    });

    test('a contact form without number is authenticated once the registered number is entered', T, async () => {
      const item = env.ids.formWithoutNumber;
      assert.equal((await call(env.app, 'POST', `/api/items/${item}/claim`, { session: sessions.anna })).status, 200);
      const corrected = await call(env.app, 'POST', `/api/items/${item}/corrections`, { session: sessions.anna, body: { field: 'insuranceNumber', value: 'G759429785' } });
      assert.equal(corrected.body.result.member.status, 'matched');
      assert.equal(corrected.body.result.authenticated, true);
      assert.equal(corrected.body.original.kind, 'contact-form');
      assert.equal(corrected.body.original.fields.lastName, 'Vogt');
      const address = await call(env.app, 'POST', `/api/items/${item}/corrections`, { session: sessions.anna, body: { field: 'address', value: { street: 'Am Markt 5', postalCode: '41372', city: 'Niederkrüchten' } } });
      assert.equal(address.body.result.authenticated, false, 'another address than the registered one does not authenticate');
      assert.equal(address.body.result.reply.address.street, 'Am Markt 3a', 'the reply still goes to the registered address');
    });

    test('a confirmed member match and a checked power of attorney are recorded but change no result', T, async () => {
      const item = env.ids.strangerForm;
      const before = await call(env.app, 'GET', `/api/items/${item}`, { session: sessions.anna });
      assert.equal((await call(env.app, 'POST', `/api/items/${item}/claim`, { session: sessions.anna })).status, 200);
      const decided = await call(env.app, 'POST', `/api/items/${item}/decisions`, { session: sessions.anna, body: { memberMatch: 'confirmed', powerOfAttorneyChecked: true } });
      assert.equal(decided.status, 200);
      assert.deepEqual(decided.body.review, { memberMatch: 'confirmed', signature: null, powerOfAttorneyChecked: true, replyChannel: null });
      assert.equal(decided.body.resultId, before.body.resultId);
      assert.equal(decided.body.result.authenticated, false);
      assert.equal(decided.body.result.member.status, 'not-found');
      const portal = await call(env.app, 'POST', `/api/items/${item}/reply-route`, { session: sessions.anna, body: { channel: 'portal' } });
      assert.equal(portal.status, 409, 'no portal for someone not matched');
      assert.equal(portal.body.error.code, 'review.reply_route_unavailable');
      const empty = await call(env.app, 'POST', `/api/items/${item}/decisions`, { session: sessions.anna, body: {} });
      assert.equal(empty.status, 400);
    });

    test('an item that disclosed an authentication code shows only its redacted texts, nowhere the code', T, async () => {
      const view = await call(env.app, 'GET', `/api/items/${env.ids.authCodeEmail}`, { session: sessions.anna });
      assert.equal(view.status, 200);
      assert.equal(view.body.original.kind, 'withheld');
      assert.ok(view.body.original.texts.some((t: { text: string }) => t.text.includes('[Code entfernt]')));
      assert.ok(!view.bytes.toString('utf8').includes('5038'));
      assert.ok(view.body.flags.some((f: { flag: string; text: string }) => f.flag === 'auth-code-disclosed' && /sperren/.test(f.text)));
    });

    test('an email is shown as plain text and sanitised HTML', T, async () => {
      const view = await call(env.app, 'GET', `/api/items/${env.ids.htmlEmail}`, { session: sessions.anna });
      const { original } = view.body;
      assert.equal(original.kind, 'email');
      assert.ok(original.text.length > 50);
      assert.ok(original.html.length > 50);
      assert.doesNotMatch(original.html, /<(script|style|meta|head|iframe)|\son\w+=|javascript:/i);
      assert.ok(original.headers.from && original.headers.subject && original.headers.date);
    });

    test('admins manage users: add (scrypt, strong password), change roles (never the last admin), unlock', T, async () => {
      const weak = await call(env.app, 'POST', '/api/users', { session: sessions.adam, body: { username: 'carla', password: 'short', role: 'caseworker' } });
      assert.equal(weak.body.error.code, 'users.weak_password');
      const added = await call(env.app, 'POST', '/api/users', { session: sessions.adam, body: { username: 'carla', password: 'carla-checks-letters-7', role: 'caseworker' } });
      assert.equal(added.status, 201);
      assert.equal((await call(env.app, 'POST', '/api/users', { session: sessions.adam, body: { username: 'carla', password: 'carla-checks-letters-7', role: 'caseworker' } })).status, 409);
      const carla = await call(env.app, 'POST', '/api/session', { body: { username: 'carla', password: 'carla-checks-letters-7' } });
      const carlaSession = { cookie: (carla.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: carla.body.csrfToken };
      assert.equal((await call(env.app, 'GET', '/api/audit', { session: carlaSession })).status, 403);
      assert.equal((await call(env.app, 'POST', '/api/users/carla/role', { session: sessions.adam, body: { role: 'supervisor' } })).status, 200);
      assert.equal((await call(env.app, 'GET', '/api/audit', { session: carlaSession })).status, 200, 'a new role counts at once');
      const lastAdmin = await call(env.app, 'POST', '/api/users/adam/role', { session: sessions.adam, body: { role: 'caseworker' } });
      assert.equal(lastAdmin.body.error.code, 'users.last_admin');
      assert.equal((await call(env.app, 'POST', '/api/users/nobody-at-all/unlock', { session: sessions.adam })).status, 404);
      const hashes = (await env.database.db.execute((await import('drizzle-orm')).sql`select password_hash from users`)) as unknown as { rows: { password_hash: string }[] };
      assert.ok(hashes.rows.every((r) => /^scrypt\$15\$8\$1\$/.test(r.password_hash)));
      assert.ok(!JSON.stringify(hashes.rows).includes('carla-checks-letters-7'));
    });

    test('the OpenAPI document is served to signed-in users', T, async () => {
      const doc = await call(env.app, 'GET', '/api/openapi.json', { session: sessions.anna });
      assert.equal(doc.status, 200);
      assert.equal(doc.body.openapi, '3.1.0');
    });

    test('without a stored registry, an item decided against one is not decided again (its match would be lost)', T, async () => {
      const { sql } = await import('drizzle-orm');
      await env.database.db.execute(sql`delete from members`);
      const item = env.ids.authCodeEmail;
      assert.equal((await call(env.app, 'POST', `/api/items/${item}/claim`, { session: sessions.bernd })).status, 200);
      const refused = await call(env.app, 'POST', `/api/items/${item}/corrections`, { session: sessions.bernd, body: { field: 'name', value: 'Yvonne Esser' } });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'review.no_registry');
    });

    // Last of the session tests: its short idle time ends the idle sessions of the others.
    test('an idle session ends; a Secure cookie when TRIAGE_COOKIE_SECURE is on', T, async () => {
      const config = { ...env.config, review: { ...env.config.review, sessionIdleMs: 300, cookieSecure: true } };
      const app = createReviewApp({ db: env.database.db, config, log: createLogger('error', () => {}) });
      const res = await call(app, 'POST', '/api/session', { body: { username: 'anna', password: PASSWORD.anna } });
      assert.match(res.headers.get('set-cookie') ?? '', /Secure/);
      const session = { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: res.body.csrfToken };
      assert.equal((await call(app, 'GET', '/api/session', { session })).status, 200);
      await new Promise((r) => setTimeout(r, 600));
      assert.equal((await call(app, 'GET', '/api/session', { session })).status, 401);
    });

    test('logs carry codes only: no password, no user name', () => {
      const text = env.logLines.join('\n');
      for (const [name, password] of Object.entries(PASSWORD)) {
        assert.ok(!text.includes(password), `password of ${name}`);
        assert.ok(!text.includes(`"${name}"`), `user name ${name}`);
      }
      assert.ok(!text.includes('ghost'));
    });
  });
}
