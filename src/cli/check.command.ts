import fs from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { CsvError, parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { ResultVerdict } from '../modules/checks/check.table.js';
import type { CheckQuery, CheckReceipt, CheckResult } from '../modules/checks/check.types.js';
import { MAX_CHECK_SUBJECTS, parseCheckAsOf, runCheck } from '../modules/checks/run-check.service.js';
import { inspectFile } from '../modules/ingestion/sources/inspect-file.js';
import { listScenarios } from '../modules/measures/measure.service.js';
import { registeredUsccs } from '../modules/subjects/subject.service.js';
import { systemActor } from '../platform/actor.js';
import { csvCell } from '../platform/csv-cell.js';
import { AppError } from '../platform/errors.js';
import { classifyIdentifier } from '../standards/identify.js';
import { CliExit, EXIT } from './context.js';
import { withRuntime } from './runtime.js';

/** Verdict labels, in the order the summary line lists them. */
const VERDICT_LABEL: Readonly<Record<ResultVerdict, string>> = {
  clear: '未发现相关记录',
  incentive: '适用激励措施',
  restricted: '限制',
  prompt: '提示（需人工核实法律依据）',
  barred: '禁止',
  ambiguous: '名称对应多个主体',
  not_found: '未找到主体',
  not_authorised: '未获授权',
};

/** Verdicts of a subject that was actually checked; any other verdict makes the command exit 1. */
const CHECKED: ReadonlySet<ResultVerdict> = new Set(['clear', 'incentive', 'restricted', 'prompt', 'barred']);

/** Column titles (case-insensitive) recognised in the first row of `--file`: a code column wins over a name column. */
const CODE_TITLES = ['统一社会信用代码', 'uscc', 'code', '代码'] as const;
const NAME_TITLES = ['主体名称', '名称', 'name'] as const;

/** Rows of the console listing; the rest are in `--out`. */
const SHOWN_LINES = 50;

const usage = (message: string): CliExit => new CliExit(EXIT.usage, message);

/**
 * A value that is meant as a code rather than a name: ASCII letters and digits (with `*` for masked characters
 * and hyphens), at least 8 of them and at least one digit — or a code that a spreadsheet turned into scientific
 * notation. A 9- or 18-character Chinese name is not one, though it has a code's length.
 */
function looksLikeCode(compact: string): boolean {
  return /^[0-9A-Z*\-\u2010-\u2015\u2212]{8,}$/.test(compact) && /\d/.test(compact);
}

/**
 * The normalised code when `value` is valid both as a USCC and as a resident id — 18 digits that pass the GB 32100
 * check characters and are an identity number with a real birth date and check digit (the classifier's
 * `alsoValidAs`). It calls such a value a USCC when its first two characters are a registration authority/category
 * pair, as 17 of the 35 province prefixes are (11 北京, 21 辽宁, 31 上海, 51 四川, 61 陕西 …): about one in 340
 * identity numbers from those provinces is such a value.
 */
export function validAsUsccAndRic(value: string): string | undefined {
  const c = classifyIdentifier(value.trim());
  return c.kind === 'uscc' && c.alsoValidAs === 'ric' ? c.normalized : undefined;
}

/**
 * The check query for one code argument or file value, decided by the identifier classifier behind
 * `xinyong id check`:
 * - a valid (or 福建-pilot) USCC → `{uscc}`, a valid resident id → `{ric}`. A value valid as both
 *   ({@link validAsUsccAndRic}) is a `{uscc}` only when a subject with that USCC is registered
 *   (`registeredUsccs`), else a `{ric}`: far more such values are identity numbers than codes, and a `{ric}` query
 *   is echoed masked, so a person's number is never printed or signed in full.
 * - an invalid value shaped like a code still goes to the check, whose per-subject note explains it (scientific
 *   notation, wrong check digit, masked): a resident-id shape (15 or 17 digits + digit/X with a real birth date) →
 *   `{ric}`, anything else → `{uscc}`.
 * - everything else is a name → `{name}`.
 */
export function toQuery(value: string, registeredUsccs: ReadonlySet<string> = new Set()): CheckQuery {
  const v = value.trim();
  const c = classifyIdentifier(v);
  const code = c.normalized ?? v;
  if (c.kind === 'uscc' && (c.status === 'valid' || c.status === 'legacy_pilot')) {
    return c.alsoValidAs !== 'ric' || registeredUsccs.has(code) ? { uscc: code } : { ric: code };
  }
  if (c.kind === 'ric' && c.status === 'valid') return { ric: code };
  if (c.reason === 'scientific_notation') return { uscc: code };
  if (!looksLikeCode(code)) return { name: v };
  return c.kind === 'ric' && c.status === 'invalid' ? { ric: code } : { uscc: code };
}

/**
 * Checks `--as-of` by the API's own rule ({@link parseCheckAsOf}).
 * @throws CliExit usage (2) naming --as-of
 */
function validateAsOf(value: string, now: Date): void {
  try {
    parseCheckAsOf(value, now);
  } catch (e) {
    if (e instanceof AppError) throw usage(`--as-of ${JSON.stringify(value)}：${e.message}`);
    throw e;
  }
}

const SAVE_AS_UTF8 = '请在表格软件中另存为“CSV UTF-8（逗号分隔）”后重试';

/**
 * The text of `--file`, decoded in the encoding ingestion decides for it ({@link inspectFile}: BOM, UTF-16 without
 * BOM, else UTF-8 or GB18030 line by line). A file that is not valid in one of these encodings — mixed UTF-8 and
 * GBK lines, undecodable bytes, a binary file — is refused rather than checked as mojibake.
 */
async function decodeFile(file: string): Promise<string> {
  const inspection = await inspectFile(file);
  if (inspection.binary)
    throw usage(`--file ${file} 含有空字符（NUL），不是可识别的文本文件：${SAVE_AS_UTF8}`);
  if (inspection.invalidLines > 0) {
    throw usage(
      `--file ${file} 的编码无法识别：${inspection.invalidLines} 行不是有效的 UTF-8 文本（混有 GBK 等其他编码的内容）；${SAVE_AS_UTF8}`,
    );
  }
  const bytes = fs.readFileSync(file);
  const text = iconv.decode(bytes, inspection.encoding, { stripBOM: true });
  const label = inspection.encoding === 'gb18030' ? 'GBK/GB18030' : inspection.encoding.toUpperCase();
  if (inspection.encoding !== 'utf-8' && text.includes('\ufffd'))
    throw usage(`--file ${file} 的编码无法识别：按 ${label} 读取时有无法解码的字节；${SAVE_AS_UTF8}`);
  if (inspection.encoding === 'gb18030' && inspection.utf8Lines > 0)
    throw usage(`--file ${file} 的编码无法识别：同时含有 GBK 和 UTF-8 编码的行；${SAVE_AS_UTF8}`);
  return text;
}

/** The CSV rows of the decoded text; a CSV syntax error is a usage error naming the line. */
function parseRows(file: string, decoded: string): string[][] {
  // One line end, so csv-parse's line numbers are the lines an editor shows.
  const text = decoded.replace(/\r\n?/g, '\n');
  let lastLine = 0;
  try {
    return parse(text, {
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: (record: string[], context) => {
        lastLine = context.lines;
        return record;
      },
    });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      const lines = text.split('\n');
      let start = lastLine + 1;
      while (start < lines.length && lines[start - 1]?.trim() === '') start++;
      throw usage(
        `--file ${file} 第 ${start} 行的引号没有闭合，从该行起的内容无法读取：请检查该行是否多了或少了一个英文双引号 "`,
      );
    }
    const line = typeof e.lines === 'number' ? `第 ${e.lines} 行` : '';
    throw usage(`--file ${file} ${line}不是有效的 CSV（${e.code}）`);
  }
}

