import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/** SM3 digest (GB/T 32905-2016) of `data`, lower-case hex (64 chars). */
export function sm3Hex(data: string | Uint8Array): string {
  return createHash('sm3').update(data).digest('hex');
}

/** HMAC-SM3 of `data` under `key`, lower-case hex. Used as a keyed digest for lookups of personal identifiers. */
export function hmacSm3Hex(key: Uint8Array, data: string | Uint8Array): string {
  return createHmac('sm3', key).update(data).digest('hex');
}

const IV_BYTES = 16;
const TAG_BYTES = 32;

/** Key material for field encryption: an SM4 key (16 bytes) and a MAC key (32 bytes), named by `id`. */
export interface FieldKey {
  readonly id: string;
  readonly sm4: Uint8Array;
  readonly mac: Uint8Array;
}

/**
 * Encrypts a field with SM4-CBC (GB/T 32907-2016) and authenticates it with HMAC-SM3 (encrypt-then-MAC).
 * Output: `sm4:<keyId>:<base64(iv ‖ ciphertext ‖ tag)>`, so every ciphertext names the key that decrypts it.
 */
export function encryptField(key: FieldKey, plaintext: string): string {
  return encryptBytes(key, Buffer.from(plaintext, 'utf8'));
}

/** {@link encryptField} of raw bytes (e.g. an evidence file): the same ciphertext format, any plaintext bytes. */
export function encryptBytes(key: FieldKey, plaintext: Uint8Array): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('sm4-cbc', key.sm4, iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = createHmac('sm3', key.mac).update(key.id).update(iv).update(body).digest();
  return `sm4:${key.id}:${Buffer.concat([iv, body, tag]).toString('base64')}`;
}

/** The key id named by a ciphertext produced by {@link encryptField}. */
export function ciphertextKeyId(ciphertext: string): string {
  const parts = ciphertext.split(':');
  if (parts.length !== 3 || parts[0] !== 'sm4' || parts[1] === undefined || parts[1] === '') {
    throw new Error('not an sm4 field ciphertext');
  }
  return parts[1];
}

/**
 * Decrypts a ciphertext from {@link encryptField}.
 * @throws Error when the key id does not match or the tag does not verify (tampered or wrong key).
 */
export function decryptField(key: FieldKey, ciphertext: string): string {
  return decryptBytes(key, ciphertext).toString('utf8');
}

/** The plaintext bytes of a ciphertext from {@link encryptBytes} or {@link encryptField}. @throws as decryptField */
export function decryptBytes(key: FieldKey, ciphertext: string): Buffer {
  const keyId = ciphertextKeyId(ciphertext);
  if (keyId !== key.id) throw new Error(`ciphertext needs key ${keyId}, got ${key.id}`);
  const raw = Buffer.from(ciphertext.slice(`sm4:${keyId}:`.length), 'base64');
  if (raw.length < IV_BYTES + 16 + TAG_BYTES) throw new Error('ciphertext too short');
  const iv = raw.subarray(0, IV_BYTES);
  const body = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
  const tag = raw.subarray(raw.length - TAG_BYTES);
  const expected = createHmac('sm3', key.mac).update(key.id).update(iv).update(body).digest();
  if (!timingSafeEqual(tag, expected)) throw new Error('ciphertext authentication failed');
  const decipher = createDecipheriv('sm4-cbc', key.sm4, iv);
  return Buffer.concat([decipher.update(body), decipher.final()]);
}
