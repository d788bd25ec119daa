import type { Command } from 'commander';
import {
  CLIENT_ROLES,
  type ClientView,
  createClient,
  getClientByKeyId,
  type IssuedClient,
  listClients,
  revokeClient,
  rotateClient,
} from '../modules/access/client.service.js';
import { getProvider } from '../modules/providers/provider.service.js';
import { type Role, systemActor } from '../platform/actor.js';
import { inTransaction } from '../platform/db/transaction.js';
import { CliExit, EXIT } from './context.js';
import { withRuntime } from './runtime.js';

const actor = systemActor('cli');

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function integer(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliExit(EXIT.usage, `xinyong: ${name} must be ${min}–${max}`);
  return n;
}

function describe(c: ClientView): string {
  const scope = [
    c.scope.providerId === undefined ? '' : `provider=${c.scope.providerId}`,
    c.scope.organization === undefined ? '' : `org=${c.scope.organization}`,
  ]
    .filter((s) => s !== '')
    .join(' ');
  return `${String(c.id).padStart(4)}  ${c.keyId}  ${c.role.padEnd(18)} ${c.status.padEnd(8)} ${c.name}${scope === '' ? '' : `  [${scope}]`}${c.lastUsedAt === null ? '' : `  last used ${c.lastUsedAt}`}`;
}

function printIssued(issued: IssuedClient, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(issued));
    return;
  }
  console.log(
    `client ${issued.client.name} (id ${issued.client.id}, key id ${issued.client.keyId}, ${issued.client.role})`,
  );
  console.log(`token (shown once, store it in the calling system's secret store):`);
  console.log(`  ${issued.token}`);
  console.log(`use as: Authorization: Bearer <token>`);
  if (issued.client.previousValidUntil !== null)
    console.log(`the previous secret stays valid until ${issued.client.previousValidUntil}`);
}

/** `xinyong clients …`: machine clients (接入系统) — departments pushing data, systems running checks. */
export function registerClients(program: Command): void {
  const clients = program.command('clients').description('API clients for machines (接入系统)');
  clients
    .command('create')
    .description('register a client; prints its bearer token once')
    .requiredOption('--name <name>', 'what the client is, e.g. 宁波市生态环境局数据交换系统')
    .requiredOption('--role <role>', CLIENT_ROLES.join(' | '))
    .option('--provider <code>', 'provider code (provider_operator, provider_reviewer)')
    .option('--organization <name>', 'organisation (credit_user)')
    .option('--scenario <code>', 'scenario a credit user may check (repeatable)', collect)
    .option('--rate-limit <n>', 'requests per minute (default XINYONG_RATE_LIMIT_CLIENT)')
    .option('--json', 'print the client and token as JSON')
    .action(
      async (opts: {
        name: string;
        role: string;
        provider?: string;
        organization?: string;
        scenario?: string[];
        rateLimit?: string;
        json?: boolean;
      }) => {
        if (!(CLIENT_ROLES as readonly string[]).includes(opts.role))
          throw new CliExit(EXIT.usage, `xinyong: --role must be one of ${CLIENT_ROLES.join(', ')}`);
        const issued = await withRuntime(async (rt) => {
          const providerId =
            opts.provider === undefined ? undefined : (await getProvider(rt.db, opts.provider)).id;
          return inTransaction(rt.db, (tx) =>
            createClient(
              tx,
              actor,
              {
                name: opts.name,
                role: opts.role as Role,
                ...(providerId === undefined ? {} : { providerId }),
                ...(opts.organization === undefined ? {} : { organization: opts.organization }),
                ...(opts.scenario === undefined ? {} : { scenarios: opts.scenario }),
                ...(opts.rateLimit === undefined
                  ? {}
                  : { rateLimit: integer(opts.rateLimit, '--rate-limit', 1, 1_000_000) }),
              },
              rt.clock(),
            ),
          );
        });
        printIssued(issued, opts.json === true);
      },
    );
  clients
    .command('list')
    .description('list clients (never their secrets)')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { json?: boolean }) => {
      const list = await withRuntime((rt) => listClients(rt.db, actor, { limit: 100_000, offset: 0 }));
      for (const c of list) console.log(opts.json === true ? JSON.stringify(c) : describe(c));
    });
  clients
    .command('revoke')
    .description('revoke a client at once (current and previous secret)')
    .argument('<keyId>')
    .action(async (keyId: string) => {
      const c = await withRuntime(async (rt) => {
        const found = await getClientByKeyId(rt.db, actor, keyId);
        return inTransaction(rt.db, (tx) => revokeClient(tx, actor, found.id, rt.clock()));
      });
      console.log(`${c.keyId}: ${c.status}`);
    });
  clients
    .command('rotate')
    .description('issue a new secret; the old one stays valid for the overlap (0 = revoked at once)')
    .argument('<keyId>')
    .option('--overlap-minutes <n>', 'minutes the previous secret stays valid (0–10080)', '60')
    .option('--json', 'print the client and token as JSON')
    .action(async (keyId: string, opts: { overlapMinutes: string; json?: boolean }) => {
      const overlapMinutes = integer(opts.overlapMinutes, '--overlap-minutes', 0, 10_080);
      const issued = await withRuntime(async (rt) => {
        const found = await getClientByKeyId(rt.db, actor, keyId);
        return inTransaction(rt.db, (tx) =>
          rotateClient(tx, actor, found.id, { overlapMinutes }, rt.clock()),
        );
      });
      printIssued(issued, opts.json === true);
    });
  clients.commands.forEach((c) => {
    c.exitOverride();
  });
  clients.exitOverride();
}
