// Child process for the ingest-memory benchmark: serves xinyong over a fresh SQLite database in DIR (sample
// providers loaded) and prints `port` and the JSON auth headers of a provider operator on stdout.

import { buildApplication } from '../src/app.js';
import { getProvider } from '../src/modules/providers/provider.service.js';
import { loadConfig } from '../src/platform/config.js';
import { openRuntime } from '../src/runtime.js';
import { createTestUser } from '../test/support/auth.js';

const dir = process.argv[2] ?? '';
const rt = await openRuntime(
  loadConfig({ XINYONG_DATA_DIR: dir, XINYONG_LOG_LEVEL: 'silent', XINYONG_RATE_LIMITS: 'false' }),
);
const app = await buildApplication(rt, { logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const provider = await getProvider(rt.db, 'zj-nb-sthj');
const user = await createTestUser(rt, { role: 'provider_operator', providerId: provider.id });
const address = app.server.address();
process.stdout.write(
  `${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0, headers: await user.headers() })}\n`,
);
process.on('SIGTERM', () => process.exit(0));
