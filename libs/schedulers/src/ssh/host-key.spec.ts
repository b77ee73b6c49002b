import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fingerprintOfKeyBlob, fingerprintOfPublicKey, isHostKeyFingerprint, keyTypeOfBlob } from './host-key.js';

const dir = mkdtempSync(path.join(tmpdir(), 'host-key-spec-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let generated = 0;
function generate(type: string, bits?: string): string {
  const file = path.join(dir, `key_${type}_${++generated}`);
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', bits] : []), '-N', '', '-C', 'spec key', '-f', file]);
  return file;
}

describe('fingerprintOfPublicKey', () => {
  for (const [type, bits, blobType] of [
    ['ed25519', undefined, 'ssh-ed25519'],
    ['ecdsa', '256', 'ecdsa-sha2-nistp256'],
    ['ecdsa', '384', 'ecdsa-sha2-nistp384'],
    ['rsa', '2048', 'ssh-rsa'],
  ] as const) {
    test(`matches ssh-keygen -lf for ${type}${bits ? `-${bits}` : ''}`, () => {
      const file = generate(type, bits);
      const expected = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`]).toString().split(' ')[1];
      const line = readFileSync(`${file}.pub`, 'utf8');
      assert.equal(fingerprintOfPublicKey(line), expected);
      assert.ok(isHostKeyFingerprint(expected));
      assert.equal(keyTypeOfBlob(Buffer.from(line.split(' ')[1], 'base64')), blobType);
    });
  }

  test('accepts a known_hosts line with a host field first', () => {
    const file = generate('ed25519');
    const pub = readFileSync(`${file}.pub`, 'utf8');
    assert.equal(fingerprintOfPublicKey(`[127.0.0.1]:2222 ${pub}`), fingerprintOfPublicKey(pub));
  });

  test('rejects text that is not a public key', () => {
    assert.throws(() => fingerprintOfPublicKey('hello world'), /not an OpenSSH public key/);
  });
});

describe('fingerprintOfKeyBlob', () => {
  test('is unpadded base64 of sha256 with the SHA256: prefix', () => {
    // sha256('') = e3b0c442...; base64 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=
    assert.equal(fingerprintOfKeyBlob(Buffer.alloc(0)), 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU');
  });
});

describe('isHostKeyFingerprint', () => {
  const cases: [string, boolean][] = [
    ['SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU', true],
    ['SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', false],
    ['47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU', false],
    ['MD5:aa:bb', false],
    ['', false],
  ];
  for (const [value, valid] of cases) {
    test(`${JSON.stringify(value)} → ${valid}`, () => assert.equal(isHostKeyFingerprint(value), valid));
  }
});
