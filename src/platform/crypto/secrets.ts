import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FieldKey } from './sm.js';

/** The installation's secrets, kept in XINYONG_SECRET_FILE (JSON, mode 0600). Never logged. */
export interface Secrets {
  /** Field-encryption keys; the first is current, older ones stay to decrypt until `keys rotate` re-encrypts. */
  readonly fieldKeys: readonly FieldKey[];
  /** Key for keyed lookup digests (HMAC-SM3) of personal identifiers; never rotated silently. */
  readonly lookupKey: Uint8Array;
  /** Platform signing key pair (PEM) for receipts and reports; see docs/adr. */
  readonly signing: {
    readonly id: string;
    readonly algorithm: 'ed25519';
    readonly privateKeyPem: string;
    readonly publicKeyPem: string;
  };
}

interface SecretFileV1 {
  version: 1;
  fieldKeys: { id: string; sm4: string; mac: string; createdAt: string }[];
  lookupKey: string;
  signing: {
    id: string;
    algorithm: 'ed25519';
    privateKeyPem: string;
    publicKeyPem: string;
    createdAt: string;
  };
}

/**
 * Reads the secret file, creating it (directory included, file mode 0600) with fresh keys when missing.
 * @throws Error naming the file when it exists but is unreadable, malformed or readable by others.
 */
export function loadOrCreateSecrets(file: string, now: Date = new Date()): Secrets {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const created = newSecretFile(now);
    fs.writeFileSync(file, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  }
  const stat = fs.statSync(file);
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new Error(
      `${file} is readable by group or others (mode ${(stat.mode & 0o777).toString(8)}); chmod 600 it`,
    );
  }
  let parsed: SecretFileV1;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as SecretFileV1;
  } catch (cause) {
    throw new Error(`${file} is not valid JSON`, { cause });
  }
  if (parsed.version !== 1 || !Array.isArray(parsed.fieldKeys) || parsed.fieldKeys.length === 0) {
    throw new Error(`${file} is not a version-1 xinyong secret file`);
  }
  return fromFile(parsed);
}

/** Adds a new current field key to the secret file (older keys kept for decryption) and returns the secrets. */
export function addFieldKey(file: string, now: Date = new Date()): Secrets {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as SecretFileV1;
  parsed.fieldKeys.unshift(newFieldKey(now));
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(parsed, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
  return fromFile(parsed);
}

function fromFile(parsed: SecretFileV1): Secrets {
  return {
    fieldKeys: parsed.fieldKeys.map((k) => ({
      id: k.id,
      sm4: Buffer.from(k.sm4, 'hex'),
      mac: Buffer.from(k.mac, 'hex'),
    })),
    lookupKey: Buffer.from(parsed.lookupKey, 'hex'),
    signing: {
      id: parsed.signing.id,
      algorithm: parsed.signing.algorithm,
      privateKeyPem: parsed.signing.privateKeyPem,
      publicKeyPem: parsed.signing.publicKeyPem,
    },
  };
}

function newFieldKey(now: Date): SecretFileV1['fieldKeys'][number] {
  return {
    id: `k${now.toISOString().slice(0, 10).replaceAll('-', '')}${randomBytes(3).toString('hex')}`,
    sm4: randomBytes(16).toString('hex'),
    mac: randomBytes(32).toString('hex'),
    createdAt: now.toISOString(),
  };
}

function newSecretFile(now: Date): SecretFileV1 {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    version: 1,
    fieldKeys: [newFieldKey(now)],
    lookupKey: randomBytes(32).toString('hex'),
    signing: {
      id: `s${now.toISOString().slice(0, 10).replaceAll('-', '')}${randomBytes(3).toString('hex')}`,
      algorithm: 'ed25519',
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      createdAt: now.toISOString(),
    },
  };
}

/**
 * Removes field keys from the secret file, keeping the current one and those listed in `keep` (written atomically,
 * mode 0600). Only for keys no ciphertext uses any more (`xinyong keys rotate --prune` checks that first).
 * @returns the ids removed
 */
export function pruneFieldKeys(file: string, keep: readonly string[]): string[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as SecretFileV1;
  const [current, ...older] = parsed.fieldKeys;
  if (current === undefined) throw new Error(`${file} holds no field key`);
  const removed = older.filter((k) => !keep.includes(k.id)).map((k) => k.id);
  if (removed.length === 0) return [];
  parsed.fieldKeys = [current, ...older.filter((k) => keep.includes(k.id))];
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(parsed, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
  return removed;
}
