import type { Actor } from '../../platform/actor.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { verifyDigest } from '../../platform/crypto/signing.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import { notFound } from '../../platform/errors.js';
import type { Runtime } from '../../runtime.js';
import { can } from '../access/policy.js';
import type { CheckPayload, CheckReceipt } from './check.types.js';

export interface CheckVerification {
  readonly checkNo: string;
  /** Digest recomputed from the stored payload equals the stored digest, and the signature verifies. */
  readonly valid: boolean;
  readonly digestMatches: boolean;
  readonly signatureValid: boolean;
  readonly scenario: string;
  readonly checkedAt: string;
  readonly subjectCount: number;
  /** The stored receipt, for the organisation that ran the check and the credit centre. */
  readonly receipt: CheckReceipt | null;
}

/**
 * Re-verifies a stored check: recomputes the SM3 digest of the stored payload and checks the platform signature,
 * so any change to the stored receipt is detected. Whoever holds the check number learns whether it is genuine;
 * only the organisation that ran it (and the credit centre) see its contents.
 * @throws AppError not_found
 */
export async function verifyCheck(
  rt: Pick<Runtime, 'db' | 'secrets'>,
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
    payload = JSON.parse(run.payload) as CheckPayload;
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
    receipt:
      entitled && payload !== null
        ? { payload, digest: run.digest, signature: run.signature, keyId: run.key_id, algorithm: 'ed25519' }
        : null,
  };
}
