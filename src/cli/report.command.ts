import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { issueReport } from '../modules/reports/issue-report.service.js';
import { verifyPdfSignature } from '../modules/reports/pdf-signature.js';
import { getReportDocument, getReportPdf } from '../modules/reports/read-report.service.js';
import { loadReportConfig } from '../modules/reports/report.config.js';
import type { ReportKind, ReportView } from '../modules/reports/report.types.js';
import { systemActor } from '../platform/actor.js';
import { loadOrCreateSecrets } from '../platform/crypto/secrets.js';
import { sm3Hex } from '../platform/crypto/sm.js';
import { shanghaiDate } from '../standards/calendar-date.js';
import { CliExit, configOrExit, EXIT } from './context.js';
import { withRuntime } from './runtime.js';

interface IssueOptions {
  kind: string;
  from?: string;
  to?: string;
  domains?: string;
  view?: string;
  purpose?: string;
  out?: string;
}

/** The platform public key for offline verification: `--key FILE`, else the installation's secret file. */
function publicKeyPem(keyFile: string | undefined): string {
  if (keyFile !== undefined) {
    if (!fs.existsSync(keyFile)) throw new CliExit(EXIT.usage, `xinyong: key file ${keyFile} not found`);
    return fs.readFileSync(keyFile, 'utf8');
  }
  const config = configOrExit();
  if (!fs.existsSync(config.secretFile))
    throw new CliExit(
      EXIT.usage,
      `xinyong: no platform key here (${config.secretFile} missing); pass --key public.pem (GET /api/v1/reports/public-key)`,
    );
  return loadOrCreateSecrets(config.secretFile).signing.publicKeyPem;
}

/**
 * `xinyong report CODE --out FILE.pdf|FILE.json`: issues a report (as the credit centre, authorised view unless
 * `--view`), or returns the day's report of the same parameters; `xinyong report verify FILE.pdf [--key PEM]`
 * checks a report PDF's embedded signature offline (exit 0 valid and not expired, 1 otherwise, saying why);
 * `xinyong report public-key` prints the key to give verifiers.
 */
export function registerReport(program: Command): void {
  const report = program
    .command('report')
    .description('credit reports (公共信用信息报告 / 专项信用报告): issue, verify offline, public key')
    .argument('<code>', 'USCC or subject id')
    .option('--kind <kind>', 'standard (公共信用信息报告) or special (专项信用报告)', 'standard')
    .option('--from <date>', 'first decision date of the window (YYYY-MM-DD)')
    .option('--to <date>', 'last decision date of the window (YYYY-MM-DD; default today)')
    .option('--domains <sectors>', 'special report: comma-separated provider sectors, e.g. market_regulation')
    .option('--view <view>', 'authorised (default), subject (on the subject’s behalf) or public')
    .option('--purpose <text>', 'purpose written to the access log')
    .option('--out <file>', 'FILE.pdf or FILE.json (required)')
    .action(async (code: string, opts: IssueOptions) => {
      if (opts.kind !== 'standard' && opts.kind !== 'special')
        throw new CliExit(EXIT.usage, 'xinyong: --kind must be standard or special');
      if (opts.view !== undefined && !['public', 'authorised', 'subject'].includes(opts.view))
        throw new CliExit(EXIT.usage, 'xinyong: --view must be public, authorised or subject');
      const out = opts.out;
      if (out === undefined) throw new CliExit(EXIT.usage, 'xinyong: --out FILE.pdf|FILE.json is required');
      const ext = path.extname(out).toLowerCase();
      if (ext !== '.pdf' && ext !== '.json')
        throw new CliExit(EXIT.usage, 'xinyong: --out must end in .pdf or .json');
      await withRuntime(async (rt) => {
        const deps = { ...rt, reports: loadReportConfig(rt.config.dataDir) };
        const actor = systemActor('cli');
        const { report: r, reused } = await issueReport(deps, actor, {
          subject: code,
          kind: opts.kind as ReportKind,
          ...(opts.from === undefined ? {} : { from: opts.from }),
          ...(opts.to === undefined ? {} : { to: opts.to }),
          ...(opts.domains === undefined
            ? {}
            : {
                domains: opts.domains
                  .split(',')
                  .map((d) => d.trim())
                  .filter((d) => d !== ''),
              }),
          ...(opts.view === undefined ? {} : { view: opts.view as ReportView }),
          ...(opts.purpose === undefined ? {} : { purpose: opts.purpose }),
        });
        if (ext === '.pdf') fs.writeFileSync(out, (await getReportPdf(deps, actor, r.reportNo)).pdf);
        else
          fs.writeFileSync(
            out,
            `${JSON.stringify(await getReportDocument(deps, actor, r.reportNo), null, 2)}\n`,
          );
        console.log(
          `${reused ? 'reused' : 'issued'} ${r.reportNo} (${r.kind}, ${r.view}) valid until ${r.validUntil}\n` +
            `verification code ${r.verificationCode}  ${r.verificationUrl}\n` +
            `content sm3 ${r.contentDigest}\npdf sm3 ${r.pdfSm3}\nwritten ${out}`,
        );
      });
    });

  report
    .command('verify')
    .description('verify a report PDF offline: embedded Ed25519 signature over its SM3 (exit 0 valid)')
    .argument('<file>', 'the report PDF')
    .option('--key <pem>', 'platform public key (SPKI PEM); default: this installation’s secret file')
    .action((file: string, opts: { key?: string }) => {
      if (!fs.existsSync(file)) throw new CliExit(EXIT.usage, `xinyong: ${file} not found`);
      const bytes = fs.readFileSync(file);
      const check = verifyPdfSignature(bytes, publicKeyPem(opts.key));
      const i = check.info;
      console.log(
        `report ${i.reportNo ?? '?'}  content sm3 ${i.contentDigest ?? '?'}  key ${i.keyId ?? '?'}  valid until ${i.validUntil ?? '?'}\nfile sm3 ${sm3Hex(bytes)}`,
      );
      if (!check.valid)
        throw new CliExit(EXIT.failure, `INVALID: ${check.reason ?? 'signature does not verify'}`);
      const today = shanghaiDate(new Date());
      if (i.validUntil !== null && today > i.validUntil)
        throw new CliExit(
          EXIT.failure,
          `EXPIRED: signature valid, but the report expired on ${i.validUntil}`,
        );
      console.log('VALID: the signature verifies; the file is unchanged since the platform issued it');
      console.log('(whether a newer report superseded it: verify online with the number and code)');
    });

  report
    .command('public-key')
    .description('print the platform public key (SPKI PEM) for offline verification')
    .action(() => {
      process.stdout.write(publicKeyPem(undefined));
    });

  for (const c of report.commands) c.exitOverride();
}
