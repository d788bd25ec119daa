// A steady write load on the database named by XINYONG_DATABASE_URL, from its own process, like API traffic next to
// a CLI ingest: `node --import tsx test/support/write-load.ts <writes> <per-second>`. Each write is a unit that
// reads and then writes (as a route does). Prints `ready` once connected, then one JSON line
// `{"writes":n,"failed":n,"errors":[…]}`; exits 1 if any write failed.

import { loadConfig } from '../../src/platform/config.js';
import { createDatabase } from '../../src/platform/db/create-database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';

const [writes = '60', perSecond = '15'] = process.argv.slice(2);
const total = Number(writes);
const interval = 1000 / Number(perSecond);
const db = createDatabase(loadConfig(process.env).database);
const errors: string[] = [];
let done = 0;
try {
  await db.selectFrom('app_meta').select('key').limit(1).execute();
  console.log('ready');
  const started = Date.now();
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    try {
      await inTransaction(db, async (tx) => {
        const key = `write-load-${process.pid}-${i % 10}`;
        const row = await tx.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst();
        const at = new Date().toISOString();
        if (row === undefined)
          await tx.insertInto('app_meta').values({ key, value: '1', updated_at: at }).execute();
        else
          await tx
            .updateTable('app_meta')
            .set({ value: String(Number(row.value) + 1), updated_at: at })
            .where('key', '=', key)
            .execute();
      });
      done++;
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
} finally {
  await db.destroy();
}
console.log(JSON.stringify({ writes: done, failed: errors.length, errors: [...new Set(errors)] }));
process.exitCode = errors.length > 0 ? 1 : 0;
