import type { Migration } from 'kysely';
import * as m0001 from './0001-platform.js';

/** Every migration in order. Append only: a merged migration is never edited (docs/adr/0002-database.md). */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-platform': m0001,
};
