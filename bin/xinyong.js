#!/usr/bin/env node
// Entry for `npx xinyong`: runs the TypeScript sources through tsx so the command works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv);
