import type { Command } from 'commander';
import {
  createUser,
  getUserByUsername,
  listUsers,
  setUserPassword,
  setUserStatus,
  type UserView,
} from '../modules/access/user.service.js';
import { getProvider } from '../modules/providers/provider.service.js';
import { ROLES, type Role, systemActor } from '../platform/actor.js';
import { inTransaction } from '../platform/db/transaction.js';
import { CliExit, EXIT } from './context.js';
import { readNewPassword } from './read-password.js';
import { withRuntime } from './runtime.js';

const actor = systemActor('cli');

function role(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value))
    throw new CliExit(EXIT.usage, `xinyong: --role must be one of ${ROLES.join(', ')}`);
  return value as Role;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function describe(u: UserView): string {
  const scope = [
    u.scope.providerId === undefined ? '' : `provider=${u.scope.providerId}`,
    u.scope.organization === undefined ? '' : `org=${u.scope.organization}`,
    u.scope.scenarios === undefined || u.scope.scenarios.length === 0
      ? ''
      : `scenarios=${u.scope.scenarios.join(',')}`,
    u.scope.subjectId === undefined ? '' : `subject=${u.scope.subjectId}`,
  ]
    .filter((s) => s !== '')
    .join(' ');
  return `${String(u.id).padStart(4)}  ${u.username.padEnd(24)} ${u.role.padEnd(18)} ${u.status.padEnd(8)} ${u.displayName}${scope === '' ? '' : `  [${scope}]`}`;
}

interface CreateOptions {
  username: string;
  displayName?: string;
  role?: string;
  provider?: string;
  organization?: string;
  scenario?: string[];
  passwordStdin?: boolean;
}

async function create(opts: CreateOptions, fixedRole?: Role): Promise<void> {
  const r = fixedRole ?? role(opts.role ?? '');
  const password = await readNewPassword(opts.passwordStdin === true);
  const user = await withRuntime(async (rt) => {
    const providerId = opts.provider === undefined ? undefined : (await getProvider(rt.db, opts.provider)).id;
    return inTransaction(rt.db, (tx) =>
      createUser(
        tx,
        actor,
        {
          username: opts.username,
          displayName: opts.displayName ?? opts.username,
          role: r,
          password,
          ...(providerId === undefined ? {} : { providerId }),
          ...(opts.organization === undefined ? {} : { organization: opts.organization }),
          ...(opts.scenario === undefined ? {} : { scenarios: opts.scenario }),
        },
        rt.clock(),
      ),
    );
  });
  console.log(`created user ${user.username} (id ${user.id}, ${user.role})`);
}

/**
 * `xinyong users …`: accounts from the command line (the first administrator, or for operators who prefer it).
 * Passwords are typed at a hidden prompt or piped with --password-stdin; weak ones are refused.
 */
export function registerUsers(program: Command): void {
  const users = program.command('users').description('user accounts (用户)');
  users
    .command('create-admin')
    .description('create a platform administrator (信用中心), e.g. the first one')
    .requiredOption('--username <name>', 'sign-in name: 3–64 of a-z 0-9 . _ -')
    .option('--display-name <name>', 'name shown in the console and the audit trail')
    .option('--password-stdin', 'read the password from stdin instead of prompting')
    .action((opts: CreateOptions) => create(opts, 'platform_admin'));
  users
    .command('create')
    .description('create a user with a role and scope')
    .requiredOption('--username <name>', 'sign-in name')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--display-name <name>', 'name shown in the console')
    .option('--provider <code>', 'provider code (provider_operator, provider_reviewer)')
    .option('--organization <name>', 'organisation (credit_user)')
    .option('--scenario <code>', 'scenario a credit user may check (repeatable)', collect)
    .option('--password-stdin', 'read the password from stdin instead of prompting')
    .action((opts: CreateOptions) => create(opts));
  users
    .command('list')
    .description('list users')
    .option('--role <role>', 'only this role')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { role?: string; json?: boolean }) => {
      const list = await withRuntime((rt) =>
        listUsers(rt.db, actor, {
          ...(opts.role === undefined ? {} : { role: role(opts.role) }),
          limit: 100_000,
          offset: 0,
        }),
      );
      for (const u of list) console.log(opts.json === true ? JSON.stringify(u) : describe(u));
    });
  for (const [name, status, what] of [
    ['disable', 'disabled', 'disable a user and end its sessions'],
    ['enable', 'active', 'enable a disabled user'],
  ] as const) {
    users
      .command(name)
      .description(what)
      .argument('<username>')
      .action(async (username: string) => {
        const u = await withRuntime(async (rt) => {
          const found = await getUserByUsername(rt.db, actor, username);
          return inTransaction(rt.db, (tx) => setUserStatus(tx, actor, found.id, status, rt.clock()));
        });
        console.log(`${u.username}: ${u.status}`);
      });
  }
  users
    .command('set-password')
    .description("set a user's password (ends its sessions)")
    .argument('<username>')
    .option('--password-stdin', 'read the password from stdin instead of prompting')
    .action(async (username: string, opts: { passwordStdin?: boolean }) => {
      const password = await readNewPassword(opts.passwordStdin === true);
      await withRuntime(async (rt) => {
        const found = await getUserByUsername(rt.db, actor, username);
        await inTransaction(rt.db, (tx) => setUserPassword(tx, actor, found.id, password, rt.clock()));
      });
      console.log(`password of ${username} set; its sessions ended`);
    });
  users.commands.forEach((c) => {
    c.exitOverride();
  });
  users.exitOverride();
}
