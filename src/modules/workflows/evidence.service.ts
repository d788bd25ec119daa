import { type Actor, actorLabel } from '../../platform/actor.js';
import { type FieldProtector, openSealed } from '../../platform/crypto/field-protector.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';

/** Accepted evidence types by content sniffing (not by the declared name): PDF, JPEG, PNG, OFD (a ZIP). */
const SIGNATURES: readonly { type: string; test: (b: Buffer) => boolean }[] = [
  { type: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'application/ofd', test: (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04 },
];

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_TYPES = [
  'commitment',
  'payment',
  'rectification',
  'decision',
  'identity',
  'other',
] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

/**
 * Stores an evidence file content-addressed by its SM3 digest (docs/adr/0009-evidence-files.md): the same bytes
 * are stored once whoever uploads them, SM4-encrypted with their declared name. Only PDF, JPEG, PNG and OFD up to 10 MiB, recognised by their content.
 * @throws AppError payload_too_large, unsupported_media_type
 */
export async function storeEvidence(
  tx: Tx,
  protector: FieldProtector,
  actor: Actor,
  file: { fileName: string; content: Buffer },
  at: Date,
): Promise<{ digest: string; size: number; mediaType: string }> {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', '请先登录再上传证明材料');
  if (file.content.length === 0) throw new AppError('validation_failed', `文件 ${file.fileName} 是空文件`);
  if (file.content.length > MAX_EVIDENCE_BYTES)
    throw new AppError('payload_too_large', `证明材料文件不能超过 ${MAX_EVIDENCE_BYTES} 字节`);
  const kind = SIGNATURES.find((s) => s.test(file.content));
  if (kind === undefined)
    throw new AppError('unsupported_media_type', '证明材料仅接受 PDF、JPEG、PNG、OFD 文件');
  const digest = sm3Hex(file.content);
  const exists = await tx
    .selectFrom('evidence_file')
    .select('digest')
    .where('digest', '=', digest)
    .executeTakeFirst();
  if (exists === undefined) {
    await tx
      .insertInto('evidence_file')
      .values({
        digest,
        // sealed (SM4): identity documents and their names are never stored in clear (migration 0015)
        content: Buffer.alloc(0),
        content_cipher: protector.encryptBytes(file.content),
        size: file.content.length,
        media_type: kind.type,
        file_name: '',
        file_name_cipher: protector.encrypt(file.fileName.slice(0, 200)),
        uploaded_by: actorLabel(actor),
        created_at: at.toISOString(),
      })
      .execute();
  }
  const holder = actorLabel(actor);
  const held = await tx
    .selectFrom('evidence_holder')
    .select('digest')
    .where('digest', '=', digest)
    .where('holder', '=', holder)
    .executeTakeFirst();
  if (held === undefined)
    await tx.insertInto('evidence_holder').values({ digest, holder, added_at: at.toISOString() }).execute();
  return { digest, size: file.content.length, mediaType: kind.type };
}

/**
 * Checks that `actor` uploaded each file it wants to attach to an application: a digest seen elsewhere is not a
 * key to someone else's document.
 * @throws AppError validation_failed naming the first file the actor has not uploaded (or that does not exist)
 */
export async function assertEvidenceHeld(
  db: Queryable,
  actor: Actor,
  digests: readonly string[],
): Promise<void> {
  if (digests.length === 0 || actor.kind === 'system') return;
  const holder = actorLabel(actor);
  const held = new Set(
    (
      await db
        .selectFrom('evidence_holder')
        .select('digest')
        .where('holder', '=', holder)
        .where('digest', 'in', [...digests])
        .execute()
    ).map((r) => r.digest),
  );
  const missing = digests.find((d) => !held.has(d));
  if (missing !== undefined)
    throw new AppError(
      'validation_failed',
      `证明材料 ${missing.slice(0, 12)}… 不存在或不是由您上传的，请先上传该文件`,
    );
}

/**
 * An evidence file for a reader entitled to it: whoever uploaded it, the credit centre, and the reviewers of the
 * provider and the applicant of an application it is attached to.
 * @throws AppError not_found (also when not entitled, so existence does not leak)
 */
export async function readEvidence(
  db: Queryable,
  protector: FieldProtector,
  actor: Actor,
  digest: string,
): Promise<{ content: Buffer; mediaType: string; fileName: string }> {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', '请先登录再查看证明材料');
  const file = await db
    .selectFrom('evidence_file')
    .selectAll()
    .where('digest', '=', digest)
    .executeTakeFirst();
  if (file === undefined) throw notFound(`证明材料 ${digest}`);
  const label = actorLabel(actor);
  let entitled = actor.kind === 'system' || actor.role === 'platform_admin';
  if (!entitled)
    entitled =
      (await db
        .selectFrom('evidence_holder')
        .select('digest')
        .where('digest', '=', digest)
        .where('holder', '=', label)
        .executeTakeFirst()) !== undefined;
  if (!entitled && (actor.kind === 'user' || actor.kind === 'client')) {
    const links = await db
      .selectFrom('application_evidence as e')
      .innerJoin('application as a', 'a.id', 'e.application_id')
      .select(['a.applicant', 'a.provider_id'])
      .where('e.digest', '=', digest)
      .execute();
    entitled = links.some(
      (l) =>
        l.applicant === label ||
        ((actor.role === 'provider_reviewer' || actor.role === 'provider_operator') &&
          actor.scope.providerId === l.provider_id),
    );
  }
  if (!entitled) throw notFound(`证明材料 ${digest}`);
  return {
    content:
      file.content_cipher === null ? Buffer.from(file.content) : protector.decryptBytes(file.content_cipher),
    mediaType: file.media_type,
    fileName: openSealed(protector, file.file_name_cipher, file.file_name),
  };
}
