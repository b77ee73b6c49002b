import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { signViewToken, ViewClaims, verifyViewToken } from './view-token.js';

const secret = randomBytes(32);
const now = Date.UTC(2030, 0, 1);
const claims: ViewClaims = {
  app: 'lab', user: 'alice', groups: ['modelers'], all: false, kid: '7', exp: now / 1000 + 60, table: { pageSize: 10 },
};

describe('view tokens', () => {
  test('round-trip the claims until they expire', () => {
    const token = signViewToken(secret, claims);
    assert.match(token, /^v1\.[\w-]+\.[\w-]+$/);
    assert.deepEqual(verifyViewToken(secret, token, now), { ok: true, claims });
    assert.deepEqual(verifyViewToken(secret, token, now + 60_000), { ok: false, reason: 'expired' });
  });

  test('a changed payload, signature or secret is refused', () => {
    const token = signViewToken(secret, claims);
    const [v, payload, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, all: true })).toString('base64url');
    assert.equal(verifyViewToken(secret, `${v}.${forged}.${sig}`, now).ok, false);
    const flipped = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
    assert.deepEqual(verifyViewToken(secret, `${v}.${payload}.${flipped}`, now), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(verifyViewToken(randomBytes(32), token, now), { ok: false, reason: 'bad-signature' });
  });

  test('garbage is malformed, not an exception', () => {
    for (const bad of [undefined, 42, '', 'v1', 'v1.a', 'v2.a.b', 'v1.a b.c', 'x'.repeat(20_000)]) {
      assert.deepEqual(verifyViewToken(secret, bad, now), { ok: false, reason: 'malformed' });
    }
  });
});
