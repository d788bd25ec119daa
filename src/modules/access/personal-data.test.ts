import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { ingestPersons, type SyntheticPerson, syntheticPersons } from '../../../test/support/auth.js';
import { forEachEngine, type TestDatabase, testPgUrl } from '../../../test/support/engines.js';
import { createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { systemActor } from '../../platform/actor.js';
import { createFieldProtector } from '../../platform/crypto/field-protector.js';
import { addFieldKey, loadOrCreateSecrets } from '../../platform/crypto/secrets.js';
import { pgConnection } from '../../platform/db/create-database.js';
import { CIPHERTEXT_COLUMNS, fieldKeyUsage, reencryptFields } from './field-keys.service.js';

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
    assert.equal(CIPHERTEXT_COLUMNS.length, 3);
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
