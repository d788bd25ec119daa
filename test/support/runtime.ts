import path from 'node:path';
import { buildApplication } from '../../src/app.js';
import { type Clock, systemClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import type { App } from '../../src/platform/http/create-app.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import type { TestDatabase } from './engines.js';

/**
 * A full runtime over a test database: secrets in the test's temp dir, shipped catalog and sample providers
 * synced, statutory calendar loaded. `clock` can be replaced per test through `setNow`.
 */
export interface TestRuntime extends Runtime {
  setNow(iso: string | null): void;
}

export async function createTestRuntime(
  test: TestDatabase,
  options: { sampleProviders?: boolean; env?: Readonly<Record<string, string>> } = {},
): Promise<TestRuntime> {
  const config = loadConfig({
    ...test.env,
    ...options.env,
    XINYONG_DATA_DIR: test.dir,
    XINYONG_SECRET_FILE: path.join(test.dir, 'secrets.json'),
    XINYONG_SAMPLE_DATA: options.sampleProviders === false ? 'false' : 'true',
  });
  let now: Date | null = null;
  const clock: Clock = () => (now === null ? systemClock() : new Date(now.getTime()));
  const rt = await openRuntime(config, { clock, db: test.db });
  return {
    ...rt,
    setNow(iso) {
      now = iso === null ? null : new Date(iso);
    },
  };
}

/** The HTTP application over a test runtime (no logging), ready for `inject`. */
export async function createTestApp(rt: Runtime): Promise<App> {
  const app = await buildApplication(rt, { logger: false });
  await app.ready();
  return app;
}