function titleIndex(header: readonly string[], titles: readonly string[]): number {
  return header.findIndex((h) =>
    titles.includes(
      h
        .replace(/^\ufeff/, '')
        .trim()
        .toLowerCase(),
    ),
  );
}

/**
 * The values to check in a CSV file (UTF-8, GBK/GB18030 or UTF-16, detected as ingestion does). With a recognised
 * header in the first row ({@link CODE_TITLES}, {@link NAME_TITLES}) each row gives its code, or its name when the
 * code cell is empty. A file of one column without such a header is all values; a file of several columns without
 * one is refused, as it is not clear which column to check.
 * @throws CliExit usage (2): missing or unreadable file, bad encoding, CSV syntax error, unknown header, no rows
 */
async function readCodeFile(file: string): Promise<string[]> {
  let rows: string[][];
  try {
    if (!fs.statSync(file).isFile()) throw usage(`--file ${file} 不是文件`);
    rows = parseRows(file, await decodeFile(file));
  } catch (e) {
    if (e instanceof CliExit) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw usage(`--file ${file} 不存在`);
    if (code !== undefined) throw usage(`无法读取 --file ${file}（${code}）`);
    throw e;
  }
  const noRows = () => usage(`--file ${file} 中没有要核查的行（文件为空或只有表头）`);
  const first = rows[0];
  if (first === undefined) throw noRows();
  const codeCol = titleIndex(first, CODE_TITLES);
  const nameCol = titleIndex(first, NAME_TITLES);
  let values: string[];
  if (codeCol < 0 && nameCol < 0) {
    const width = rows.reduce((w, r) => Math.max(w, r.findLastIndex((cell) => cell.trim() !== '') + 1), 0);
    if (width > 1) {
      throw usage(
        `--file ${file} 有 ${width} 列，但第一行没有可识别的列名，无法确定核查哪一列：请把该列的列名改为 ${[...CODE_TITLES, ...NAME_TITLES].join('、')} 之一（不区分大小写），或只保留一列且不带表头`,
      );
    }
    values = rows.map((r) => r[0]?.trim() ?? '');
  } else {
    values = rows.slice(1).map((r) => {
      const code = codeCol < 0 ? '' : (r[codeCol]?.trim() ?? '');
      return code !== '' || nameCol < 0 ? code : (r[nameCol]?.trim() ?? '');
    });
  }
  values = values.filter((v) => v !== '');
  if (values.length === 0) throw noRows();
  return values;
}

