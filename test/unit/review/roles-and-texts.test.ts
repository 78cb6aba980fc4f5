import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../../src/config/config.js';
import { FLAGS } from '../../../src/contract/triage-result.js';
import { explainFlags, FLAG_TEXTS } from '../../../src/review/flag-texts.js';
import { isRole, passwordProblem, roleAllows, ROLES, USERNAME } from '../../../src/review/roles.js';

test('a supervisor can do what a caseworker can, an admin what a supervisor can, never the other way', () => {
  assert.deepEqual([...ROLES], ['caseworker', 'supervisor', 'admin']);
  for (const [i, role] of ROLES.entries()) {
    for (const [j, required] of ROLES.entries()) assert.equal(roleAllows(role, required), i >= j, `${role} for ${required}`);
  }
  assert.ok(isRole('admin'));
  assert.ok(!isRole('root'));
});

test('every flag of the contract is explained in plain German', () => {
  for (const flag of FLAGS) {
    const text = FLAG_TEXTS[flag];
    assert.ok(text && text.length > 40, flag);
    assert.match(text, /[äöüß]|\b(der|die|das|und|nicht|kein)\b/i, `${flag} reads as German`);
  }
  assert.deepEqual(explainFlags(['missing-signature']), [{ flag: 'missing-signature', text: FLAG_TEXTS['missing-signature'] }]);
});

test('user names and passwords are checked before a user is added', () => {
  assert.ok(USERNAME.test('anna.schmidt'));
  assert.ok(!USERNAME.test('a'));
  assert.ok(!USERNAME.test('anna schmidt'));
  assert.equal(passwordProblem('long-enough-pass'), null);
  assert.match(passwordProblem('short') ?? '', /at least 12/);
  assert.match(passwordProblem(' padded-password ') ?? '', /white space/);
});

test('the review settings are read with the rest of the configuration', () => {
  const defaults = parseConfig({}).review;
  assert.deepEqual(defaults, { cookieSecure: false, sessionIdleMs: 480 * 60_000, sessionMaxMs: 12 * 3_600_000, lockAfterFailures: 5, signInRateLimit: 10, signInWindowMs: 15 * 60_000, replyRetryMs: 300_000 });
  const set = parseConfig({ TRIAGE_COOKIE_SECURE: 'on', TRIAGE_SESSION_IDLE_MINUTES: '30', TRIAGE_SIGNIN_LOCK_AFTER: '3' }).review;
  assert.equal(set.cookieSecure, true);
  assert.equal(set.sessionIdleMs, 30 * 60_000);
  assert.equal(set.lockAfterFailures, 3);
  assert.throws(() => parseConfig({ TRIAGE_COOKIE_SECURE: 'yes', TRIAGE_SESSION_MAX_HOURS: '0' }), /TRIAGE_COOKIE_SECURE[\s\S]*TRIAGE_SESSION_MAX_HOURS/);
});
