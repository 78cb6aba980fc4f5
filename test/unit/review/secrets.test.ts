import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, newToken, sameSecret, sha256Hex, verifyPassword } from '../../../src/review/secrets.js';

test('a password is kept as a salted scrypt hash that only the same password matches', async () => {
  const hash = await hashPassword('Hüttenkäse-im-März-2026');
  assert.match(hash, /^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  assert.ok(!hash.includes('Hüttenkäse'));
  assert.equal(await verifyPassword('Hüttenkäse-im-März-2026', hash), true);
  assert.equal(await verifyPassword('Huttenkase-im-Marz-2026', hash), false);
  assert.equal(await verifyPassword('Hüttenkäse-im-März-2026'.normalize('NFD'), hash), true, 'composed and decomposed umlauts are the same password');
  assert.notEqual(await hashPassword('Hüttenkäse-im-März-2026'), hash, 'each hash has its own salt');
});

test('a stored hash of another format matches nothing', async () => {
  assert.equal(await verifyPassword('x', 'plain:x'), false);
  assert.equal(await verifyPassword('x', 'scrypt$99$8$1$AA==$AA=='), false);
});

test('tokens are random and compared in constant time', () => {
  const a = newToken();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, newToken());
  assert.ok(sameSecret(a, a));
  assert.ok(!sameSecret(a, `${a}x`));
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