interface Line {
  readonly result: CheckResult;
  readonly checkNo: string;
  readonly asOf: string;
}

/** Why a result is what it is: the check's note, and for an unresolved name the candidates with their USCCs. */
function explain(r: CheckResult): string {
  const parts: string[] = [];
  if (r.note !== null && r.note !== '') parts.push(r.note);
  if (r.subject === null && r.candidates.length > 0) {
    const list = r.candidates.map((c) => `${c.name}（${c.uscc ?? '无统一社会信用代码'}）`).join('；');
    parts.push(`候选主体：${list}`);
  }
  return parts.join('；');
}

/** `共 3 行：未发现相关记录 1，禁止 1，未找到主体 1；1 行未能核查，原因见“说明”`. */
function summary(lines: readonly Line[]): { text: string; unchecked: number } {
  const counts = new Map<ResultVerdict, number>();
  for (const { result } of lines) counts.set(result.verdict, (counts.get(result.verdict) ?? 0) + 1);
  const parts = (Object.keys(VERDICT_LABEL) as ResultVerdict[])
    .filter((v) => counts.has(v))
    .map((v) => `${VERDICT_LABEL[v]} ${counts.get(v)}`);
  const unchecked = lines.filter((l) => !CHECKED.has(l.result.verdict)).length;
  const tail =
    unchecked === 0
      ? '全部完成核查'
      : `${unchecked} 行未能核查（代码无效、未找到主体、名称对应多个主体或未获授权），原因见“说明”`;
  return { text: `共 ${lines.length} 行：${parts.join('，')}；${tail}`, unchecked };
}

function writeCsv(file: string, lines: readonly Line[]): void {
  const header = [
    '序号',
    '查询',
    '主体名称',
    '统一社会信用代码',
    '核查结论',
    '适用措施',
    '触发记录',
    '核查编号',
    '说明',
    '核查时点',
  ];
  const body = lines.map(({ result: r, checkNo, asOf }) =>
    [
      String(r.index + 1),
      Object.values(r.query).join(''),
      r.subject?.name ?? r.candidates.map((c) => c.name).join('；'),
      r.subject?.uscc ?? '',
      VERDICT_LABEL[r.verdict],
      r.measures.map((m) => `${m.name}（${m.legalBasis}）`).join('；'),
      r.triggers.map((t) => `${t.itemName} ${t.documentNumber ?? ''}`).join('；'),
      checkNo,
      explain(r),
      asOf,
    ]
      .map(csvCell)
      .join(','),
  );
  fs.writeFileSync(file, `\ufeff${[header.join(','), ...body].join('\r\n')}\r\n`);
}

