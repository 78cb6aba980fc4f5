// The supervisors' and admins' screens of the review interface in a real browser (Debian's
// chromium driven by playwright-core) against the real review server (support/review-server.ts),
// the contact forms and emails of samples/ triaged by the CLI into an embedded database:
//
//   a) a supervisor opens an item, then finds that view in the Prüfprotokoll filtered by their
//      user (keyboard: the search form sent with Enter); the entries show no value read from the
//      item; the other filters (action, item, time range) narrow it; screenshot
//   b) an admin adds a user (weak password and taken name refused in German), sees it in the list,
//      changes its role, unlocks a user locked by failed sign-ins, cannot take their own admin role
//      (the last admin); every state-changing request carries the CSRF token; screenshot
//   c) the links follow the role: a caseworker sees neither, a supervisor only the Prüfprotokoll,
//      an admin both and the queue dashboard only where the server answers /admin/queues
//   d) the Prüfprotokoll pages: 50 entries a page, newest first, older ones on the next page
//
// Needs /usr/bin/chromium (.ci/run installs it; `apt-get install chromium` by hand); skipped
// with a message without it.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, collectPageErrors, newPage, signIn, skipWithoutChromium, STEP_MS, VIEWPORT } from './support/browser.js';
import { startReviewServer, type RunningReviewServer } from './support/review-server.js';

const skip = skipWithoutChromium;
if (skip) console.log(`# SKIP review admin e2e: ${skip}`);

const OUT = path.resolve('test-output');
const SUPERVISOR = { username: 'e2e.teamleitung', password: 'Teamleitung-prueft-2026', role: 'supervisor' as const };
const ADMIN = { username: 'e2e.admin', password: 'Administration-2026!', role: 'admin' as const };
const CASEWORKER = { username: 'e2e.sachbearbeitung', password: 'Sachbearbeitung-2026', role: 'caseworker' as const };
const TO_LOCK = { username: 'e2e.vergesslich', password: 'Vergesslich-aber-richtig-2026', role: 'caseworker' as const };
const NEW_USER = { username: 'e2e.neu', password: 'Neu-im-Team-2026-ok' };
/** Failed sign-ins in a row that lock an account (TRIAGE_SIGNIN_LOCK_AFTER's default). */
const LOCK_AFTER = 5;

let server: RunningReviewServer;
let browser: Browser;

