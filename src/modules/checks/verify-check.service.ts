import type { Actor } from '../../platform/actor.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { openSealed } from '../../platform/crypto/field-protector.js';
import { verifyDigest } from '../../platform/crypto/signing.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Runtime } from '../../runtime.js';
import { can } from '../access/policy.js';
import type { CheckPayload, CheckReceipt } from './check.types.js';

/** The receipt of a stored check (`check_run` row) with its parsed payload. */
export function storedReceipt(
  run: { readonly digest: string; readonly signature: string; readonly key_id: string },
  payload: CheckPayload,
): CheckReceipt {
  return { payload, digest: run.digest, signature: run.signature, keyId: run.key_id, algorithm: 'ed25519' };
}

export interface CheckVerification {
  readonly checkNo: string;
  /** Digest recomputed from the stored payload equals the stored digest, and the signature verifies. */
  readonly valid: boolean;
  readonly digestMatches: boolean;
  readonly signatureValid: boolean;
  readonly scenario: string;
  readonly checkedAt: string;
  readonly subjectCount: number;
  /** SM3 of the receipt's canonical JSON payload, signed by the platform: compare with a receipt one holds. */
  readonly digest: string;
  readonly signature: string;
  readonly keyId: string;
  readonly algorithm: 'ed25519';
  /** The stored receipt, for the organisation that ran the check and the credit centre. */
  readonly receipt: CheckReceipt | null;
}

/** The answer to "is this receipt, as I hold it, the one the platform issued?" */
export interface ReceiptComparison {
  readonly checkNo: string;
  /** The presented payload is exactly the stored one (same SM3 digest of the canonical JSON), and it verifies. */
  readonly valid: boolean;
  /** SM3 of the presented payload's canonical JSON. */
  readonly presentedDigest: string;
  readonly storedDigest: string;
  readonly signatureValid: boolean;
}

/**
 * Re-verifies a stored check: recomputes the SM3 digest of the stored payload and checks the platform signature,
 * so any change to the stored receipt is detected. Whoever holds the check number learns whether it is genuine;
 * only the organisation that ran it (and the credit centre) see its contents.
 * @throws AppError not_found
 */
export async function verifyCheck(
  rt: Pick<Runtime, 'db' | 'secrets' | 'protector'>,
  actor: Actor,
  checkNo: string,
): Promise<CheckVerification> {
  const run = await rt.db
    .selectFrom('check_run')
    .selectAll()
    .where('check_no', '=', checkNo)
    .executeTakeFirst();
  if (run === undefined) throw notFound(`核查 ${checkNo}`);
  let payload: CheckPayload | null = null;
  let digestMatches = false;
  try {
    // a ciphertext changed without the key fails its HMAC here, which reads as a digest mismatch
    payload = JSON.parse(openSealed(rt.protector, run.payload_cipher, run.payload)) as CheckPayload;
    digestMatches = sm3Hex(canonicalJson(payload)) === run.digest && payload.checkNo === run.check_no;
  } catch {
    digestMatches = false;
  }
  const signatureValid = verifyDigest(rt.secrets, run.digest, run.signature, run.key_id);
  const entitled = can(actor, 'check.read', { organization: run.organization ?? '' });
  return {
    checkNo: run.check_no,
    valid: digestMatches && signatureValid,
    digestMatches,
    signatureValid,
    scenario: run.scenario,
    checkedAt: run.checked_at,
    subjectCount: run.subject_count,
    digest: run.digest,
    signature: run.signature,
    keyId: run.key_id,
    algorithm: 'ed25519',
    receipt: entitled && payload !== null ? storedReceipt(run, payload) : null,
  };
}

/**
 * Compares a receipt someone presents (e.g. a supplier's check result shown to an auditor) with the one stored
 * under its check number: the canonical JSON of the presented payload must hash (SM3) to the stored, signed
 * digest, and a digest or signature presented with it must be the stored one. Any edited verdict, measure or name
 * fails. Reveals nothing the presenter does not already hold.
 * @throws AppError not_found (unknown check number), validation_failed (no checkNo in the payload)
 */
export async function compareReceipt(
  rt: Pick<Runtime, 'db' | 'secrets'>,
  presented: { payload: Record<string, unknown>; digest?: string; signature?: string; keyId?: string },
): Promise<ReceiptComparison> {
  const { payload } = presented;
  const checkNo = typeof payload.checkNo === 'string' ? payload.checkNo : '';
  if (!/^HC\d{8}[0-9A-F]{12}$/.test(checkNo))
    throw new AppError('validation_failed', '回执中没有有效的核查编号（checkNo）');
  const run = await rt.db
    .selectFrom('check_run')
    .select(['check_no', 'digest', 'signature', 'key_id'])
    .where('check_no', '=', checkNo)
    .executeTakeFirst();
  if (run === undefined) throw notFound(`核查 ${checkNo}`);
  const presentedDigest = sm3Hex(canonicalJson(payload));
  const signatureValid = verifyDigest(rt.secrets, run.digest, run.signature, run.key_id);
  const sameSeal =
    (presented.digest === undefined || presented.digest === run.digest) &&
    (presented.signature === undefined || presented.signature === run.signature) &&
    (presented.keyId === undefined || presented.keyId === run.key_id);
  return {
    checkNo,
    valid: presentedDigest === run.digest && sameSeal && signatureValid,
    presentedDigest,
    storedDigest: run.digest,
    signatureValid,
  };
}
