import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actorOf, authenticate, credentialsOf, matchKey, parseApiKeys } from '../../../src/api/api-keys.js';
import { parseConfig } from '../../../src/config/config.js';
import { TriageError } from '../../../src/shared/errors.js';

const SECRET_A = 'a3f1c9e07b2d4e6f8a0b';
const SECRET_B = 'Zq8-w_L2.pX9!rT4mN7k';

function parse(raw: string | undefined): { keys: ReturnType<typeof parseApiKeys>; problems: string[] } {
  const problems: string[] = [];
  return { keys: parseApiKeys(raw, 'TRIAGE_API_KEYS', problems), problems };
}

describe('API keys: how they are configured', () => {
  it('a comma-separated list of name:secret gives one named key each, keeping only a hash of the secret', () => {
    const { keys, problems } = parse(` form-backend:${SECRET_A} , mailroom:${SECRET_B} `);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      keys.map((k) => k.name),
      ['form-backend', 'mailroom'],
    );
    assert.ok(keys.every((k) => k.hash.length === 32));
    assert.ok(!JSON.stringify(keys).includes(SECRET_A), 'the secret itself is not kept');
  });

  it('a bare secret is a key without a name, recorded in the audit trail as "api"', () => {
    const { keys, problems } = parse(SECRET_A);
    assert.deepEqual(problems, []);
    assert.equal(keys[0]!.name, null);
    assert.equal(actorOf(keys[0]!), 'api');
    assert.equal(actorOf(parse(`scanner-2:${SECRET_A}`).keys[0]!), 'scanner-2');
  });

  it('nothing set means no key, and empty entries are skipped', () => {
    assert.deepEqual(parse(undefined), { keys: [], problems: [] });
    assert.equal(parse(`,,form:${SECRET_A},`).keys.length, 1);
  });

  it('a short secret, a bad name or a secret listed twice is named in the problem, the secret never', () => {
    const { problems } = parse(`form:short,bad name:${SECRET_A},one:${SECRET_B},two:${SECRET_B}`);
    assert.equal(problems.length, 3);
    assert.match(problems[0]!, /TRIAGE_API_KEYS: key 1 \("form"\).*at least 16/);
    assert.match(problems[1]!, /key 2.*name before ":"/);
    assert.match(problems[2]!, /key 4 \("two"\).*listed twice/);
    assert.ok(problems.every((p) => !p.includes(SECRET_B) && !p.includes('short')));
  });

  it('parseConfig reads the API settings with safe defaults and names every bad variable in one error', () => {
    const c = parseConfig({}, '/srv');
    assert.deepEqual({ host: c.api.host, port: c.api.port, keys: c.api.keys, adminKeys: c.api.adminKeys }, { host: '127.0.0.1', port: 8080, keys: [], adminKeys: [] });
    const set = parseConfig({ TRIAGE_API_HOST: '0.0.0.0', TRIAGE_API_PORT: '9000', TRIAGE_API_KEYS: `form:${SECRET_A}`, TRIAGE_ADMIN_KEYS: `ops:${SECRET_B}` }, '/srv');
    assert.equal(set.api.host, '0.0.0.0');
    assert.equal(set.api.port, 9000);
    assert.equal(set.api.keys[0]!.name, 'form');
    assert.equal(set.api.adminKeys[0]!.name, 'ops');
    try {
      parseConfig({ TRIAGE_API_PORT: 'http', TRIAGE_API_KEYS: 'form:tooshort', TRIAGE_ADMIN_KEYS: 'x:y' }, '/srv');
      assert.fail('expected a configuration error');
    } catch (err) {
      assert.ok(err instanceof TriageError);
      assert.match(err.message, /TRIAGE_API_PORT/);
      assert.match(err.message, /TRIAGE_API_KEYS/);
      assert.match(err.message, /TRIAGE_ADMIN_KEYS/);
      assert.ok(!err.message.includes('tooshort'), 'the secret is not repeated');
    }
  });
});

describe('API keys: how a request is checked', () => {
  const { keys } = parse(`form-backend:${SECRET_A},${SECRET_B}`);

  it('the right secret finds its key, a wrong or truncated one finds none', () => {
    assert.equal(matchKey(keys, SECRET_A)?.name, 'form-backend');
    assert.equal(matchKey(keys, SECRET_B)?.name, null);
    assert.equal(matchKey(keys, SECRET_A.slice(0, -1)), null);
    assert.equal(matchKey(keys, `${SECRET_A}x`), null);
    assert.equal(matchKey(keys, ''), null);
    assert.equal(matchKey([], SECRET_A), null);
  });

  it('a key comes as a bearer token or an X-API-Key header', () => {
    assert.deepEqual(credentialsOf({ authorization: `Bearer ${SECRET_A}` }, { basic: false }), { secret: SECRET_A, user: null });
    assert.deepEqual(credentialsOf({ authorization: `bearer   ${SECRET_A}` }, { basic: false }), { secret: SECRET_A, user: null });
    assert.deepEqual(credentialsOf({ apiKey: SECRET_A }, { basic: false }), { secret: SECRET_A, user: null });
    assert.equal(credentialsOf({}, { basic: false }), null);
    assert.equal(credentialsOf({ authorization: 'Token abc' }, { basic: false }), null);
  });

  it('HTTP Basic is taken only where allowed (the dashboard), the key name as user and the secret as password', () => {
    const basic = `Basic ${Buffer.from(`form-backend:${SECRET_A}`).toString('base64')}`;
    assert.equal(credentialsOf({ authorization: basic }, { basic: false }), null);
    const creds = credentialsOf({ authorization: basic }, { basic: true });
    assert.deepEqual(creds, { secret: SECRET_A, user: 'form-backend' });
    assert.equal(authenticate(keys, creds)?.name, 'form-backend');
    assert.equal(authenticate(keys, { secret: SECRET_A, user: 'someone-else' }), null, 'a named key needs its own name as user');
    assert.equal(authenticate(keys, { secret: SECRET_B, user: 'anyone' })?.name, null, 'an unnamed key takes any user name');
  });

  it('without credentials or without configured keys nobody is let in', () => {
    assert.equal(authenticate(keys, null), null);
    assert.equal(authenticate([], { secret: SECRET_A, user: null }), null);
  });
});
