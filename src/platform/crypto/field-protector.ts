import type { Secrets } from './secrets.js';
import { ciphertextKeyId, decryptField, encryptField, hmacSm3Hex } from './sm.js';

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
  /** Id of the current field key (a ciphertext under another key needs re-encryption on rotation). */
  readonly currentKeyId: string;
}

export function createFieldProtector(secrets: Secrets): FieldProtector {
  const [current] = secrets.fieldKeys;
  if (current === undefined) throw new Error('no field key in the secret file');
  const byId = new Map(secrets.fieldKeys.map((k) => [k.id, k]));
  return {
    digest: (value) => hmacSm3Hex(secrets.lookupKey, value),
    encrypt: (value) => encryptField(current, value),
    decrypt: (ciphertext) => {
      const id = ciphertextKeyId(ciphertext);
      const key = byId.get(id);
      if (key === undefined) throw new Error(`field key ${id} is not in the secret file`);
      return decryptField(key, ciphertext);
    },
    currentKeyId: current.id,
  };
}
