// What the browser tests share: Debian's chromium (skipped with a message where it is missing),
// a page at 1366×768 in German, sign-in through the form, and the page's own script errors.
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** The test runner's `skip` option: false, or why the browser tests cannot run here. */
export const skipWithoutChromium: false | string = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does it) to run the browser tests`;

/** The smallest screen the interface must stay usable on. */
export const VIEWPORT = { width: 1366, height: 768 };
/** Every wait and every test is bounded; a hanging browser fails the test instead of CI. */
export const STEP_MS = 20_000;

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the form and waits for the work basket. */
export async function signIn(page: Page, baseUrl: string, user: { username: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('heading', { name: 'Anmeldung' }).waitFor();
  await page.getByLabel('Benutzername').fill(user.username);
  await page.getByLabel('Passwort').fill(user.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Arbeitskorb' }).waitFor();
}

/** Collects every error thrown by the page's own script (a test asserts the list is empty). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}
