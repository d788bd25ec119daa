import { decideMeasureBasis, listActiveMeasures } from '../../src/modules/measures/measure.service.js';
import { systemActor } from '../../src/platform/actor.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import type { Runtime } from '../../src/runtime.js';

/**
 * Confirms the legal basis of every active bar measure (as an admin would after checking it), for suites that test
 * what a 禁止 verdict does rather than whether one is allowed (checks-basis.routes.test.ts tests that).
 */
export async function confirmBarBases(rt: Pick<Runtime, 'db' | 'clock'>): Promise<void> {
  await inTransaction(rt.db, async (tx) => {
    for (const m of await listActiveMeasures(tx))
      if (m.spec.effect === 'bar' && !m.basisConfirmed)
        await decideMeasureBasis(
          tx,
          systemActor('test'),
          m.code,
          { confirmed: true, note: '测试：已核实' },
          rt.clock(),
        );
  });
}
