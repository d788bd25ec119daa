import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, it } from 'node:test';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import {
  createTestUser,
  ingestPersons,
  type SyntheticPerson,
  syntheticPersons,
} from '../../../test/support/auth.js';
import { forEachEngine, type TestDatabase, testPgUrl } from '../../../test/support/engines.js';
import { toCsv } from '../../../test/support/files.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { systemActor } from '../../platform/actor.js';
import { createFieldProtector } from '../../platform/crypto/field-protector.js';
import { addFieldKey, loadOrCreateSecrets } from '../../platform/crypto/secrets.js';
import { pgConnection } from '../../platform/db/create-database.js';
import type { App } from '../../platform/http/create-app.js';
import { getProvider } from '../providers/provider.service.js';
import { CIPHERTEXT_COLUMNS, fieldKeyUsage, reencryptFields } from './field-keys.service.js';
import { SEAL_PENDING_KEY, sealPendingColumns } from './seal-at-rest.js';
import { loginFailureKey } from './session.service.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Every byte the database holds for this test: the SQLite file (after a checkpoint), or a PostgreSQL dump. */
async function databaseBytes(test: TestDatabase): Promise<Buffer> {
  if (test.engine === 'sqlite') {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(test.db);
    if (test.config.engine !== 'sqlite') throw new Error('unreachable');
    const file = test.config.file;
    const parts = [fs.readFileSync(file)];
    if (fs.existsSync(`${file}-wal`)) parts.push(fs.readFileSync(`${file}-wal`));
    return Buffer.concat(parts);
  }
  const dump = spawnSync(
    'pg_dump',
    ['--schema', test.pgSchema ?? '', '--no-owner', '--dbname', pgConnection(testPgUrl()).connectionString],
    { maxBuffer: 512 * 1024 * 1024 },
  );
  if (dump.status === 0) return dump.stdout;
  if (dump.error === undefined) throw new Error(`pg_dump failed: ${dump.stderr.toString()}`);
  // No pg_dump on this machine: read every text column of every table of the schema instead.
  const columns = await sql<{ table_name: string; column_name: string }>`select table_name, column_name
    from information_schema.columns where table_schema = ${test.pgSchema ?? ''}
    and data_type in ('text', 'character varying', 'character')`.execute(test.db);
  const out: string[] = [];
  for (const c of columns.rows) {
    const rows = await sql<{
      v: string | null;
    }>`select ${sql.ref(c.column_name)} as v from ${sql.table(c.table_name)}`.execute(test.db);
    for (const r of rows.rows) if (r.v !== null) out.push(r.v);
  }
  return Buffer.from(out.join('\n'), 'utf8');
}

function plaintextFound(bytes: Buffer, persons: readonly SyntheticPerson[]): string[] {
  const found: string[] = [];
  for (const p of persons) {
    if (bytes.includes(Buffer.from(p.ric, 'utf8'))) found.push(`id number of ${p.name.slice(0, 1)}…`);
    if (bytes.includes(Buffer.from(p.name, 'utf8'))) found.push(`name ${p.name.slice(0, 1)}…`);
  }
  return found;
}

/** The SQLite file and its WAL as they are (before any checkpoint), then again after one; a `pg_dump` otherwise. */
async function rawDatabaseBytes(test: TestDatabase): Promise<Buffer> {
  if (test.config.engine !== 'sqlite') return databaseBytes(test);
  const file = test.config.file;
  const read = () => [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));
  const before = read();
  return Buffer.concat([...before, await databaseBytes(test)]);
}

/** Every file under the installation's data directory (uploads, secrets, SQLite files), concatenated. */
function dataDirBytes(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) parts.push(fs.readFileSync(path.join(entry.parentPath, entry.name)));
  return Buffer.concat(parts);
}

/** Which of `values` occur in `bytes`, in UTF-8 or (for Chinese text) GBK. */
function valuesFound(bytes: Buffer, values: Readonly<Record<string, string>>): string[] {
  const found: string[] = [];
  for (const [label, v] of Object.entries(values)) {
    if (bytes.includes(Buffer.from(v, 'utf8'))) found.push(`${label} (UTF-8)`);
    if ([...v].some((ch) => (ch.codePointAt(0) ?? 0) > 0x7f) && bytes.includes(iconv.encode(v, 'gbk')))
      found.push(`${label} (GBK)`);
  }
  return found;
}

