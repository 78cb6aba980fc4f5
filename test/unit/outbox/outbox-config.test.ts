import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../src/config/config.js';
import { TriageError } from '../../../src/shared/errors.js';

const CWD = path.resolve('/srv/triage');

function problems(env: Record<string, string>): string {
  try {
    parseConfig(env, CWD);
  } catch (err) {
    assert.ok(err instanceof TriageError && err.code === 'config.invalid');
    return err.message;
  }
  assert.fail('expected the configuration to be rejected');
}

describe('reply outbox configuration', () => {
  it('by default keeps every reply in the outbox table and sends no acknowledgement', () => {
    assert.deepEqual(parseConfig({}, CWD).outbox, { dir: null, portal: null, ackEmail: null });
  });

  it('resolves the print folder against the working directory', () => {
    assert.equal(parseConfig({ TRIAGE_OUTBOX_DIR: 'outbox/print' }, CWD).outbox.dir, path.join(CWD, 'outbox/print'));
  });

  it('takes the portal inbox with its token and timeout', () => {
    const c = parseConfig({ TRIAGE_PORTAL_URL: 'https://portal.kasse.example/api/inbox', TRIAGE_PORTAL_TOKEN: 's3cret', TRIAGE_PORTAL_TIMEOUT_MS: '2500' }, CWD);
    assert.deepEqual(c.outbox.portal, { url: 'https://portal.kasse.example/api/inbox', token: 's3cret', timeoutMs: 2500 });
  });

  it('allows plain http only to this machine, since replies carry personal data', () => {
    assert.equal(parseConfig({ TRIAGE_PORTAL_URL: 'http://127.0.0.1:8099/inbox', TRIAGE_PORTAL_TOKEN: 't' }, CWD).outbox.portal?.url, 'http://127.0.0.1:8099/inbox');
    assert.match(problems({ TRIAGE_PORTAL_URL: 'http://portal.kasse.example/inbox', TRIAGE_PORTAL_TOKEN: 't' }), /TRIAGE_PORTAL_URL: must be https:\/\//);
    assert.match(problems({ TRIAGE_PORTAL_URL: 'ftp://portal.kasse.example/inbox', TRIAGE_PORTAL_TOKEN: 't' }), /TRIAGE_PORTAL_URL/);
    assert.match(problems({ TRIAGE_PORTAL_URL: 'not a url', TRIAGE_PORTAL_TOKEN: 't' }), /TRIAGE_PORTAL_URL: not a URL/);
  });

  it('needs the portal token with the portal URL, and names both when one is missing', () => {
    assert.match(problems({ TRIAGE_PORTAL_URL: 'https://portal.kasse.example/inbox' }), /TRIAGE_PORTAL_TOKEN: needed/);
    assert.match(problems({ TRIAGE_PORTAL_TOKEN: 't' }), /TRIAGE_PORTAL_TOKEN: set without TRIAGE_PORTAL_URL/);
    assert.match(problems({ TRIAGE_PORTAL_URL: 'https://user:pw@portal.kasse.example/inbox', TRIAGE_PORTAL_TOKEN: 't' }), /no credentials in the URL/);
  });

  it('switches the acknowledgement on only with a sender address', () => {
    assert.deepEqual(parseConfig({ TRIAGE_ACK_EMAIL: 'on', TRIAGE_ACK_FROM: 'keine-antwort@kasse.example' }, CWD).outbox.ackEmail, { from: 'keine-antwort@kasse.example' });
    assert.equal(parseConfig({ TRIAGE_ACK_EMAIL: 'off', TRIAGE_ACK_FROM: 'keine-antwort@kasse.example' }, CWD).outbox.ackEmail, null);
    assert.match(problems({ TRIAGE_ACK_EMAIL: 'on' }), /TRIAGE_ACK_FROM: needed/);
    assert.match(problems({ TRIAGE_ACK_EMAIL: 'yes', TRIAGE_ACK_FROM: 'a@kasse.example' }), /TRIAGE_ACK_EMAIL="yes": use on or off/);
    assert.match(problems({ TRIAGE_ACK_EMAIL: 'on', TRIAGE_ACK_FROM: 'Kasse <a@kasse.example>' }), /TRIAGE_ACK_FROM: must be a plain address/);
  });
});
