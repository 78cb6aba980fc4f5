import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { parseConfig } from '../../../src/config/config.js';
import { TriageError } from '../../../src/shared/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'triage-mailbox-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 'Geheim-7!x y';
const ONE = { TRIAGE_IMAP_HOST: 'imap.kasse.example', TRIAGE_IMAP_USER: 'posteingang', TRIAGE_IMAP_PASSWORD: SECRET };

function failure(env: Record<string, string | undefined>): TriageError {
  try {
    parseConfig(env, dir);
  } catch (err) {
    assert.ok(err instanceof TriageError, 'expected a TriageError');
    assert.equal(err.code, 'config.invalid');
    return err;
  }
  assert.fail('expected the configuration to be rejected');
}

describe('mailbox configuration', () => {
  it('without any TRIAGE_IMAP_ variable no mailbox is configured and every other command still starts', () => {
    const c = parseConfig({}, dir);
    assert.deepEqual(c.mailbox.accounts, []);
    assert.equal(c.mailbox.pollIntervalMs, 30_000);
  });

  it('one mailbox from the environment reads INBOX over TLS on port 993 and files into Triage-Done and Triage-Failed', () => {
    const [a, ...rest] = parseConfig(ONE, dir).mailbox.accounts;
    assert.equal(rest.length, 0);
    assert.deepEqual(
      { name: a!.name, host: a!.host, port: a!.port, tls: a!.tls, user: a!.user, folder: a!.folder, done: a!.doneFolder, failed: a!.failedFolder },
      { name: 'mailbox-1', host: 'imap.kasse.example', port: 993, tls: 'on', user: 'posteingang', folder: 'INBOX', done: 'Triage-Done', failed: 'Triage-Failed' },
    );
    assert.equal(a!.password.reveal(), SECRET, 'the password is kept as given, spaces included');
  });

  it('starttls and off default to port 143; a port given wins', () => {
    assert.equal(parseConfig({ ...ONE, TRIAGE_IMAP_TLS: 'starttls' }, dir).mailbox.accounts[0]!.port, 143);
    assert.equal(parseConfig({ ...ONE, TRIAGE_IMAP_TLS: 'off' }, dir).mailbox.accounts[0]!.port, 143);
    assert.equal(parseConfig({ ...ONE, TRIAGE_IMAP_PORT: '10993' }, dir).mailbox.accounts[0]!.port, 10993);
  });

  it('the password can come from a file; the line break at its end is not part of it', () => {
    const file = path.join(dir, 'imap-password');
    writeFileSync(file, `${SECRET}\n`);
    const env = { TRIAGE_IMAP_HOST: 'imap.kasse.example', TRIAGE_IMAP_USER: 'posteingang', TRIAGE_IMAP_PASSWORD_FILE: file };
    assert.equal(parseConfig(env, dir).mailbox.accounts[0]!.password.reveal(), SECRET);
  });

  it('the password is never shown when the configuration is printed, logged or serialised', () => {
    const c = parseConfig(ONE, dir);
    assert.ok(!JSON.stringify(c).includes(SECRET));
    assert.ok(!inspect(c, { depth: 10 }).includes(SECRET));
    assert.ok(!String(c.mailbox.accounts[0]!.password).includes(SECRET));
  });

  it('every bad mailbox variable is named in one error, which never quotes the password', () => {
    const err = failure({ ...ONE, TRIAGE_IMAP_PORT: 'imap', TRIAGE_IMAP_TLS: 'yes', TRIAGE_IMAP_POLL_S: '0', TRIAGE_IMAP_PASSWORD_FILE: path.join(dir, 'missing') });
    for (const name of ['TRIAGE_IMAP_PORT', 'TRIAGE_IMAP_TLS', 'TRIAGE_IMAP_POLL_S', 'TRIAGE_IMAP_PASSWORD and TRIAGE_IMAP_PASSWORD_FILE']) assert.match(err.message, new RegExp(name));
    assert.ok(!err.message.includes(SECRET));
  });

  it('a host without user and password is refused, naming what is missing', () => {
    const err = failure({ TRIAGE_IMAP_HOST: 'imap.kasse.example' });
    assert.match(err.message, /TRIAGE_IMAP_USER: the IMAP user name is required/);
    assert.match(err.message, /TRIAGE_IMAP_PASSWORD_FILE or TRIAGE_IMAP_PASSWORD: the IMAP password is required/);
  });

  it('a password file that cannot be read is named by its path, and the configuration refused', () => {
    const err = failure({ TRIAGE_IMAP_HOST: 'h', TRIAGE_IMAP_USER: 'u', TRIAGE_IMAP_PASSWORD_FILE: path.join(dir, 'nope') });
    assert.match(err.message, /TRIAGE_IMAP_PASSWORD_FILE: cannot read the password file .*nope \(ENOENT\)/);
  });

  it('the folder read, the done folder and the failed folder must differ (filing into the folder read would loop)', () => {
    const err = failure({ ...ONE, TRIAGE_IMAP_DONE_FOLDER: 'INBOX' });
    assert.match(err.message, /must be three different folders/);
  });

  it('several mailboxes come from a JSON list; what an entry leaves out is taken from the environment', () => {
    const secondPassword = path.join(dir, 'second-password');
    writeFileSync(secondPassword, 'anderes\n');
    const list = path.join(dir, 'mailboxes.json');
    writeFileSync(
      list,
      JSON.stringify([
        { name: 'posteingang', user: 'posteingang' },
        { name: 'widerspruch', user: 'widerspruch', passwordFile: secondPassword, folder: 'Eingang', port: 10143, tls: 'starttls' },
      ]),
    );
    const accounts = parseConfig({ TRIAGE_IMAP_MAILBOXES: list, TRIAGE_IMAP_HOST: 'imap.kasse.example', TRIAGE_IMAP_PASSWORD: SECRET }, dir).mailbox.accounts;
    assert.deepEqual(
      accounts.map((a) => [a.name, a.host, a.port, a.tls, a.user, a.folder, a.password.reveal()]),
      [
        ['posteingang', 'imap.kasse.example', 993, 'on', 'posteingang', 'INBOX', SECRET],
        ['widerspruch', 'imap.kasse.example', 10143, 'starttls', 'widerspruch', 'Eingang', 'anderes'],
      ],
    );
  });

  it('a password written into the mailbox list, an unknown setting and a repeated name are refused by their place in the list', () => {
    const list = path.join(dir, 'bad-mailboxes.json');
    writeFileSync(list, JSON.stringify([{ name: 'a', user: 'u', password: SECRET }, { name: 'a', user: 'v', folderr: 'X' }]));
    const err = failure({ TRIAGE_IMAP_MAILBOXES: list, TRIAGE_IMAP_HOST: 'h', TRIAGE_IMAP_PASSWORD: 'p' });
    assert.match(err.message, /TRIAGE_IMAP_MAILBOXES\[0\]\.password: passwords are not kept in the mailbox list/);
    assert.match(err.message, /TRIAGE_IMAP_MAILBOXES\[1\]\.folderr: unknown setting/);
    assert.match(err.message, /TRIAGE_IMAP_MAILBOXES\[1\]\.name="a": every mailbox needs a name of its own/);
    assert.ok(!err.message.includes(SECRET));
  });

  it('a mailbox list that is not a JSON array is refused', () => {
    const list = path.join(dir, 'not-a-list.json');
    writeFileSync(list, '{"host": "h"}');
    assert.match(failure({ TRIAGE_IMAP_MAILBOXES: list }).message, /must hold a non-empty JSON array of objects/);
  });
});
