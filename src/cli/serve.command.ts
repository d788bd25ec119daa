import type { Command } from 'commander';
import { startServer } from '../server.js';
import { configOrExit } from './context.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('migrate the database and serve the portal and API (XINYONG_HOST:XINYONG_PORT)')
    .action(async () => {
      const config = configOrExit();
      const server = await startServer(config);
      server.app.log.info({ url: server.url, database: config.database.engine }, 'xinyong listening');
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          server.app.log.info({ signal }, 'shutting down');
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          server.close().then(resolve, (error: unknown) => {
            server.app.log.error({ err: error }, 'shutdown failed');
            resolve();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