function multipart(
  fields: Record<string, string>,
  file: { name: string; type: string; content: Buffer },
): { payload: Buffer; contentType: string } {
  const boundary = '----xinyongAtRestBoundary3c9e';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
  );
  parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Distinctive synthetic values typed into every form that stores personal text or files (made-up names, no real
 * person): none of them may be found at rest.
 */
const SECRET = {
  objectionStatement: '异议陈述：慕容晓筠称决定书所载金额有误 OBJ-7f3a91',
  objectionApplicant: '慕容晓筠',
  repairStatement: '修复说明：已缴清罚款并完成整改，经办人端木青禾 REP-2c8d44',
  repairCommitment: '本人郁离歌承诺严格遵守法律法规，如有违反自愿接受惩戒 COM-91ab07',
  bindingEvidence: '营业执照副本及授权委托书，经办人闻人若溪 BND-5e6f12',
  uploadFileName: '公孙映雪-行政处罚-UPL-0b7d55.csv',
  evidenceFileName: '身份证-东方明澈-EVD-6a1f03.png',
  evidenceBytes: 'IDENTITY-DOCUMENT-BYTES-4d2c9e-东方明澈',
  loginName: '夏侯知远-login-8e4b21',
  checkName: '司徒锦程',
} as const;

function cli(test: TestDatabase, args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin/xinyong.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...test.env },
    encoding: 'utf8',
  });
}

forEachEngine('personal information at rest', (s) => {
  let rt: TestRuntime;
  const persons = syntheticPersons(25, 200);

  before(async () => {
    rt = await createTestRuntime(s.test);
    const { subjectIds } = await ingestPersons(rt, persons);
    assert.equal(new Set(subjectIds).size, persons.length);
  });

  it('stores no plaintext id number or natural-person name anywhere in the database', async () => {
    const bytes = await databaseBytes(s.test);
    assert.ok(bytes.length > 10_000, 'the dump has content');
    assert.ok(bytes.includes(Buffer.from(`sm4:${rt.protector.currentKeyId}:`)), 'ciphertexts are there');
    assert.deepEqual(plaintextFound(bytes, persons), []);
    // the ciphertext decrypts to the person, so nothing was lost
    const stored = await rt.db
      .selectFrom('subject')
      .select(['ric_cipher', 'name_cipher', 'ric_digest'])
      .execute();
    const byDigest = new Map(stored.map((r) => [r.ric_digest, r]));
    for (const p of persons) {
      const row = byDigest.get(rt.protector.digest(p.ric));
      assert.equal(rt.protector.decrypt(row?.ric_cipher ?? ''), p.ric);
      assert.equal(rt.protector.decrypt(row?.name_cipher ?? ''), p.name);
    }
  });

  it('re-encrypts resumably under a new key: an interrupted run is finished by the next, nothing twice', async () => {
    const secrets = addFieldKey(rt.config.secretFile, rt.clock());
    const protector = createFieldProtector(secrets);
    const oldKey = rt.protector.currentKeyId;
    const before = await fieldKeyUsage(rt.db, [oldKey, protector.currentKeyId]);
    const total = before.reduce((n, u) => n + (u.byKey[oldKey] ?? 0), 0);
    assert.equal(total, persons.length * 3, 'ric + name per subject, sensitive fields per record');

    let chunks = 0;
    await assert.rejects(
      reencryptFields(rt.db, protector, {
        actor: systemActor('test'),
        clock: rt.clock,
        chunkSize: 10,
        onChunk: () => {
          chunks += 1;
          if (chunks === 2) throw new Error('power cut');
        },
      }),
      /power cut/,
    );
    const midway = await fieldKeyUsage(rt.db, [oldKey, protector.currentKeyId]);
    assert.equal(
      midway.reduce((n, u) => n + (u.byKey[protector.currentKeyId] ?? 0), 0),
      20,
      'two committed chunks',
    );
    const rest = await reencryptFields(rt.db, protector, {
      actor: systemActor('test'),
      clock: rt.clock,
      chunkSize: 10,
    });
    assert.equal(rest.reencrypted, total - 20);
    const again = await reencryptFields(rt.db, protector, { actor: systemActor('test'), clock: rt.clock });
    assert.equal(again.reencrypted, 0, 'idempotent');
    const after = await fieldKeyUsage(rt.db, [oldKey, protector.currentKeyId]);
    for (const u of after) {
      assert.equal(u.byKey[oldKey], 0, u.column);
      assert.equal(u.byKey[protector.currentKeyId], u.total, u.column);
    }
    const row = await rt.db
      .selectFrom('subject')
      .select('ric_cipher')
      .where('ric_digest', '=', rt.protector.digest(persons[0]?.ric ?? ''))
      .executeTakeFirstOrThrow();
    assert.equal(protector.decrypt(row.ric_cipher ?? ''), persons[0]?.ric);
    assert.deepEqual(plaintextFound(await databaseBytes(s.test), persons), []);
    assert.equal(CIPHERTEXT_COLUMNS.length, 13);
  });

  it('`xinyong keys rotate` adds a key, re-encrypts, prints counts; --resume --prune drops the old keys', () => {
    const keysBefore = loadOrCreateSecrets(rt.config.secretFile).fieldKeys.map((k) => k.id);
    const rotate = cli(s.test, ['keys', 'rotate', '--chunk-size', '7']);
    assert.equal(rotate.status, 0, rotate.stderr);
    assert.match(rotate.stdout, /added field key k\w+ \(now current\)/);
    assert.match(rotate.stdout, new RegExp(`re-encrypted ${persons.length * 3} ciphertexts`));
    assert.match(rotate.stdout, /subject\.ric_cipher\s+found\s+25\s+re-encrypted\s+25/);
    const resume = cli(s.test, ['keys', 'rotate', '--resume', '--prune']);
    assert.equal(resume.status, 0, resume.stderr);
    assert.match(resume.stdout, /re-encrypted 0 ciphertexts/);
    assert.match(resume.stdout, /removed old keys:/);
    const after = loadOrCreateSecrets(rt.config.secretFile);
    assert.equal(after.fieldKeys.length, 1);
    assert.ok(!keysBefore.includes(after.fieldKeys[0]?.id ?? ''));
    const status = cli(s.test, ['keys', 'status']);
    assert.match(status.stdout, /subject\.ric_cipher\s+total 25/);
  });
});

