// A steady write load on the database named by XINYONG_DATABASE_URL, from its own process, like API traffic next to
// a CLI ingest: `node --import tsx test/support/write-load.ts <writes> <per-second>`. Each write is a unit that
// reads and then writes (as a route does). Prints `ready` once connected, then one JSON line
// `{"writes":n,"failed":n,"errors":[…]}`; exits 1 if any write failed.

import { loadConfig } from '../../src/platform/config.js';
import { createDatabase } from '../../src/platform/db/create-database.js';
import { bumpCounter } from './bump-counter.js';

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
      await bumpCounter(db, `write-load-${process.pid}-${i % 10}`);
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
