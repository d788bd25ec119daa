import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { findIssues, type IssueRow } from '../modules/ingestion/batch.repository.js';
import { type IngestSummary, ingest } from '../modules/ingestion/ingest.service.js';
import type { FileFormat } from '../modules/ingestion/open-source.js';
import { systemActor } from '../platform/actor.js';
import { CliExit, EXIT } from './context.js';
import { withRuntime } from './runtime.js';

interface IngestOptions {
  item: string;
  provider?: string;
  profile?: string;
  format?: FileFormat;
  dryRun?: boolean;
  json?: boolean;
  chunkSize?: string;
}

function printTable(s: IngestSummary, seconds: number): void {
  const rows: [string, string | number][] = [
    ['batch', s.batchId],
    ['status', s.status],
    ['encoding', s.encoding ?? '-'],
    ['read', s.read],
    ['inserted', s.inserted],
    ['updated', s.updated],
    ['unchanged', s.unchanged],
    ['rejected', s.rejected],
    ['warned', s.warned],
    ['rows/s', seconds > 0 ? Math.round(s.read / seconds) : s.read],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  if (s.unknownColumns.length > 0)
    console.log(`unknown columns (not imported): ${s.unknownColumns.join(', ')}`);
  if (s.message !== null) console.log(s.message);
}

const SHOWN_ISSUES = 20;

/** The first rejected rows (row, field, reason), then where to get all of them. */
function printIssues(s: IngestSummary, issues: readonly IssueRow[]): void {
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) console.log('\nrejected rows:');
  for (const i of errors.slice(0, SHOWN_ISSUES))
    console.log(`  第${i.row}行  ${i.field ?? '-'}  ${i.code}  ${i.message}`);
  if (errors.length > SHOWN_ISSUES) console.log(`  … (${s.rejected} rows rejected in all)`);
  if (s.rejected > 0 || s.warned > 0)
    console.log(
      `\nall issues: xinyong batch issues ${s.batchId} [--csv issues.csv]  (or GET /api/v1/batches/${s.batchId}/issues.csv)`,
    );
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('collect a department file (CSV, XLSX, JSON, NDJSON) into credit records')
    .argument('<file>', 'file to ingest')
    .requiredOption('--item <code>', 'catalog item, e.g. XZCF, XZXK, REGISTRATION')
    .option('--provider <code>', 'provider (信息提供单位) code; a profile may name it')
    .option('--profile <name>', 'saved header mapping, e.g. zhejiang-warehouse')
    .option('--format <format>', 'csv | xlsx | json | ndjson (default: from the file extension)')
    .option('--dry-run', 'validate and report what would change without applying anything')
    .option('--json', 'print only a JSON summary')
    .option('--chunk-size <rows>', 'rows per transaction', '1000')
    .action(async (file: string, opts: IngestOptions) => {
      if (!fs.existsSync(file)) throw new CliExit(EXIT.usage, `xinyong: ${file}: no such file`);
      if (fs.statSync(file).isDirectory()) throw new CliExit(EXIT.usage, `xinyong: ${file} is a directory`);
      const chunkSize = Number(opts.chunkSize);
      if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 50_000)
        throw new CliExit(EXIT.usage, '--chunk-size must be 1–50000');
      const summary = await withRuntime(async (rt) => {
        const bar =
          opts.json === true || !process.stderr.isTTY
            ? undefined
            : new cliProgress.SingleBar(
                {
                  format: 'ingest {bar} {value} rows | {rate} rows/s | rejected {rejected}',
                  stream: process.stderr,
                  hideCursor: true,
                },
                cliProgress.Presets.shades_classic,
              );
        const started = Date.now();
        bar?.start(0, 0, { rate: 0, rejected: 0 });
        try {
          const s = await ingest(rt, {
            actor: systemActor('cli'),
            item: opts.item,
            ...(opts.provider === undefined ? {} : { provider: opts.provider }),
            ...(opts.profile === undefined ? {} : { profile: opts.profile }),
            source: {
              kind: 'file',
              path: path.resolve(file),
              fileName: path.basename(file),
              ...(opts.format === undefined ? {} : { format: opts.format }),
            },
            origin: 'file',
            dryRun: opts.dryRun === true,
            chunkSize,
            onProgress: (p) => {
              const secs = (Date.now() - started) / 1000;
              bar?.setTotal(p.read);
              bar?.update(p.read, { rate: secs > 0 ? Math.round(p.read / secs) : 0, rejected: p.rejected });
            },
          });
          const issues =
            opts.json === true || s.rejected === 0
              ? []
              : await findIssues(rt.db, s.batchId, { severity: 'error', limit: SHOWN_ISSUES + 1 });
          return { s, seconds: (Date.now() - started) / 1000, issues };
        } finally {
          bar?.stop();
        }
      });
      const { s, seconds, issues } = summary;
      if (opts.json === true) {
        const { batchId, status, read, inserted, updated, unchanged, rejected, warned, encoding } = s;
        console.log(
          JSON.stringify({ batchId, status, read, inserted, updated, unchanged, rejected, warned, encoding }),
        );
      } else {
        printTable(s, seconds);
        printIssues(s, issues);
      }
      if (s.status === 'failed')
        throw new CliExit(EXIT.failure, opts.json === true ? '' : `batch ${s.batchId} failed`);
    });
}
