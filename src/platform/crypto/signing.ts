import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { Secrets } from './secrets.js';

export interface Signature {
  /** Base64 signature over the digest bytes. */
  readonly signature: string;
  readonly keyId: string;
  readonly algorithm: 'ed25519';
}

/**
 * Signs a hex digest (e.g. SM3 of a canonical receipt) with the platform key (docs/adr/0014-checks-and-receipts.md):
 * Ed25519, because Node's OpenSSL can generate SM2 keys but not produce standard SM2 signatures with the
 * distinguishing identifier GB/T 32918 requires.
 */
export function signDigest(secrets: Secrets, digestHex: string): Signature {
  const key = keyOf(secrets.signing.privateKeyPem, createPrivateKey);
  return {
    signature: sign(null, Buffer.from(digestHex, 'hex'), key).toString('base64'),
    keyId: secrets.signing.id,
    algorithm: 'ed25519',
  };
}

/** Parsing a PEM key costs about a millisecond — more than signing — so each key is parsed once. */
const parsed = new Map<string, KeyObject>();
function keyOf(pem: string, parse: (pem: string) => KeyObject): KeyObject {
  let key = parsed.get(pem);
  if (key === undefined) {
    key = parse(pem);
    parsed.set(pem, key);
  }
  return key;
}

/** Whether `signature` is the platform key `keyId`'s signature over `digestHex`; false for unknown keys. */
export function verifyDigest(secrets: Secrets, digestHex: string, signature: string, keyId: string): boolean {
  if (keyId !== secrets.signing.id) return false;
  try {
    return verify(
      null,
      Buffer.from(digestHex, 'hex'),
      keyOf(secrets.signing.publicKeyPem, createPublicKey),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** The platform's public signing key (SPKI PEM), published so anyone can verify receipts and reports offline. */
export function publicSigningKey(secrets: Secrets): {
  keyId: string;
  algorithm: 'ed25519';
  publicKeyPem: string;
} {
  return { keyId: secrets.signing.id, algorithm: 'ed25519', publicKeyPem: secrets.signing.publicKeyPem };
}
