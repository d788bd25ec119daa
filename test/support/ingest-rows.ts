import { type IngestSummary, ingest } from '../../src/modules/ingestion/ingest.service.js';
import { systemActor } from '../../src/platform/actor.js';
import type { Runtime } from '../../src/runtime.js';

/** Collects `rows` of catalogue item `item` from `provider` through the ingestion pipeline, as the system. */
export function ingestRows(
  rt: Runtime,
  item: string,
  provider: string,
  rows: readonly Record<string, string>[],
): Promise<IngestSummary> {
  return ingest(rt, {
    actor: systemActor('test'),
    item,
    provider,
    source: { kind: 'rows', rows },
    origin: 'api',
  });
}
