import type { Secrets } from './secrets.js';
import { ciphertextKeyId, decryptBytes, encryptBytes, hmacSm3Hex } from './sm.js';

/**
 * Protection of personal identifiers at rest (PIPL art. 51): an HMAC-SM3 digest for exact lookups and SM4
 * ciphertext (with its key id) for the value itself. Plaintext never reaches the database.
 */
export interface FieldProtector {
  /** Keyed digest for lookups, e.g. of a resident id number. Stable across key rotations of the SM4 keys. */
  digest(value: string): string;
  /** Ciphertext under the current field key. */
  encrypt(value: string): string;
  /** Plaintext of a ciphertext under any key the installation still holds. */
  decrypt(ciphertext: string): string;
  /** Ciphertext of raw bytes (evidence files) under the current field key; same format as {@link encrypt}. */
  encryptBytes(value: Uint8Array): string;
  /** Plaintext bytes of a ciphertext under any key the installation still holds. */
  decryptBytes(ciphertext: string): Buffer;
  /** Id of the current field key (a ciphertext under another key needs re-encryption on rotation). */
  readonly currentKeyId: string;
}

export function createFieldProtector(secrets: Secrets): FieldProtector {
  const [current] = secrets.fieldKeys;
  if (current === undefined) throw new Error('no field key in the secret file');
  const byId = new Map(secrets.fieldKeys.map((k) => [k.id, k]));
  const keyOf = (ciphertext: string) => {
    const id = ciphertextKeyId(ciphertext);
    const key = byId.get(id);
    if (key === undefined) throw new Error(`field key ${id} is not in the secret file`);
    return key;
  };
  return {
    digest: (value) => hmacSm3Hex(secrets.lookupKey, value),
    encrypt: (value) => encryptBytes(current, Buffer.from(value, 'utf8')),
    decrypt: (ciphertext) => decryptBytes(keyOf(ciphertext), ciphertext).toString('utf8'),
    encryptBytes: (value) => encryptBytes(current, value),
    decryptBytes: (ciphertext) => decryptBytes(keyOf(ciphertext), ciphertext),
    currentKeyId: current.id,
  };
}

/**
 * The value of a sealed column pair (migration 0015): the plaintext of `cipher` when set, else the clear column
 * (a row written before the seal ran).
 */
export function openSealed<T extends string | null>(
  protector: FieldProtector,
  cipher: string | null,
  clear: T,
): string | T {
  return cipher === null ? clear : protector.decrypt(cipher);
}
