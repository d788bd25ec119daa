import { syncNationalItems } from './modules/catalog/catalog.service.js';
import { syncShippedModels } from './modules/evaluation/evaluation-model.service.js';
import { syncShippedProfiles } from './modules/ingestion/profile.service.js';
import { syncShippedMeasures } from './modules/measures/measure.service.js';
import { saveProvider } from './modules/providers/provider.service.js';
import { SAMPLE_PROVIDERS } from './modules/providers/sample-providers.js';
import { systemActor } from './platform/actor.js';
import type { Db } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrator.js';
import { inTransaction } from './platform/db/transaction.js';

/**
 * Brings a database to what this release expects: migrations, the shipped national catalog items, mapping
 * profiles, measures and evaluation models and, when sample data is on, the sample providers. Idempotent; run by
 * `serve`, `migrate` and every command that needs the catalog.
 */
export async function prepareDatabase(
  db: Db,
  options: { at: Date; sampleProviders: boolean },
): Promise<void> {
  await migrateToLatest(db);
  await inTransaction(db, async (tx) => {
    await syncNationalItems(tx, options.at);
    await syncShippedProfiles(tx, options.at);
    await syncShippedMeasures(tx, options.at);
    await syncShippedModels(tx, options.at);
    if (options.sampleProviders) {
      const actor = systemActor('sample-data');
      for (const p of SAMPLE_PROVIDERS) await saveProvider(tx, actor, p, options.at);
    }
  });
}
