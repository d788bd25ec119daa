import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';

/** The package version, read from package.json next to src/. */
export function packageVersion(): string {
  const file = path.resolve(import.meta.dirname, '../../package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

export function registerVersion(program: Command): void {
  program
    .command('version')
    .description('print the xinyong version and runtime')
    .action(() => {
      console.log(
        `xinyong ${packageVersion()} (node ${process.versions.node}, openssl ${process.versions.openssl})`,
      );
    });
}