forEachEngine('personal text and files at rest', (s) => {
  let rt: TestRuntime;
  let app: App;
  const persons = syntheticPersons(3, 700);
  const readBack: Record<string, unknown> = {};

  before(async () => {
    rt = await createTestRuntime(s.test);
    app = await createTestApp(rt);
    const { subjectIds } = await ingestPersons(rt, persons);
    const [first, second] = subjectIds;
    if (first === undefined || second === undefined) throw new Error('two subjects expected');
    const record = await rt.db
      .selectFrom('record')
      .select('id')
      .where('subject_id', '=', first)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const provider = await getProvider(rt.db, 'zj-nb-sthj');
    const subjectUser = await createTestUser(rt, { role: 'subject_user', subjectId: first });
    const binder = await createTestUser(rt, { role: 'subject_user' });
    const operator = await createTestUser(rt, { role: 'provider_operator', providerId: provider.id });
    const creditUser = await createTestUser(rt, {
      role: 'credit_user',
      organization: '宁波市公共资源交易中心（示例）',
      scenarios: ['procurement'],
    });
    const subjectHeaders = await subjectUser.headers();
    const post = async (url: string, headers: Record<string, string>, payload: unknown) => {
      const res = await app.inject({
        method: 'POST',
        url,
        headers,
        payload: payload as Record<string, unknown>,
      });
      assert.ok(res.statusCode < 300, `${url}: ${res.statusCode} ${res.body}`);
      return res.json() as Record<string, unknown>;
    };
    const get = async (url: string, headers: Record<string, string>) => {
      const res = await app.inject({ method: 'GET', url, headers });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res;
    };

    // an identity document (PNG by its leading bytes) with a personal-looking name
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from(SECRET.evidenceBytes, 'utf8'),
    ]);
    const upload = multipart({}, { name: SECRET.evidenceFileName, type: 'image/png', content: png });
    const evidence = await post(
      '/api/v1/evidence',
      { ...subjectHeaders, 'content-type': upload.contentType },
      upload.payload,
    );
    const digest = String(evidence.digest);

    const objection = await post('/api/v1/objections', subjectHeaders, {
      recordId: record.id,
      grounds: 'error',
      statement: SECRET.objectionStatement,
      applicantName: SECRET.objectionApplicant,
      evidence: [{ digest, type: 'identity' }],
    });
    const repair = await post('/api/v1/repairs', subjectHeaders, {
      recordId: record.id,
      statement: SECRET.repairStatement,
      commitment: SECRET.repairCommitment,
    });
    const binding = await post('/api/v1/subject-bindings', await binder.headers(), {
      subjectId: second,
      evidence: SECRET.bindingEvidence,
    });

    const csv = toCsv([
      {
        CF_WSH: '甬环罚〔2025〕701号',
        CF_XDR_MC: '宁波不凡创意设计有限公司',
        CF_XDR_LB: '法人及非法人组织',
        CF_XDR_SHXYM: '91330206MACYH2796M',
        CF_WFXW: '超标排放',
        CF_SY: '超标排放大气污染物',
        CF_YJ: '《中华人民共和国大气污染防治法》第九十九条',
        CF_CFLB: '罚款',
        CF_NR: '罚款人民币2万元',
        CF_NR_FK: '2',
        CF_JDRQ: '2025-03-01',
        CF_CFJG: '宁波市生态环境局（示例）',
        CF_CFJGDM: '11330200MB1A000527',
        CF_SJLY: '宁波市生态环境局（示例）',
        CF_SJLYDM: '11330200MB1A000527',
      },
    ]);
    const operatorHeaders = await operator.headers();
    const batchUpload = multipart(
      { item: 'XZCF', provider: 'zj-nb-sthj' },
      { name: SECRET.uploadFileName, type: 'text/csv', content: Buffer.from(csv, 'utf8') },
    );
    const batch = await post(
      '/api/v1/batches?wait=true',
      { ...operatorHeaders, 'content-type': batchUpload.contentType },
      batchUpload.payload,
    );

    const failed = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: SECRET.loginName, password: 'not-the-password-2026' },
    });
    assert.equal(failed.statusCode, 401, failed.body);

    const creditHeaders = await creditUser.headers();
    const check = await post('/api/v1/checks', creditHeaders, {
      scenario: 'procurement',
      subjects: [{ name: SECRET.checkName }],
    });
    const checkNo = String((check.payload as { checkNo: string }).checkNo);

    // read back through the API by entitled readers
    readBack.objection = (await get(`/api/v1/objections/${String(objection.no)}`, subjectHeaders)).json();
    readBack.repair = (await get(`/api/v1/repairs/${String(repair.no)}`, subjectHeaders)).json();
    readBack.bindings = (await get('/api/v1/subject-bindings', await binder.headers())).json();
    readBack.binding = binding;
    readBack.batch = (await get(`/api/v1/batches/${String(batch.id)}`, operatorHeaders)).json();
    readBack.evidence = (await get(`/api/v1/evidence/${digest}`, subjectHeaders)).rawPayload;
    readBack.png = png;
    readBack.verify = (await get(`/api/v1/checks/${checkNo}/verify`, creditHeaders)).json();
  });
  after(() => app.close());

  it('reads every sealed value back through the API for its entitled readers', () => {
    const objection = readBack.objection as { statement: string; applicantName: string };
    assert.equal(objection.statement, SECRET.objectionStatement);
    assert.equal(objection.applicantName, SECRET.objectionApplicant);
    const repair = readBack.repair as { statement: string; commitment: string; applicantName: string };
    assert.equal(repair.statement, SECRET.repairStatement);
    assert.equal(repair.commitment, SECRET.repairCommitment);
    assert.match(repair.applicantName, /^测试/, 'the applicant name (the account name) reads back');
    assert.deepEqual(
      (readBack.bindings as { evidence: string }[]).map((b) => b.evidence),
      [SECRET.bindingEvidence],
    );
    assert.equal((readBack.batch as { fileName: string }).fileName, SECRET.uploadFileName);
    assert.deepEqual(readBack.evidence, readBack.png);
    const verify = readBack.verify as {
      valid: boolean;
      receipt: { payload: { results: { query: Record<string, string> }[] } };
    };
    assert.equal(verify.valid, true, 'the sealed receipt still verifies');
    assert.deepEqual(verify.receipt.payload.results[0]?.query, { name: SECRET.checkName });
  });

  it('stores none of them in clear: SQLite file and WAL or pg_dump, and the data directory', async () => {
    const db = await rawDatabaseBytes(s.test);
    assert.ok(db.includes(Buffer.from(`sm4:${rt.protector.currentKeyId}:`)), 'ciphertexts are there');
    assert.deepEqual(valuesFound(db, SECRET), []);
    assert.deepEqual(plaintextFound(db, persons), []);
    assert.deepEqual(valuesFound(dataDirBytes(s.test.dir), SECRET), []);
    // failures are still counted, by a keyed digest of the name
    const failures = await rt.db
      .selectFrom('login_failure')
      .select('username')
      .where('username', '=', loginFailureKey(rt.protector, SECRET.loginName))
      .execute();
    assert.equal(failures.length, 1);
  });

  it('creates the SQLite file, its WAL and shared memory, and the secret file readable by the owner only', () => {
    const files = [rt.config.secretFile];
    if (s.test.config.engine === 'sqlite') {
      const file = s.test.config.file;
      files.push(file, ...[`${file}-wal`, `${file}-shm`].filter((f) => fs.existsSync(f)));
    }
    for (const f of files) assert.equal((fs.statSync(f).mode & 0o777).toString(8), '600', f);
  });

  it('seals rows written in clear before migration 0015 once, at start, and rotation covers them', async () => {
    const at = rt.clock().toISOString();
    const app0 = await rt.db.selectFrom('application').select('id').orderBy('id').executeTakeFirstOrThrow();
    const oldText = '旧异议陈述：欧阳春晓在迁移前写入 OLD-33aa90';
    const oldFile = Buffer.from('%PDF-1.4 OLD-EVIDENCE-BYTES-77cc01', 'latin1');
    await rt.db
      .updateTable('application')
      .set({ statement: oldText, statement_cipher: null })
      .where('id', '=', app0.id)
      .execute();
    await rt.db
      .insertInto('evidence_file')
      .values({
        digest: 'f'.repeat(64),
        content: oldFile,
        content_cipher: null,
        size: oldFile.length,
        media_type: 'application/pdf',
        file_name: '旧材料-欧阳春晓.pdf',
        file_name_cipher: null,
        uploaded_by: 'user:0',
        created_at: at,
      })
      .execute();
    await rt.db.insertInto('login_failure').values({ username: 'ouyang-old', ip: '127.0.0.1', at }).execute();
    await rt.db.insertInto('app_meta').values({ key: SEAL_PENDING_KEY, value: at, updated_at: at }).execute();

    assert.equal(await sealPendingColumns(rt.db, rt.protector), 4);
    assert.equal(await sealPendingColumns(rt.db, rt.protector), 0, 'once: the marker is gone');
    const sealed = await rt.db
      .selectFrom('application')
      .select(['statement', 'statement_cipher'])
      .where('id', '=', app0.id)
      .executeTakeFirstOrThrow();
    assert.equal(sealed.statement, '');
    assert.equal(rt.protector.decrypt(sealed.statement_cipher ?? ''), oldText);
    const file = await rt.db
      .selectFrom('evidence_file')
      .selectAll()
      .where('digest', '=', 'f'.repeat(64))
      .executeTakeFirstOrThrow();
    assert.equal(file.content.length, 0);
    assert.deepEqual(rt.protector.decryptBytes(file.content_cipher ?? ''), oldFile);
    assert.equal(rt.protector.decrypt(file.file_name_cipher ?? ''), '旧材料-欧阳春晓.pdf');
    const failures = await rt.db.selectFrom('login_failure').select('username').execute();
    assert.ok(failures.every((f) => /^[0-9a-f]{64}$/.test(f.username)));
    const old = { text: oldText, file: 'OLD-EVIDENCE-BYTES-77cc01', name: '欧阳春晓', login: 'ouyang-old' };
    assert.deepEqual(valuesFound(await databaseBytes(s.test), old), []);

    // a new key re-encrypts the sealed columns too, files included
    const secrets = addFieldKey(rt.config.secretFile, rt.clock());
    const protector = createFieldProtector(secrets);
    const report = await reencryptFields(rt.db, protector, {
      actor: systemActor('test'),
      clock: rt.clock,
      chunkSize: 2,
    });
    const byColumn = new Map(report.columns.map((c) => [c.column, c.reencrypted]));
    assert.equal(byColumn.get('evidence_file.content_cipher'), 2);
    assert.equal(byColumn.get('check_run.payload_cipher'), 1);
    assert.equal(byColumn.get('application.statement_cipher'), 2);
    assert.deepEqual(
      protector.decryptBytes(
        (
          await rt.db
            .selectFrom('evidence_file')
            .select('content_cipher')
            .where('digest', '=', 'f'.repeat(64))
            .executeTakeFirstOrThrow()
        ).content_cipher ?? '',
      ),
      oldFile,
    );
  });
});
