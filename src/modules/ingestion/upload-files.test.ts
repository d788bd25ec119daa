import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, it } from 'node:test';
import { forEachEngine } from '../../../test/support/engines.js';
import { createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { getProvider } from '../providers/provider.service.js';
import { findBatch, insertBatch } from './batch.repository.js';
import {
  cleanUpInterruptedIngests,
  FOREIGN_UPLOAD_TTL_MS,
  newUploadPath,
  uploadsDir,
} from './upload-files.js';

forEachEngine('uploads of interrupted ingests', (s) => {
  let rt: TestRuntime;
  before(async () => {
    rt = await createTestRuntime(s.test);
  });

  it('at start, marks a dead process’s batches interrupted and removes its uploads; live and recent ones stay', async () => {
    const now = new Date();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const provider = await getProvider(rt.db, 'zj-nb-sthj');
    const batch = (owner: string, queuedAt: string | null) =>
      inTransaction(rt.db, (tx) =>
        insertBatch(
          tx,
          {
            provider_id: provider.id,
            item_code: 'XZCF',
            item_version: 1,
            source: 'file',
            file_name: null,
            file_name_cipher: rt.protector.encrypt('处罚.xlsx'),
            file_digest: null,
            encoding: null,
            profile: null,
            status: 'applying',
            created_by: 'system:test',
            owner,
            queued_at: queuedAt,
          },
          now.toISOString(),
        ),
      );
    const applying = await batch(`${os.hostname()}:${dead}`, null);
    const waiting = await batch(`${os.hostname()}:${dead}`, now.toISOString());
    const running = await batch(`${os.hostname()}:${process.pid}`, null);

    const write = (file: string, ageMs = 0) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'CF_WSH\r\n');
      const t = new Date(now.getTime() - ageMs);
      fs.utimesSync(file, t, t);
      return file;
    };
    const ours = newUploadPath(rt.config.dataDir, '处罚.xlsx');
    assert.equal(path.dirname(path.dirname(ours)), uploadsDir(rt.config.dataDir));
    assert.match(path.basename(ours), new RegExp(`^${process.pid}-[0-9a-f-]{36}\\.xlsx$`));
    const live = write(ours);
    const orphan = write(path.join(path.dirname(ours), `${dead}-0b7d6c52-3f4e-4d1a-9a43-2f7c1d0e9a11.xlsx`));
    const otherHost = path.join(uploadsDir(rt.config.dataDir), 'another-host');
    const foreignRecent = write(path.join(otherHost, `${dead}-a.csv`));
    const foreignOld = write(path.join(otherHost, `${dead}-b.csv`), FOREIGN_UPLOAD_TTL_MS + 60_000);
    const legacyOld = write(
      path.join(uploadsDir(rt.config.dataDir), 'c.xlsx'),
      FOREIGN_UPLOAD_TTL_MS + 60_000,
    );
    const legacyRecent = write(path.join(uploadsDir(rt.config.dataDir), 'd.xlsx'));

    const cleaned = await cleanUpInterruptedIngests(rt.db, rt.config.dataDir, now);
    assert.deepEqual(cleaned.interrupted.sort(), [applying, waiting].sort());
    assert.deepEqual(cleaned.removedUploads.sort(), [orphan, foreignOld, legacyOld].sort());
    for (const f of [live, foreignRecent, legacyRecent]) assert.ok(fs.existsSync(f), f);
    for (const f of [orphan, foreignOld, legacyOld]) assert.ok(!fs.existsSync(f), f);

    assert.equal((await findBatch(rt.db, running))?.status, 'applying');
    const [a, w] = [await findBatch(rt.db, applying), await findBatch(rt.db, waiting)];
    assert.deepEqual(
      [a?.status, a?.message],
      [
        'interrupted',
        '处理中断：进程在第 0 行之后停止，第 0 行及之前的数据已入库；请重新提交同一文件以完成处理',
      ],
    );
    assert.deepEqual(
      [w?.status, w?.message, w?.queued_at],
      ['interrupted', '处理中断：文件排队等待期间进程停止，未读取任何数据；请重新提交同一文件', null],
    );
    fs.rmSync(live);
  });
});