interface CheckOptions {
  scenario?: string;
  file?: string;
  out?: string;
  asOf?: string;
  json?: boolean;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(
      'joint incentive/discipline check (信用核查) of subjects in a scenario, with signed receipts',
    )
    .option('--scenario <code>', 'scenario, e.g. procurement (required)')
    .argument('[codes...]', 'USCCs, resident ids or names')
    .option(
      '--file <csv>',
      'read codes from a CSV (UTF-8, GBK or UTF-16): the column titled uscc/code/统一社会信用代码/代码, else name/名称/主体名称; a one-column file without such a title is all codes',
    )
    .option(
      '--out <csv>',
      'write one line per subject to this CSV (UTF-8 with BOM), with the reason (说明) and the as-of instant (核查时点)',
    )
    .option(
      '--as-of <instant>',
      're-run as of an earlier instant (ISO-8601 with a zone, e.g. 2025-06-30T16:00:00Z)',
    )
    .option('--json', 'print the receipts as JSON (the summary goes to stderr)')
    .addHelpText(
      'after',
      `
--file: the first row is a header when a cell is a recognised title (case-insensitive):
  code column: ${CODE_TITLES.join(', ')}
  name column: ${NAME_TITLES.join(', ')}
each row gives its code, or its name when the code cell is empty. A file with a single column and no
recognised title is read as values from the first row on; a file with several columns and no recognised
title is refused. UTF-8, GBK/GB18030 and UTF-16 are recognised as \`xinyong ingest\` does.

Exit code: 0 when every subject was checked; 1 when any row could not be checked (invalid code, not found,
name matching several subjects, not authorised: the reason is on its line and in the 说明 column);
2 for bad usage (missing --scenario, unknown scenario, bad --as-of, unreadable --file).`,
    )
    .action(async (codes: string[], opts: CheckOptions) => {
      const scenario = opts.scenario?.trim() ?? '';
      if (scenario === '') throw usage('缺少 --scenario：请指定业务场景，例如 --scenario procurement');
      if (opts.asOf !== undefined) validateAsOf(opts.asOf, new Date());
      const all = [...codes, ...(opts.file === undefined ? [] : await readCodeFile(opts.file))]
        .map((c) => c.trim())
        .filter((c) => c !== '');
      if (all.length === 0)
        throw usage(
          '没有要核查的主体：请在参数中给出统一社会信用代码、公民身份号码或名称，或用 --file 指定 CSV 文件',
        );
      const lines = await withRuntime(async (rt) => {
        const scenarios = await listScenarios(rt.db);
        if (!scenarios.some((s) => s.code === scenario)) {
          const known = scenarios.map((s) => `${s.code}（${s.name}）`).join('、');
          throw usage(`未知的业务场景 --scenario ${scenario}；可用的场景：${known === '' ? '无' : known}`);
        }
        // values valid both as a USCC and as a resident id: a USCC when a subject has it, else a resident id
        const doubles = all.flatMap((v) => validAsUsccAndRic(v) ?? []);
        const registered = await registeredUsccs(rt.db, doubles);
        const queries = all.map((v) => toQuery(v, registered));
        const bar =
          opts.json === true || !process.stderr.isTTY
            ? undefined
            : new cliProgress.SingleBar(
                { format: 'check {bar} {value}/{total} subjects', stream: process.stderr },
                cliProgress.Presets.shades_classic,
              );
        bar?.start(all.length, 0);
        const out: Line[] = [];
        const receipts: CheckReceipt[] = [];
        for (let i = 0; i < all.length; i += MAX_CHECK_SUBJECTS) {
          const part = queries.slice(i, i + MAX_CHECK_SUBJECTS);
          const receipt = await runCheck(rt, systemActor('cli'), {
            scenario,
            subjects: part,
            ...(opts.asOf === undefined ? {} : { asOf: opts.asOf }),
          });
          receipts.push(receipt);
          for (const r of receipt.payload.results)
            out.push({
              result: { ...r, index: r.index + i },
              checkNo: receipt.payload.checkNo,
              asOf: receipt.payload.asOf,
            });
          bar?.update(Math.min(all.length, i + part.length));
        }
        bar?.stop();
        if (opts.out !== undefined) writeCsv(opts.out, out);
        if (opts.json === true) console.log(JSON.stringify(receipts, null, 2));
        else {
          for (const { result: r } of out.slice(0, SHOWN_LINES)) {
            const why = explain(r);
            const cells = [
              String(r.index + 1).padStart(4),
              VERDICT_LABEL[r.verdict],
              r.subject?.name ?? Object.values(r.query).join(''),
              r.measures.map((m) => m.name).join('；'),
              why === '' ? '' : `说明：${why}`,
            ];
            console.log(cells.filter((c) => c !== '').join('  '));
          }
          if (out.length > SHOWN_LINES)
            console.log(
              `… 另有 ${out.length - SHOWN_LINES} 行${opts.out === undefined ? '（用 --out 导出全部）' : `，见 ${opts.out}`}`,
            );
          for (const rc of receipts) console.log(`receipt ${rc.payload.checkNo}  sm3 ${rc.digest}`);
        }
        return out;
      });
      const { text, unchecked } = summary(lines);
      if (opts.json === true) console.error(text);
      else console.log(text);
      if (unchecked > 0) throw new CliExit(EXIT.failure, '');
    });
}
