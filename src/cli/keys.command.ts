import type { Command } from 'commander';
import { auditFieldKeyChange, fieldKeyUsage, reencryptFields } from '../modules/access/field-keys.service.js';
import { sealClearColumns } from '../modules/access/seal-at-rest.js';
import { systemActor } from '../platform/actor.js';
import { createFieldProtector } from '../platform/crypto/field-protector.js';
import { addFieldKey, loadOrCreateSecrets, pruneFieldKeys } from '../platform/crypto/secrets.js';
import { CliExit, EXIT } from './context.js';
import { withRuntime } from './runtime.js';

const actor = systemActor('cli');

interface RotateOptions {
  resume?: boolean;
  prune?: boolean;
  chunkSize: string;
  json?: boolean;
}

/**
 * `xinyong keys …`: field-encryption keys (SM4) of personal data. `rotate` adds a new current key to the secret
 * file and re-encrypts every ciphertext under it; `--resume` only re-encrypts (after an interruption, or after a
 * server that still ran with the old key wrote new rows); `--prune` then drops old keys nothing uses any more.
 * Run it with the server stopped, or restart the server right after and run `keys rotate --resume` once more.
 */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('field-encryption keys of personal data (SM4)');
  keys
    .command('status')
    .description('ciphertexts per key and column')
    .action(async () => {
      await withRuntime(async (rt) => {
        const ids = rt.secrets.fieldKeys.map((k) => k.id);
        console.log(`current key: ${rt.protector.currentKeyId}; keys in the secret file: ${ids.join(', ')}`);
        for (const u of await fieldKeyUsage(rt.db, ids)) {
          const known = Object.values(u.byKey).reduce((a, b) => a + b, 0);
          const parts = Object.entries(u.byKey).map(([id, n]) => `${id}=${n}`);
          if (known < u.total) parts.push(`unknown-key=${u.total - known}`);
          console.log(`${u.column.padEnd(20)} total ${u.total}  ${parts.join('  ')}`);
        }
      });
    });
  keys
    .command('rotate')
    .description('add a new current field key and re-encrypt every ciphertext under it (resumable)')
    .option('--resume', 're-encrypt under the current key without adding a new one')
    .option('--prune', 'afterwards drop old keys that no ciphertext uses any more')
    .option('--chunk-size <rows>', 'rows per transaction', '500')
    .option('--json', 'print a JSON summary')
    .action(async (opts: RotateOptions) => {
      const chunkSize = Number(opts.chunkSize);
      if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 50_000)
        throw new CliExit(EXIT.usage, 'xinyong: --chunk-size must be 1–50000');
      const summary = await withRuntime(async (rt) => {
        const file = rt.config.secretFile;
        const secrets = opts.resume === true ? loadOrCreateSecrets(file) : addFieldKey(file, rt.clock());
        const protector = createFieldProtector(secrets);
        if (opts.resume !== true) {
          await auditFieldKeyChange(rt.db, actor, 'field_key.added', protector.currentKeyId, {}, rt.clock());
          if (opts.json !== true) console.log(`added field key ${protector.currentKeyId} (now current)`);
        }
        // anything still in clear (rows older than migration 0015) is sealed under the new key first
        const sealed = await sealClearColumns(rt.db, protector, { chunkSize });
        if (sealed > 0 && opts.json !== true) console.log(`sealed ${sealed} values stored in clear`);
        const report = await reencryptFields(rt.db, protector, {
          actor,
          clock: rt.clock,
          chunkSize,
          onChunk: (column, n) => {
            if (opts.json !== true && process.stderr.isTTY)
              process.stderr.write(`\r${column}: ${n} re-encrypted`);
          },
        });
        if (opts.json !== true && process.stderr.isTTY) process.stderr.write('\n');
        const ids = secrets.fieldKeys.map((k) => k.id);
        const usage = await fieldKeyUsage(rt.db, ids);
        const stillUsed = ids.filter(
          (id) => id !== protector.currentKeyId && usage.some((u) => (u.byKey[id] ?? 0) > 0),
        );
        let pruned: string[] = [];
        if (opts.prune === true) {
          pruned = pruneFieldKeys(file, stillUsed);
          if (pruned.length > 0)
            await auditFieldKeyChange(
              rt.db,
              actor,
              'field_keys.pruned',
              protector.currentKeyId,
              { removed: pruned },
              rt.clock(),
            );
        }
        return { ...report, stillUsed, pruned };
      });
      if (opts.json === true) {
        console.log(JSON.stringify(summary));
        return;
      }
      for (const c of summary.columns)
        console.log(
          `${c.column.padEnd(20)} found ${String(c.found).padStart(8)}  re-encrypted ${String(c.reencrypted).padStart(8)}`,
        );
      console.log(`re-encrypted ${summary.reencrypted} ciphertexts under ${summary.keyId}`);
      if (summary.pruned.length > 0) console.log(`removed old keys: ${summary.pruned.join(', ')}`);
      if (summary.stillUsed.length > 0)
        console.log(`old keys still in use (run keys rotate --resume): ${summary.stillUsed.join(', ')}`);
      else if (opts.prune !== true)
        console.log('no ciphertext uses an old key any more; --prune may drop them');
    });
  keys.commands.forEach((c) => {
    c.exitOverride();
  });
  keys.exitOverride();
}