/** Signs in through the API (no browser): the status of the answer. */
async function apiSignIn(user: { username: string; password: string }): Promise<number> {
  const res = await fetch(`${server.baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
    signal: AbortSignal.timeout(STEP_MS),
  });
  await res.body?.cancel();
  return res.status;
}

/** The names of the navigation links a user can see (hidden ones are not in the accessibility tree). */
async function navLinks(page: Page): Promise<string[]> {
  const links = page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link');
  return (await links.allTextContents()).filter(Boolean).map((t) => t.trim());
}

/** Nothing wider than the window at 1366×768: no sideways scrolling. */
async function assertFitsWidth(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= VIEWPORT.width, `the screen fits 1366 px (${width} px)`);
}

describe('review interface for supervisors and admins in a real browser', { skip, timeout: 420_000 }, () => {
  before(async () => {
    // Forms and emails only: no OCR, so the server is up in seconds.
    const inputs = readdirSync('samples').filter((f) => /^(form|email)-/.test(f)).map((f) => path.join('samples', f));
    server = await startReviewServer({ membersCsv: 'test/samples/members.csv', inputs, users: [SUPERVISOR, ADMIN, CASEWORKER, TO_LOCK] });
    browser = await chromium.launch({ executablePath: CHROMIUM, timeout: 60_000 });
    mkdirSync(OUT, { recursive: true });
  }, { timeout: 240_000 });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a) a supervisor opens an item and finds that view in the Prüfprotokoll, filtered by their user', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    try {
      await signIn(page, server.baseUrl, SUPERVISOR);
      assert.deepEqual(await navLinks(page), ['Arbeitskorb', 'Prüfprotokoll']);

      // Open the first item of the basket and note what was read from it.
      const row = page.locator('#basket-table tbody tr').first();
      const intakeId = (await row.getAttribute('data-intake-id'))!;
      assert.ok(intakeId, 'the basket has an item');
      await row.getByRole('link').click();
      await page.locator(`.item-view[data-intake-id="${intakeId}"]`).waitFor();
      const readValues = (await page.locator('#field-name-value, #field-address-value, #field-insuranceNumber-value').allTextContents())
        .map((t) => t.replace(/\s*\(.*\)$/, '').trim())
        .filter((t) => t.length > 3);
      assert.ok(readValues.length > 0, 'the item shows values read from it');

      // The Prüfprotokoll, searched by the keyboard: the user name typed, Enter sends it.
      await page.getByRole('link', { name: 'Prüfprotokoll', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Prüfprotokoll' }).waitFor();
      assert.equal(await page.locator('#nav-audit').getAttribute('aria-current'), 'page');
      await page.getByLabel('Benutzer', { exact: true }).focus();
      await page.keyboard.type(SUPERVISOR.username);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => location.hash.includes('user=e2e.teamleitung'));
      // Wait for the filtered entries to be drawn (the address changes first).
      await page.waitForFunction((user) => {
        const rows = [...document.querySelectorAll<HTMLElement>('#audit-table tbody tr')];
        return rows.length > 0 && rows.every((r) => r.dataset.actor === user);
      }, SUPERVISOR.username);
      const viewed = page.locator(`#audit-table tbody tr[data-action="review.viewed"][data-intake-id="${intakeId}"]`);
      await viewed.waitFor();
      assert.equal(await viewed.locator('td').nth(2).textContent(), 'Vorgang angesehen');
      assert.equal(await viewed.locator('td').nth(3).getByRole('link').textContent().then((t) => t!.slice(0, 8)), intakeId.slice(0, 8));
      const actors = await page.locator('#audit-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.actor));
      assert.ok(actors.length >= 2, 'the sign-in and the view are listed');
      assert.deepEqual(new Set(actors), new Set([SUPERVISOR.username]), 'only the supervisor’s entries');
      assert.ok(await page.locator('#audit-table tbody tr[data-action="auth.signed_in"]').count() >= 1);
      // No value read from the item reaches the log.
      const tableText = (await page.locator('#audit-table').textContent())!;
      for (const value of readValues) assert.ok(!tableText.includes(value), `the audit log does not show "${value}"`);
      await assertFitsWidth(page);
      await page.screenshot({ path: path.join(OUT, 'review-audit.png') });

      // Narrowed by action: only views.
      await page.getByLabel('Aktion').selectOption('review.viewed');
      await page.getByRole('button', { name: 'Suchen' }).click();
      await page.waitForFunction(() => location.hash.includes('action=review.viewed'));
      // The address changes before the new page of entries is drawn: wait for the table to be
      // redrawn without the sign-in (a filter that did nothing times out here).
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll<HTMLElement>('#audit-table tbody tr')];
        return rows.length > 0 && !rows.some((r) => r.dataset.action === 'auth.signed_in');
      });
      const actions = await page.locator('#audit-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.action));
      assert.deepEqual([...new Set(actions)], ['review.viewed']);

      // A time range in the future: nothing.
      await page.getByLabel('Von').fill('2099-01-01T00:00');
      await page.getByRole('button', { name: 'Suchen' }).click();
      await page.locator('#audit-empty', { hasText: 'Keine Einträge für diese Auswahl.' }).waitFor();

      // An incomplete item number is refused in German before asking the server.
      await page.getByRole('button', { name: 'Zurücksetzen' }).click();
      await page.waitForFunction(() => location.hash === '#/protokoll');
      await page.getByLabel('Vorgang', { exact: true }).fill(intakeId.slice(0, 8));
      await page.getByRole('button', { name: 'Suchen' }).click();
      await page.locator('#alert', { hasText: 'Bitte geben Sie die vollständige Vorgangsnummer an' }).waitFor();

      // From the item to its own trail: the triage's decision and the supervisor's views.
      await page.goto(`${server.baseUrl}/#/vorgang/${intakeId}`);
      await page.locator('#item-audit-link').click();
      await page.waitForFunction((id) => location.hash === `#/protokoll?intakeId=${id}`, intakeId);
      await page.locator('#audit-table tbody tr[data-action="triage.decided"]').waitFor();
      assert.equal(await page.getByLabel('Vorgang', { exact: true }).inputValue(), intakeId);
      const ids = await page.locator('#audit-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.intakeId));
      assert.deepEqual(new Set(ids), new Set([intakeId]));
      assert.match((await page.locator('#audit-table tbody tr[data-action="triage.decided"] .audit-details').textContent())!, /Ergebnis: ausgewertet|Ergebnis: nicht lesbar/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('b) an admin adds a user, changes its role and unlocks a locked user', { timeout: 120_000 }, async () => {
    // Lock a user the way it happens: failed sign-ins in a row.
    for (let i = 1; i <= LOCK_AFTER; i++) {
      const status = await apiSignIn({ username: TO_LOCK.username, password: `falsch-falsch-${i}` });
      assert.equal(status, i < LOCK_AFTER ? 401 : 423);
    }
    assert.equal(await apiSignIn(TO_LOCK), 423, 'locked: even the right password is refused');

    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    const posts: { url: string; csrf: string | undefined }[] = [];
    page.on('request', (r) => {
      if (r.method() !== 'GET' && r.url().includes('/api/users')) posts.push({ url: r.url(), csrf: r.headers()['x-csrf-token'] });
    });
    try {
      await signIn(page, server.baseUrl, ADMIN);
      assert.deepEqual(await navLinks(page), ['Arbeitskorb', 'Prüfprotokoll', 'Benutzer']);
      await page.getByRole('link', { name: 'Benutzer', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Benutzer' }).waitFor();
      const rowOf = (name: string) => page.locator(`#users-table tbody tr[data-user="${name}"]`);
      await rowOf(ADMIN.username).waitFor();

      // The locked user: locked, with its failed sign-ins.
      const locked = rowOf(TO_LOCK.username);
      assert.equal(await locked.getAttribute('data-locked'), 'true');
      assert.match((await locked.locator('.user-status').textContent())!, /^gesperrt/);
      assert.equal(await locked.locator('.user-failures').textContent(), String(LOCK_AFTER));

      // A weak password, then a good one; the taken name after that.
      await page.getByLabel('Benutzername').fill(NEW_USER.username);
      await page.getByLabel('Passwort', { exact: true }).fill('zu-kurz');
      await page.getByLabel('Rolle', { exact: true }).selectOption('caseworker');
      await page.getByRole('button', { name: 'Benutzer anlegen' }).click();
      await page.locator('#alert', { hasText: 'Das Passwort ist zu schwach' }).waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'new-user-password', 'the password field has focus again');
      await page.getByLabel('Passwort', { exact: true }).fill(NEW_USER.password);
      await page.getByRole('button', { name: 'Benutzer anlegen' }).click();
      const added = rowOf(NEW_USER.username);
      await added.waitFor();
      await page.locator('#status', { hasText: `Benutzer ${NEW_USER.username} mit der Rolle Sachbearbeitung angelegt.` }).waitFor();
      assert.equal(await added.locator('.user-role').textContent(), 'Sachbearbeitung');
      assert.equal(await added.locator('.user-status').textContent(), 'aktiv');
      assert.equal(await page.getByLabel('Benutzername').inputValue(), '', 'the form is empty again');
      await page.getByLabel('Benutzername').fill(NEW_USER.username);
      await page.getByLabel('Passwort', { exact: true }).fill(NEW_USER.password);
      await page.getByRole('button', { name: 'Benutzer anlegen' }).click();
      await page.locator('#alert', { hasText: 'Einen Benutzer mit diesem Namen gibt es bereits.' }).waitFor();

      // Its role changed: the list shows the new one.
      await page.getByLabel(`Neue Rolle für ${NEW_USER.username}`).selectOption('supervisor');
      await added.getByRole('button', { name: /^Speichern/ }).click();
      await page.locator(`#users-table tbody tr[data-user="${NEW_USER.username}"][data-role="supervisor"]`).waitFor();
      assert.equal(await rowOf(NEW_USER.username).locator('.user-role').textContent(), 'Teamleitung');

      // The locked user unlocked: no longer locked, the count back to 0, sign-in works again.
      await locked.getByRole('button', { name: /^Entsperren/ }).click();
      await page.locator(`#users-table tbody tr[data-user="${TO_LOCK.username}"][data-locked="false"]`).waitFor();
      assert.equal(await rowOf(TO_LOCK.username).locator('.user-status').textContent(), 'aktiv');
      assert.equal(await rowOf(TO_LOCK.username).locator('.user-failures').textContent(), '0');
      assert.equal(await apiSignIn(TO_LOCK), 200);

      // The only admin cannot give up the role: refused, said in German, nothing changes.
      await page.getByLabel(`Neue Rolle für ${ADMIN.username}`).selectOption('caseworker');
      await rowOf(ADMIN.username).getByRole('button', { name: /^Speichern/ }).click();
      await page.locator('#alert', { hasText: 'Das letzte Konto mit der Rolle Administration kann diese Rolle nicht abgeben.' }).waitFor();
      assert.equal(await rowOf(ADMIN.username).getAttribute('data-role'), 'admin');
      assert.equal(await page.getByLabel(`Neue Rolle für ${ADMIN.username}`).inputValue(), 'admin', 'the choice is set back to the role the admin still has');
      await assertFitsWidth(page);
      await page.screenshot({ path: path.join(OUT, 'review-users.png') });

      // Every change carried the session's CSRF token.
      assert.ok(posts.length >= 5, `the changes were sent (${posts.length})`);
      assert.ok(posts.every((p) => p.csrf && p.csrf.length >= 16), 'X-CSRF-Token on every state-changing request');
      assert.equal(await apiSignIn(NEW_USER), 200, 'the new user can sign in');

      // The user changes are in the Prüfprotokoll, with what changed.
      await page.goto(`${server.baseUrl}/#/protokoll?action=user.*`);
      await page.locator('#audit-table tbody tr[data-action="user.role_changed"]').waitFor();
      assert.deepEqual(await page.locator('#audit-table tbody tr[data-action="user.role_changed"] .audit-details li').allTextContents(), [`Benutzer: ${NEW_USER.username}`, 'Rolle: Teamleitung']);
      assert.equal(await page.locator('#audit-table tbody tr[data-action="user.unlocked"]').count(), 1);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('c) the links follow the role: none for a caseworker, and screens they cannot use say so', { timeout: 90_000 }, async () => {
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    try {
      await signIn(page, server.baseUrl, CASEWORKER);
      assert.deepEqual(await navLinks(page), ['Arbeitskorb']);
      await page.goto(`${server.baseUrl}/#/benutzer`);
      await page.locator('.notice', { hasText: 'Benutzer verwalten kann nur die Administration.' }).waitFor();
      await page.goto(`${server.baseUrl}/#/protokoll`);
      await page.locator('.notice', { hasText: 'Das Prüfprotokoll können nur Teamleitung und Administration einsehen.' }).waitFor();
      assert.ok(!asked.includes('/api/users') && !asked.includes('/api/audit'), 'the page did not ask for what the role cannot see');
      assert.ok(!asked.includes('/admin/queues'), 'nor for the queue dashboard');
      // The server refuses anyway.
      assert.equal(await page.evaluate(() => fetch('/api/audit').then((r) => r.status)), 403);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }

    // An admin: no dashboard link while /admin/queues is not served (this server has no intake API) ...
    const admin = await newPage(browser);
    try {
      const probed = admin.page.waitForResponse((r) => r.url().endsWith('/admin/queues'));
      await signIn(admin.page, server.baseUrl, ADMIN);
      assert.equal((await probed).status(), 404);
      assert.deepEqual(await navLinks(admin.page), ['Arbeitskorb', 'Prüfprotokoll', 'Benutzer']);
      // ... and the link where it answers (the dashboard stood in for: the real one needs Redis).
      await admin.context.route('**/admin/queues', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>queues</title>' }));
      await admin.page.reload();
      await admin.page.getByRole('link', { name: 'Warteschlangen' }).waitFor();
      assert.equal(await admin.page.getByRole('link', { name: 'Warteschlangen' }).getAttribute('href'), '/admin/queues');
    } finally {
      await admin.context.close();
    }
  });

  it('d) pages through the Prüfprotokoll, 50 entries a page, newest first', { timeout: 90_000 }, async () => {
    // More sign-ins of one user than fit on a page.
    for (let i = 0; i < 52; i++) assert.equal(await apiSignIn(CASEWORKER), 200);
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    try {
      await signIn(page, server.baseUrl, SUPERVISOR);
      await page.goto(`${server.baseUrl}/#/protokoll?user=${CASEWORKER.username}&action=auth.signed_in`);
      const ids = () => page.locator('#audit-table tbody tr').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.eventId)));
      await page.locator('#audit-table caption', { hasText: '50 Einträge, neueste zuerst; ältere auf der nächsten Seite' }).waitFor();
      const first = await ids();
      assert.equal(first.length, 50);
      assert.deepEqual(first, [...first].sort((a, b) => b - a), 'newest first');

      await page.getByRole('button', { name: 'Ältere Einträge' }).click();
      await page.waitForFunction(() => location.hash.includes('before='));
      await page.locator('#audit-table caption', { hasText: '(ältere Seite)' }).waitFor();
      const second = await ids();
      assert.ok(second.length >= 2 && second.length < 50, `the rest (${second.length})`);
      assert.ok(Math.max(...second) < Math.min(...first), 'older than the first page, none twice');
      assert.ok(await page.getByRole('button', { name: 'Ältere Einträge' }).isDisabled(), 'nothing older');
      // The filters stay while paging.
      assert.equal(await page.getByLabel('Benutzer', { exact: true }).inputValue(), CASEWORKER.username);

      await page.getByRole('button', { name: 'Neueste Einträge' }).click();
      await page.waitForFunction(() => !location.hash.includes('before='));
      await page.locator('#audit-table caption', { hasText: /^50 Einträge, neueste zuerst;/ }).waitFor();
      assert.deepEqual(await ids(), first);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
