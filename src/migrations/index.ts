import type { Migration } from 'kysely';
import * as m0001 from './0001-platform.js';
import * as m0002 from './0002-core.js';
import * as m0003 from './0003-access.js';
import * as m0004 from './0004-credit-files.js';
import * as m0005 from './0005-checks.js';
import * as m0006 from './0006-evaluation.js';
import * as m0007 from './0007-workflows.js';
import * as m0008 from './0008-reports.js';
import * as m0009 from './0009-in-force-index.js';
import * as m0010 from './0010-one-active-watch.js';
import * as m0011 from './0011-check-idempotency.js';
import * as m0012 from './0012-in-force-covering.js';
import * as m0013 from './0013-batch-queue.js';
import * as m0014 from './0014-public-tallies.js';
import * as m0015 from './0015-sealed-at-rest.js';
import * as m0016 from './0016-measure-basis.js';

/** Every migration in order. Append only: a merged migration is never edited (docs/adr/0002-database.md). */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-platform': m0001,
  '0002-core': m0002,
  '0003-access': m0003,
  '0004-credit-files': m0004,
  '0005-checks': m0005,
  '0006-evaluation': m0006,
  '0007-workflows': m0007,
  '0008-reports': m0008,
  '0009-in-force-index': m0009,
  '0010-one-active-watch': m0010,
  '0011-check-idempotency': m0011,
  '0012-in-force-covering': m0012,
  '0013-batch-queue': m0013,
  '0014-public-tallies': m0014,
  '0015-sealed-at-rest': m0015,
  '0016-measure-basis': m0016,
};
