// Keys derived from SECRET_KEY (HKDF-SHA256, one purpose per key), AES-256-GCM for secrets at
// rest, and hashing of bearer secrets (refresh tokens, invitations) so the database never holds them.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export function deriveKey(secretKey: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'xionimus', purpose, 32));
}

export interface SealedSecret {
  ciphertext: string;
  keyId: string;
}

export interface SecretBox {
  readonly keyId: string;
  seal(plaintext: string, associatedData: string): SealedSecret;
  open(sealed: SealedSecret, associatedData: string): string;
}

const boxKey = (secretKey: string) => {
  const key = deriveKey(secretKey, 'secrets-at-rest/v1');
  // The key id names which SECRET_KEY sealed a value, so a rotation can find what to re-encrypt.
  return { key, keyId: createHash('sha256').update(key).digest('hex').slice(0, 16) };
};

/**
 * AES-256-GCM; the associated data binds a ciphertext to its row so it cannot be moved to another.
 * Seals with the current SECRET_KEY; opens values sealed with it or with one of the previous
 * keys (SECRET_KEY_PREVIOUS), until `xionimus secrets rotate` has re-sealed them.
 */
export function createSecretBox(secretKey: string, previousKeys: readonly string[] = []): SecretBox {
  const { key, keyId } = boxKey(secretKey);
  const keys = new Map([...previousKeys.map(boxKey), { key, keyId }].map((entry) => [entry.keyId, entry.key]));
  return {
    keyId,
    seal(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(associatedData));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const packed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
      return { ciphertext: packed, keyId };
    },
    open(sealed, associatedData) {
      const sealingKey = keys.get(sealed.keyId);
      if (!sealingKey) throw new Error(`secret sealed with unknown key id ${sealed.keyId}`);
      const packed = Buffer.from(sealed.ciphertext, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', sealingKey, packed.subarray(0, 12));
      decipher.setAAD(Buffer.from(associatedData));
      decipher.setAuthTag(packed.subarray(12, 28));
      return Buffer.concat([decipher.update(packed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(sha256(a));
  const right = Buffer.from(sha256(b));
  return timingSafeEqual(left, right);
}
