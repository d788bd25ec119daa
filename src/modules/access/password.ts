import { type Algorithm, hash, parseOptions, verify } from '@node-rs/argon2';
import type { IssueDetail } from '../../platform/errors.js';

// `Algorithm` is an ambient const enum, which isolatedModules cannot inline: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane); raising it rehashes on the next sign-in. */
const PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id PHC string of `password` (random 16-byte salt). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

/** Whether `password` matches the PHC string; false (never a throw) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Whether a stored hash uses weaker parameters than today's and should be replaced after a successful sign-in. */
export function needsRehash(passwordHash: string): boolean {
  try {
    const p = parseOptions(passwordHash);
    return (
      p.algorithm !== PARAMS.algorithm ||
      p.memoryCost < PARAMS.memoryCost ||
      p.timeCost < PARAMS.timeCost ||
      p.parallelism !== PARAMS.parallelism
    );
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throw-away hash so that an unknown or disabled user name costs as much time as a wrong
 * password (no user-name probing by timing).
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('xinyong-dummy-password-never-valid');
  await verifyPassword(await dummyHash, password);
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const COMMON_FRAGMENTS = [
  'password',
  'passw0rd',
  'p@ssw0rd',
  'qwerty',
  'asdfgh',
  'zxcvbn',
  '123456',
  '654321',
  'abc123',
  '111111',
  '000000',
  'admin',
  'welcome',
  'letmein',
  'iloveyou',
  'xinyong',
  'changeme',
];

/**
 * Why a password is too weak, as issue details (empty when acceptable): at least 12 characters (at most 128), at
 * least three of lower-case, upper-case, digits and other characters (Chinese characters count as "other"), not
 * containing the user name, no well-known fragment (password, 123456, admin, xinyong …), not one repeated character.
 * Messages are Chinese: operators and users read them.
 */
export function passwordProblems(password: string, username = ''): IssueDetail[] {
  const problems: IssueDetail[] = [];
  const add = (code: string, message: string) => problems.push({ field: 'password', code, message });
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) add('too_short', `密码至少 ${PASSWORD_MIN_LENGTH} 个字符`);
  if (chars.length > PASSWORD_MAX_LENGTH) add('too_long', `密码最多 ${PASSWORD_MAX_LENGTH} 个字符`);
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) =>
    re.test(password),
  ).length;
  if (classes < 3) add('too_simple', '密码须包含大写字母、小写字母、数字、其他字符中的至少三类');
  const lower = password.toLowerCase();
  const name = username.trim().toLowerCase();
  if (name.length >= 3 && lower.includes(name)) add('contains_username', '密码不得包含用户名');
  const fragment = COMMON_FRAGMENTS.find((f) => lower.includes(f));
  if (fragment !== undefined) add('common', `密码不得包含常见弱口令片段（${fragment}）`);
  if (chars.length > 0 && chars.every((c) => c === chars[0])) add('repeated', '密码不得由同一字符重复组成');
  return problems;
}
