import type { Migration } from 'kysely';
import * as m0001 from './0001-platform.js';
import * as m0002 from './0002-core.js';

/** Every migration in order. Append only: a merged migration is never edited (docs/adr/0002-database.md). */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-platform': m0001,
  '0002-core': m0002,
};
