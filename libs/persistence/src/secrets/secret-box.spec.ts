import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decryptSecret, encryptSecret } from './secret-box.js';

const key = randomBytes(32);

describe('scheduler secret box', () => {
  test('round-trips a secret and never stores it in clear', () => {
    const secret = { privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n', passphrase: 'p' };
    const stored = encryptSecret(key, 'pool', secret);
    assert.match(stored, /^v1:[^:]+:[^:]+:[^:]+$/);
    assert.ok(!stored.includes('abc') && !stored.includes('OPENSSH'));
    assert.deepEqual(decryptSecret(key, 'pool', stored), secret);
  });

  test('each encryption uses a fresh nonce', () => {
    assert.notEqual(encryptSecret(key, 'pool', { password: 'x' }), encryptSecret(key, 'pool', { password: 'x' }));
  });

  test('another key, another scheduler name or an altered row fail with a clear error', () => {
    const stored = encryptSecret(key, 'pool', { password: 'x' });
    const message = /the secret of scheduler "(pool|other)" cannot be decrypted/;
    assert.throws(() => decryptSecret(randomBytes(32), 'pool', stored), message);
    assert.throws(() => decryptSecret(key, 'other', stored), message);
    const [v, iv, tag, data] = stored.split(':');
    const flipped = Buffer.from(data, 'base64');
    flipped[0] ^= 1;
    assert.throws(() => decryptSecret(key, 'pool', [v, iv, tag, flipped.toString('base64')].join(':')), message);
    assert.throws(() => decryptSecret(key, 'pool', 'garbage'), message);
  });
});
