import { describe, expect, it } from 'vitest';
import { createSecretBox, deriveKey, safeEqual, sha256 } from './crypto.js';

const SECRET = 'x'.repeat(40);

describe('secret box', () => {
  it('round-trips a value and names the key that sealed it', () => {
    const box = createSecretBox(SECRET);
    const sealed = box.seal('sk-ant-value', 'row-1');
    expect(sealed.ciphertext).not.toContain('sk-ant');
    expect(sealed.keyId).toBe(box.keyId);
    expect(box.open(sealed, 'row-1')).toBe('sk-ant-value');
  });

  it('uses a fresh IV each time', () => {
    const box = createSecretBox(SECRET);
    expect(box.seal('same', 'a').ciphertext).not.toBe(box.seal('same', 'a').ciphertext);
  });

  it('refuses a tampered ciphertext, other associated data, and another SECRET_KEY', () => {
    const box = createSecretBox(SECRET);
    const sealed = box.seal('value', 'row-1');
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[bytes.length - 1]! ^= 1;
    expect(() => box.open({ ...sealed, ciphertext: bytes.toString('base64') }, 'row-1')).toThrow();
    expect(() => box.open(sealed, 'row-2')).toThrow();
    const other = createSecretBox('y'.repeat(40));
    expect(() => other.open(sealed, 'row-1')).toThrow(/unknown key id/);
    expect(() => other.open({ ...sealed, keyId: other.keyId }, 'row-1')).toThrow();
  });
});

describe('secret box after a SECRET_KEY rotation', () => {
  it('opens values sealed with a previous key and seals new ones with the current key only', () => {
    const before = createSecretBox(SECRET);
    const sealed = before.seal('sk-old-value', 'row-1');
    const after = createSecretBox('y'.repeat(40), [SECRET]);
    expect(after.keyId).not.toBe(before.keyId);
    expect(after.open(sealed, 'row-1')).toBe('sk-old-value');
    const resealed = after.seal('sk-old-value', 'row-1');
    expect(resealed.keyId).toBe(after.keyId);
    expect(() => before.open(resealed, 'row-1')).toThrow(/unknown key id/);
    // Associated data still binds a value to its row under an old key.
    expect(() => after.open(sealed, 'row-2')).toThrow();
  });
});

describe('key derivation and hashing', () => {
  it('derives different 32-byte keys per purpose', () => {
    const a = deriveKey(SECRET, 'a');
    expect(a).toHaveLength(32);
    expect(a.equals(deriveKey(SECRET, 'b'))).toBe(false);
    expect(a.equals(deriveKey(SECRET, 'a'))).toBe(true);
  });

  it('compares secrets of any length without throwing', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(sha256('x')).toMatch(/^[0-9a-f]{64}$/);
  });
});
