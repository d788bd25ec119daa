import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, it } from 'node:test';
import ExcelJS from 'exceljs';
import { syntheticPersons } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { NINGBO_SAMPLE, toCsv, writeEncoded } from '../../../test/support/files.js';
import { JEWELLER, penaltyFields, penaltySubject } from '../../../test/support/rows.js';
import { createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { systemActor } from '../../platform/actor.js';
import { getCurrentItem } from '../catalog/catalog.service.js';
import { buildTemplateXlsx, templateHeader } from '../catalog/template.service.js';
import { findIssues } from './batch.repository.js';
import { ingest } from './ingest.service.js';

const actor = systemActor('test');
const fileSource = (file: string) => ({ kind: 'file' as const, path: file, fileName: path.basename(file) });

/** A valid 行政处罚 row about a sample subject, with overrides. */
function penalty(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    CF_WSH: '甬环罚〔2024〕1号',
    ...penaltySubject(JEWELLER),
    ...penaltyFields({ CF_JDRQ: '2024-06-01', ...overrides }),
  };
}

forEachEngine('ingestion pipeline', (s) => {
  let rt: TestRuntime;
  before(async () => {
    rt = await createTestRuntime(s.test);
    rt.setNow('2026-11-29T02:00:00Z');
  });

  it('ingests the real Ningbo registration file: 999 inserted, then 999 unchanged', async () => {
    const first = await ingest(rt, {
      actor,
      item: 'REGISTRATION',
      profile: 'zhejiang-warehouse',
      source: fileSource(NINGBO_SAMPLE),
      origin: 'file',
    });
    assert.equal(first.status, 'completed');
    assert.deepEqual(
      {
        read: first.read,
        inserted: first.inserted,
        updated: first.updated,
        unchanged: first.unchanged,
        rejected: first.rejected,
      },
      { read: 999, inserted: 999, updated: 0, unchanged: 0, rejected: 0 },
    );
    assert.equal(first.encoding, 'utf-8');
    const issues = await findIssues(rt.db, first.batchId);
    const warnedRows = new Set(issues.filter((i) => i.severity === 'warning' && i.row > 1).map((i) => i.row));
    assert.equal(first.warned, warnedRows.size, 'every warned row has its warnings in the issue report');
    for (const w of issues) assert.ok(w.message.length > 10, `warning ${w.code} explains itself`);

    const again = await ingest(rt, {
      actor,
      item: 'REGISTRATION',
      profile: 'zhejiang-warehouse',
      source: fileSource(NINGBO_SAMPLE),
      origin: 'file',
    });
    assert.deepEqual(
      { read: again.read, inserted: again.inserted, unchanged: again.unchanged },
      { read: 999, inserted: 0, unchanged: 999 },
    );
    const subjects = await rt.db
      .selectFrom('subject')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(subjects.n), 999);
  });

  it('reads the same file re-encoded as GB18030 without BOM and UTF-16LE with BOM identically', async () => {
    const text = fs.readFileSync(NINGBO_SAMPLE, 'utf8');
    const gb = writeEncoded(s.test.dir, 'ningbo-gb18030.csv', text, 'gb18030');
    const u16 = writeEncoded(s.test.dir, 'ningbo-utf16.csv', text, 'utf-16le', true);
    for (const [file, encoding] of [
      [gb, 'gb18030'],
      [u16, 'utf-16le'],
    ] as const) {
      const r = await ingest(rt, {
        actor,
        item: 'REGISTRATION',
        profile: 'zhejiang-warehouse',
        source: fileSource(file),
        origin: 'file',
      });
      assert.equal(r.encoding, encoding);
      assert.deepEqual(
        {
          read: r.read,
          inserted: r.inserted,
          updated: r.updated,
          unchanged: r.unchanged,
          rejected: r.rejected,
        },
        { read: 999, inserted: 0, updated: 0, unchanged: 999, rejected: 0 },
      );
    }
  });

  it('round-trips an XLSX made from the generated template', async () => {
    const item = await getCurrentItem(rt.db, 'XZCF');
    const wb = new ExcelJS.Workbook();
    const template = await buildTemplateXlsx(item.spec, item.version);
    await wb.xlsx.load(
      template.buffer.slice(template.byteOffset, template.byteOffset + template.byteLength) as ArrayBuffer,
    );
    const ws = wb.getWorksheet('数据');
    assert.ok(ws);
    const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    assert.equal(headers[0], templateHeader(item.spec.fields[0] ?? item.spec.fields[1] ?? (null as never)));
    const values = penalty({ CF_WSH: '甬环罚〔2024〕88号', CF_NR_FK: '0.25' });
    const r = ws.getRow(2);
    item.spec.fields.forEach((f, i) => {
      const v = values[f.code];
      if (v === undefined) return;
      r.getCell(i + 1).value =
        f.type === 'date' ? new Date(`${v}T00:00:00Z`) : f.type === 'decimal' ? Number(v) : v;
    });
    r.commit();
    const file = path.join(s.test.dir, 'xzcf-template-filled.xlsx');
    await wb.xlsx.writeFile(file);
    const result = await ingest(rt, {
      actor,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: fileSource(file),
      origin: 'file',
    });
    assert.equal(result.rejected, 0, JSON.stringify(await findIssues(rt.db, result.batchId)));
    assert.equal(result.inserted, 1);
    const rec = await rt.db
      .selectFrom('record')
      .select(['fields', 'decision_date', 'publicity_end', 'earliest_repair'])
      .where('batch_id', '=', result.batchId)
      .executeTakeFirstOrThrow();
    const fields = JSON.parse(rec.fields) as Record<string, unknown>;
    assert.equal(fields.CF_WSH, '甬环罚〔2024〕88号');
    assert.equal(fields.CF_NR_FK, '0.25');
    assert.equal(fields.CF_CFLB, 'fine');
    assert.equal(rec.decision_date, '2024-06-01');
    assert.equal(rec.earliest_repair, '2024-09-01');
    assert.equal(rec.publicity_end, '2027-06-01');
  });

  it('stops before applying anything when required columns are missing, naming all of them', async () => {
    const rows = [
      { 行政处罚决定书文号: '甬环罚〔2024〕2号', 行政相对人名称: '某公司', 处罚决定日期: '2024-05-01' },
    ];
    const file = writeEncoded(s.test.dir, 'missing.csv', toCsv(rows), 'utf-8', true);
    const before = await rt.db
      .selectFrom('record')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await ingest(rt, {
      actor,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: fileSource(file),
      origin: 'file',
    });
    assert.equal(r.status, 'failed');
    assert.equal(r.read, 0);
    for (const code of [
      'CF_WFXW',
      'CF_SY',
      'CF_YJ',
      'CF_CFLB',
      'CF_NR',
      'CF_CFJG',
      'CF_CFJGDM',
      'CF_SJLY',
      'CF_SJLYDM',
    ]) {
      assert.match(r.message ?? '', new RegExp(code), `message names ${code}`);
    }
    assert.match(r.message ?? '', /^缺少必填列：违法行为类型\(CF_WFXW\)、违法事实\(CF_SY\)、/);
    const after = await rt.db
      .selectFrom('record')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  it('applies the valid rows of a mixed file and lists each invalid one with row, field and reason', async () => {
    const rows = [
      penalty({ CF_WSH: '甬环罚〔2024〕10号' }),
      penalty({ CF_WSH: '甬环罚〔2024〕11号', CF_XDR_SHXYM: '92330206MA2EL62661' }),
      penalty({ CF_WSH: '甬环罚〔2024〕12号', CF_JDRQ: '2024-13-01' }),
      penalty({ CF_WSH: '甬环罚〔2024〕13号', CF_CFLB: '罚款；坐牢' }),
      penalty({ CF_WSH: '甬环罚〔2024〕14号', CF_NR_FK: '1,234.5' }),
      penalty({ CF_WSH: '甬环罚〔2024〕15号', CF_XDR_SHXYM: '9.23302E+17' }),
    ];
    const file = writeEncoded(s.test.dir, 'mixed.csv', toCsv(rows), 'utf-8');
    const r = await ingest(rt, {
      actor,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: fileSource(file),
      origin: 'file',
    });
    assert.equal(r.status, 'completed');
    assert.deepEqual(
      { read: r.read, inserted: r.inserted, rejected: r.rejected },
      { read: 6, inserted: 2, rejected: 4 },
    );
    const errors = (await findIssues(rt.db, r.batchId, { severity: 'error' })).map((i) => [
      i.row,
      i.field,
      i.code,
    ]);
    assert.deepEqual(errors, [
      [3, 'CF_XDR_SHXYM', 'uscc_check_character'],
      [4, 'CF_JDRQ', 'invalid_date'],
      [5, 'CF_CFLB', 'invalid_enum'],
      [7, 'CF_XDR_SHXYM', 'uscc_scientific_notation'],
    ]);
    const fine = await rt.db
      .selectFrom('record')
      .select('fields')
      .where('business_key', 'like', '甬环罚〔2024〕14号|%')
      .executeTakeFirstOrThrow();
    assert.equal((JSON.parse(fine.fields) as Record<string, unknown>).CF_NR_FK, '1234.5');
  });

  it('explains row issues in Chinese, naming field and value, without quoting personal data', async () => {
    const rows = [
      { ...penalty({ CF_WSH: '甬环罚〔2026〕1号', CF_JDRQ: '2025-02-30' }), 经办人: '张三' },
      {
        ...penalty({
          CF_WSH: '甬环罚〔2026〕2号',
          CF_XDR_MC: '王小明',
          CF_XDR_LB: '自然人',
          CF_XDR_SHXYM: '',
          CF_XDR_ZJLX: '身份证',
          CF_XDR_ZJHM: '330203199002301234',
        }),
        经办人: '张三',
      },
      { ...penalty({ CF_WSH: '甬环罚〔2026〕3号', CF_JDRQ: '2026-11-02' }), 经办人: '张三' },
    ];
    const file = writeEncoded(s.test.dir, 'chinese-messages.csv', toCsv(rows), 'utf-8');
    const r = await ingest(rt, {
      actor,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: fileSource(file),
      origin: 'file',
    });
    const issues = await findIssues(rt.db, r.batchId);
    const message = (code: string) => issues.find((i) => i.code === code)?.message;
    assert.equal(message('invalid_date'), '处罚决定日期 2025-02-30 不是有效日期');
    assert.equal(message('unknown_column'), '列“经办人”不对应本信息项的任何数据项，未导入');
    assert.equal(message('ric_birth_date'), '证件号码中的出生日期不是有效日期（原始值已脱敏）');
    const id = issues.find((i) => i.code === 'ric_birth_date');
    assert.equal(id?.raw_value, '3****************4', 'the raw id number is masked');
    assert.match(
      message('late_submission') ?? '',
      /^报送日期 2026-11-29 晚于时限 2026-11-\d{2}（处罚决定日期 2026-11-02 后 7 个工作日）$/,
    );
    for (const i of issues) {
      assert.doesNotMatch(
        i.message,
        /19900230|330203199002301234|王小明/,
        `${i.code} quotes no personal data`,
      );
      assert.doesNotMatch(
        i.message,
        /\b(is|not|the|of|and)\b/,
        `${i.code} is written in Chinese: ${i.message}`,
      );
    }
  });

  it('never stores an id number or mobile number typed into free text, and never echoes one in an issue', async () => {
    const [person] = syntheticPersons(1, 77);
    assert.ok(person !== undefined);
    const mobile = '13812345678';
    const rows = [
      penalty({
        CF_WSH: '甬环罚〔2026〕40号',
        CF_SY: `经查当事人${person.ric}（联系电话${mobile}）超标排放`,
        BZ: `身份证号 ${person.ric}`,
      }),
      // an id number in the USCC column: rejected, and the issue shows it masked
      penalty({ CF_WSH: '甬环罚〔2026〕41号', CF_XDR_SHXYM: person.ric }),
    ];
    const r = await ingest(rt, {
      actor,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: { kind: 'rows', rows },
      origin: 'api',
    });
    assert.deepEqual([r.inserted, r.rejected], [1, 1]);
    const issues = await findIssues(rt.db, r.batchId);
    assert.deepEqual(
      issues.filter((i) => i.code === 'personal_data_in_text').map((i) => i.field),
      ['BZ', 'CF_SY'],
    );
    const stored = await rt.db
      .selectFrom('record')
      .select('fields')
      .where('batch_id', '=', r.batchId)
      .executeTakeFirstOrThrow();
    assert.equal(stored.fields.includes(person.ric), false);
    assert.equal(stored.fields.includes(mobile), false);
    assert.match(stored.fields, new RegExp(`${person.ric.slice(0, 1)}\\*{16}${person.ric.slice(17)}`));
    assert.match(stored.fields, /138\*{4}5678/);
    for (const i of issues) {
      assert.equal(
        `${i.message}|${i.raw_value ?? ''}`.includes(person.ric),
        false,
        `${i.code} shows no id number`,
      );
    }
    // a USCC made only of digits is not mistaken for an id number
    const digitsOnly = '911101087226001234';
    const kept = await ingest(rt, {
      actor,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: {
        kind: 'rows',
        rows: [penalty({ CF_WSH: '甬环罚〔2026〕42号', BZ: `关联单位 ${digitsOnly}` })],
      },
      origin: 'api',
    });
    assert.equal(kept.inserted, 1);
    const keptFields = await rt.db
      .selectFrom('record')
      .select('fields')
      .where('batch_id', '=', kept.batchId)
      .executeTakeFirstOrThrow();
    assert.match(keptFields.fields, new RegExp(digitsOnly));
  });

  it('dry runs report what would change without applying anything', async () => {
    const file = writeEncoded(
      s.test.dir,
      'dry.csv',
      toCsv([penalty({ CF_WSH: '甬环罚〔2024〕99号' })]),
      'utf-8',
    );
    const r = await ingest(rt, {
      actor,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: fileSource(file),
      origin: 'file',
      dryRun: true,
    });
    assert.equal(r.status, 'dry_run');
    assert.equal(r.inserted, 1);
    const rec = await rt.db
      .selectFrom('record')
      .select('id')
      .where('business_key', 'like', '甬环罚〔2024〕99号|%')
      .execute();
    assert.equal(rec.length, 0);
  });

  it('versions a changed record and keeps the old version', async () => {
    const first = writeEncoded(
      s.test.dir,
      'v1.csv',
      toCsv([penalty({ CF_WSH: '甬环罚〔2024〕50号' })]),
      'utf-8',
    );
    const second = writeEncoded(
      s.test.dir,
      'v2.csv',
      toCsv([penalty({ CF_WSH: '甬环罚〔2024〕50号', CF_NR_FK: '3', CF_NR: '罚款人民币30000元' })]),
      'utf-8',
    );
    assert.equal(
      (
        await ingest(rt, {
          actor,
          item: 'XZCF',
          provider: 'zj-nb-sthj',
          source: fileSource(first),
          origin: 'file',
        })
      ).inserted,
      1,
    );
    const r = await ingest(rt, {
      actor,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: fileSource(second),
      origin: 'file',
    });
    assert.equal(r.updated, 1);
    const versions = await rt.db
      .selectFrom('record')
      .select(['version', 'is_current', 'superseded_at'])
      .where('business_key', 'like', '甬环罚〔2024〕50号|%')
      .orderBy('version')
      .execute();
    assert.deepEqual(
      versions.map((v) => [v.version, v.is_current, v.superseded_at !== null]),
      [
        [1, 0, true],
        [2, 1, false],
      ],
    );
  });

  /** Rows of a batch as [row, code] of its errors, and the stored decision date / fine of each inserted WSH. */
  async function outcome(batchId: number, wshField = 'CF_WSH') {
    const errors = (await findIssues(rt.db, batchId, { severity: 'error' })).map((i) => ({
      row: i.row,
      field: i.field,
      code: i.code,
      message: i.message,
    }));
    const warnings = (await findIssues(rt.db, batchId, { severity: 'warning' })).map((i) => [i.row, i.code]);
    const records = await rt.db
      .selectFrom('record')
      .select(['fields', 'decision_date', 'publicity_end'])
      .where('batch_id', '=', batchId)
      .execute();
    const stored = new Map(
      records.map((r) => {
        const f = JSON.parse(r.fields) as Record<string, unknown>;
        return [
          String(f[wshField]),
          { date: r.decision_date, fine: f.CF_NR_FK, end: r.publicity_end },
        ] as const;
      }),
    );
    return { errors, warnings, stored };
  }

  it('rejects year-only, implausible-serial and future decision dates in CSV, naming the reason', async () => {
    // [CF_JDRQ as written, expected stored date or the error code and message]
    const cases: [string, string | [string, RegExp]][] = [
      ['2025', ['invalid_date', /^处罚决定日期 “2025” 只有年份，不是完整日期/]],
      ['2026', ['invalid_date', /^处罚决定日期 “2026” 只有年份，不是完整日期/]],
      ['1', ['invalid_date', /^处罚决定日期 “1” 不是日期：按 Excel 日期序号解读为 1900-01-01/]],
      ['2025-03', ['invalid_date', /只有年月/]],
      ['45678', '2025-01-21'],
      ['2025/3/1', '2025-03-01'],
      ['2026-11-29', '2026-11-29'],
      ['2026-12-25', ['future_date', /^处罚决定日期 2026-12-25 晚于报送当日（2026-11-29）/]],
    ];
    const rows = cases.map(([date], i) => penalty({ CF_WSH: `甬环罚〔2026〕${700 + i}号`, CF_JDRQ: date }));
    const file = writeEncoded(s.test.dir, 'dates.csv', toCsv(rows), 'utf-8');
    const r = await ingest(rt, {
      actor,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: fileSource(file),
      origin: 'file',
    });
    const { errors, stored } = await outcome(r.batchId);
    cases.forEach(([date, expected], i) => {
      const wsh = `甬环罚〔2026〕${700 + i}号`;
      const error = errors.find((e) => e.row === i + 2);
      if (typeof expected === 'string') {
        assert.equal(error, undefined, `${date}: ${error?.message}`);
        assert.equal(stored.get(wsh)?.date, expected, date);
      } else {
        assert.equal(stored.has(wsh), false, `${date} is not stored`);
        assert.equal(error?.field, 'CF_JDRQ', date);
        assert.equal(error?.code, expected[0], date);
        assert.match(error?.message ?? '', expected[1], date);
      }
    });
    assert.equal(r.rejected, cases.filter(([, e]) => typeof e !== 'string').length);
  });

  it('reads XLSX number cells as dates only when they are plausible serials', async () => {
    // [the CF_JDRQ cell, its number format (date-formatted cell) or none, expected date or error message]
    const cases: [string | number | Date, string | undefined, string | RegExp][] = [
      [2026, undefined, /^处罚决定日期 “2026” 只有年份，不是完整日期/],
      [2025, 'yyyy-mm-dd', /^处罚决定日期 单元格显示为 1905-07-17，实际填写的是 2025：只有年份/],
      [1, undefined, /^处罚决定日期 “1” 不是日期/],
      [46000, undefined, '2025-12-09'],
      [20250301, undefined, '2025-03-01'],
      [new Date(Date.UTC(2025, 2, 1)), undefined, '2025-03-01'],
      ['2025', undefined, /只有年份/],
    ];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    const headers = Object.keys(penalty());
    ws.addRow(headers);
    cases.forEach(([cell, numFmt], i) => {
      const values = penalty({ CF_WSH: `甬环罚〔2026〕${720 + i}号` });
      const row = ws.addRow(headers.map((h) => (h === 'CF_JDRQ' ? cell : values[h])));
      if (numFmt !== undefined) row.getCell(headers.indexOf('CF_JDRQ') + 1).numFmt = numFmt;
      row.commit();
    });
    const file = path.join(s.test.dir, 'dates.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await ingest(rt, {
      actor,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: fileSource(file),
      origin: 'file',
    });
    const { errors, stored } = await outcome(r.batchId);
    cases.forEach(([cell, , expected], i) => {
      const wsh = `甬环罚〔2026〕${720 + i}号`;
      const error = errors.find((e) => e.row === i + 2);
      if (typeof expected === 'string') {
        assert.equal(error, undefined, `${String(cell)}: ${error?.message}`);
        assert.equal(stored.get(wsh)?.date, expected);
      } else {
        assert.equal(stored.has(wsh), false, `${String(cell)} is not stored`);
        assert.equal(error?.code, 'invalid_date');
        assert.match(error?.message ?? '', expected);
      }
    });
    for (const v of stored.values()) assert.doesNotMatch(v.date ?? '', /^190/, 'nothing is stored as 190x');
  });

  it('rejects fines whose unit is evidently wrong, implausible or in scientific notation (the tester’s fines.csv)', async () => {
    // [CF_NR_FK as written, stored 万元 or [error code, message]]; 处罚内容 is 罚款2000元 throughout
    const cases: [string, string | [string, RegExp]][] = [
      ['2000元', '0.2'],
      ['0.2', '0.2'],
      ['0.2万元', '0.2'],
      [
        '2000',
        [
          'amount_unit_wrong',
          /^罚款金额（万元）填写为 2000，但处罚内容写的是“罚款2000元”：该字段的单位是万元，2000 元应填 0\.2/,
        ],
      ],
      ['2,000.00元', '0.2'],
      ['¥2000', ['amount_unit_wrong', /2000 元应填 0\.2/]],
      ['20000000', ['amount_implausible', /超过可信上限 10000000 万元/]],
      ['1.5e3', ['scientific_notation', /^罚款金额（万元） “1\.5e3” 是科学计数法形式的数字/]],
      ['-1', ['invalid_decimal', /为负数/]],
      ['0.1234567', ['invalid_decimal', /小数超过 6 位/]],
      ['两千元', ['invalid_decimal', /不是数字/]],
      ['2000.00元 ', '0.2'],
    ];
    const rows = cases.map(([fine], i) =>
      penalty({
        CF_WSH: `甬环罚〔2026〕${940 + i}号`,
        CF_NR: '罚款2000元',
        CF_NR_FK: fine,
        CF_JDRQ: '2026-11-02',
      }),
    );
    const file = writeEncoded(s.test.dir, 'fines.csv', toCsv(rows), 'utf-8');
    const r = await ingest(rt, {
      actor,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: fileSource(file),
      origin: 'file',
    });
    const { errors, stored } = await outcome(r.batchId);
    const ends = new Set<string | null>();
    cases.forEach(([fine, expected], i) => {
      const wsh = `甬环罚〔2026〕${940 + i}号`;
      const error = errors.find((e) => e.row === i + 2);
      if (typeof expected === 'string') {
        assert.equal(error, undefined, `${fine}: ${error?.message}`);
        assert.equal(stored.get(wsh)?.fine, expected, fine);
        ends.add(stored.get(wsh)?.end ?? null);
      } else {
        assert.equal(stored.has(wsh), false, `${fine} is not stored`);
        assert.equal(error?.field, 'CF_NR_FK', fine);
        assert.equal(error?.code, expected[0], fine);
        assert.match(error?.message ?? '', expected[1], fine);
      }
    });
    assert.equal(ends.size, 1, 'every accepted 2000-yuan fine gets the same publicity window');
  });

  it('warns when a provider reports another authority’s decision, and refuses the same decision from a second provider', async () => {
    const tzsb = { CF_CFJG: '宁波市特种设备安全监管机构（示例）', CF_CFJGDM: '11330200MB1A00028N' };
    const submit = async (provider: string, rows: Record<string, string>[], item = 'XZCF') => {
      const r = await ingest(rt, { actor, item, provider, source: { kind: 'rows', rows }, origin: 'api' });
      return { r, ...(await outcome(r.batchId, item === 'XZCF' ? 'CF_WSH' : 'XK_WSH')) };
    };

    // the authority reports its own decision: no warning
    const own = await submit('zj-nb-tzsb', [penalty({ CF_WSH: '甬特罚〔2026〕7号', ...tzsb })]);
    assert.deepEqual(
      [own.r.inserted, own.warnings.filter(([, c]) => c === 'authority_not_provider')],
      [1, []],
    );

    // [provider, document number, expected outcome]
    const steps: [string, string, 'inserted' | 'updated' | RegExp][] = [
      // the same decision from another provider: refused, naming the provider that holds it
      [
        'zj-nb-sthj',
        '甬特罚〔2026〕7号',
        /^同一决定已由信息提供单位 宁波市特种设备安全监管机构（示例）（zj-nb-tzsb）报送/,
      ],
      // another authority's decision nobody holds yet: accepted with a warning
      ['zj-nb-sthj', '甬特罚〔2026〕8号', 'inserted'],
      // the provider that reported first may correct its record
      ['zj-nb-sthj', '甬特罚〔2026〕8号', 'updated'],
      // the authority itself now finds the decision held by another provider
      [
        'zj-nb-tzsb',
        '甬特罚〔2026〕8号',
        /^同一决定已由信息提供单位 宁波市生态环境局（示例）（zj-nb-sthj）报送/,
      ],
      // spacing and full-width forms do not make it another decision
      ['zj-nb-sthj', ' 甬特罚〔２０２６〕7号', /zj-nb-tzsb/],
    ];
    let version = 0;
    for (const [provider, wsh, expected] of steps) {
      const row = penalty({ CF_WSH: wsh, ...tzsb, BZ: `第${++version}次报送` });
      const { r, errors, warnings } = await submit(provider, [row]);
      if (expected instanceof RegExp) {
        assert.equal(r.rejected, 1, `${provider} ${wsh}`);
        assert.equal(errors[0]?.code, 'duplicate_from_other_provider');
        assert.equal(errors[0]?.field, 'CF_WSH');
        assert.match(errors[0]?.message ?? '', expected);
      } else {
        assert.equal(r[expected], 1, `${provider} ${wsh}: ${JSON.stringify(errors)}`);
        assert.ok(
          warnings.some(([, c]) => c === 'authority_not_provider'),
          'the provider is told it reports for another authority',
        );
      }
    }
    const issues = await rt.db
      .selectFrom('batch_issue')
      .select('message')
      .where('code', '=', 'authority_not_provider')
      .executeTakeFirstOrThrow();
    assert.match(
      issues.message,
      /^处罚机关统一社会信用代码 11330200MB1A00028N（宁波市特种设备安全监管机构（示例））不是信息提供单位 宁波市生态环境局（示例）（zj-nb-sthj）的统一社会信用代码 11330200MB1A000527/,
    );
    const held = await rt.db
      .selectFrom('record')
      .select(['provider_id', 'business_key'])
      .where('is_current', '=', 1)
      .where('business_key', 'like', '甬特罚〔2026〕%')
      .execute();
    assert.equal(held.length, 2, 'each decision is held once');

    // licences: the same rule on 许可机关统一社会信用代码
    const licence = (wsh: string): Record<string, string> => ({
      XK_XDR_MC: '宁波市北仑区新碶万祥珠宝行',
      XK_XDR_LB: '个体工商户',
      XK_XDR_SHXYM: '92330206MA2EL62660',
      XK_XKWS: '特种设备使用登记',
      XK_WSH: wsh,
      XK_XKLB: '登记',
      XK_NR: '电梯使用登记',
      XK_JDRQ: '2026-11-20',
      XK_YXQZ: '2026-11-20',
      XK_YXQZI: '2030-11-19',
      XK_XKJG: tzsb.CF_CFJG,
      XK_XKJGDM: tzsb.CF_CFJGDM,
      XK_LYDW: tzsb.CF_CFJG,
      XK_LYDWDM: tzsb.CF_CFJGDM,
    });
    const first = await submit('zj-nb-tzsb', [licence('甬特许〔2026〕1号')], 'XZXK');
    assert.equal(first.r.inserted, 1, JSON.stringify(first.errors));
    const second = await submit(
      'zj-nb-sthj',
      [licence('甬特许〔2026〕1号'), licence('甬特许〔2026〕2号')],
      'XZXK',
    );
    assert.deepEqual([second.r.inserted, second.r.rejected], [1, 1]);
    assert.deepEqual(
      second.errors.map((e) => [e.row, e.code]),
      [[1, 'duplicate_from_other_provider']],
    );
    assert.ok(second.warnings.some(([row, c]) => row === 2 && c === 'authority_not_provider'));
  });

  it('refuses a provider that may not submit the item', async () => {
    const file = writeEncoded(s.test.dir, 'court.csv', toCsv([penalty()]), 'utf-8');
    await assert.rejects(
      ingest(rt, { actor, item: 'XZCF', provider: 'zj-nb-fy', source: fileSource(file), origin: 'file' }),
      /无权报送 行政处罚（XZCF）/,
    );
  });
});
