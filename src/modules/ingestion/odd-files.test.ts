import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, it } from 'node:test';
import iconv from 'iconv-lite';
import { createTestUser } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { toCsv } from '../../../test/support/files.js';
import { JEWELLER, penaltyFields, penaltySubject } from '../../../test/support/rows.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import {
  deflateRepeated,
  type SheetCell,
  sheetXml,
  writeZip,
  xlsxEntries,
} from '../../../test/support/zip-writer.js';
import { systemActor } from '../../platform/actor.js';
import type { App } from '../../platform/http/create-app.js';
import { getProvider } from '../providers/provider.service.js';
import { findBatch, findIssues } from './batch.repository.js';
import { type IngestSummary, ingest } from './ingest.service.js';

const actor = systemActor('test');
const BIN = path.resolve(import.meta.dirname, '../../..', 'bin', 'xinyong.js');

const FIELDS = [
  'CF_WSH',
  'CF_XDR_MC',
  'CF_XDR_LB',
  'CF_XDR_SHXYM',
  'CF_WFXW',
  'CF_SY',
  'CF_YJ',
  'CF_CFLB',
  'CF_NR',
  'CF_NR_FK',
  'CF_JDRQ',
  'CF_CFJG',
  'CF_CFJGDM',
  'CF_SJLY',
  'CF_SJLYDM',
] as const;

/** A valid 行政处罚 row about a shipped sample subject (a business, no personal data), with overrides. */
function penalty(wsh: string, overrides: Record<string, string> = {}): Record<string, string> {
  // document number and subject first, as departments' exports have them (issues name the first bad column)
  return {
    CF_WSH: wsh,
    ...penaltySubject(JEWELLER),
    ...penaltyFields({ CF_JDRQ: '2026-11-20', ...overrides }),
  };
}

const cellsOf = (r: Record<string, string>): SheetCell[] => FIELDS.map((f) => r[f] ?? null);

forEachEngine('ingestion of odd and hostile files', (s) => {
  let rt: TestRuntime;
  let app: App;
  let headers: Record<string, string>;
  before(async () => {
    rt = await createTestRuntime(s.test);
    rt.setNow('2026-11-29T02:00:00Z');
    app = await createTestApp(rt);
    const provider = await getProvider(rt.db, 'zj-nb-sthj');
    headers = await (
      await createTestUser(rt, { role: 'provider_operator', providerId: provider.id })
    ).headers();
  });
  after(() => app.close());

  const file = (name: string) => path.join(s.test.dir, name);
  const run = (f: string, dryRun = false): Promise<IngestSummary> =>
    ingest(rt, {
      actor,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: { kind: 'file', path: f, fileName: path.basename(f) },
      origin: 'file',
      dryRun,
    });
  const counts = (r: IngestSummary) => ({
    status: r.status,
    read: r.read,
    inserted: r.inserted,
    unchanged: r.unchanged,
    rejected: r.rejected,
  });
  const records = async () =>
    Number(
      (
        await rt.db
          .selectFrom('record')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const stored = async (wsh: string) => {
    const row = await rt.db
      .selectFrom('record')
      .select('fields')
      .where('business_key', 'like', `${wsh}|%`)
      .where('is_current', '=', 1)
      .executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.fields) as Record<string, unknown>);
  };
  const issues = async (batchId: number) =>
    (await findIssues(rt.db, batchId)).filter((i) => i.code !== 'late_submission');

  /** Runs a file twice: the second run must change nothing. */
  async function twice(f: string): Promise<[IngestSummary, IngestSummary]> {
    const first = await run(f);
    const again = await run(f);
    assert.equal(again.inserted + again.updated, 0, 're-running the same file changes nothing');
    assert.equal(again.unchanged, first.inserted + first.updated + first.unchanged);
    assert.equal(again.rejected, first.rejected);
    return [first, again];
  }

  it('reads a UTF-8 file with one stray cp1252 byte as UTF-8: that row is rejected, the others applied', async () => {
    const text = toCsv([
      penalty('甬环罚〔2026〕801号'),
      penalty('甬环罚〔2026〕802号', { CF_SY: '经查排放口温度达35§C' }),
      penalty('甬环罚〔2026〕803号'),
    ]);
    const [a, b] = Buffer.from(text, 'utf8').toString('latin1').split('\u00c2\u00a7'); // "§" in UTF-8
    const f = file('stray-byte.csv');
    fs.writeFileSync(
      f,
      Buffer.concat([Buffer.from(a ?? '', 'latin1'), Buffer.from([0xb0]), Buffer.from(b ?? '', 'latin1')]),
    );
    const [first] = await twice(f);
    assert.equal(first.encoding, 'utf-8');
    assert.deepEqual(counts(first), { status: 'completed', read: 3, inserted: 2, unchanged: 0, rejected: 1 });
    const errors = (await issues(first.batchId)).filter((i) => i.severity === 'error');
    assert.deepEqual(
      errors.map((i) => [i.row, i.field, i.code]),
      [[3, 'CF_SY', 'invalid_character']],
    );
    assert.match(
      errors[0]?.message ?? '',
      /^违法事实\(CF_SY\)含有无法识别的字符（该行有不是 UTF-8 编码的字节，与文件其余部分的编码不一致/,
    );
    assert.equal(
      (await stored('甬环罚〔2026〕801号'))?.CF_XDR_MC,
      '宁波市北仑区新碶万祥珠宝行',
      'no mojibake',
    );
    assert.equal(await stored('甬环罚〔2026〕802号'), undefined);
  });

  it('rejects a row pasted from a GBK file into a UTF-8 file with one issue, and still reads a GBK file as GBK', async () => {
    const utf8 = toCsv([penalty('甬环罚〔2026〕811号'), penalty('甬环罚〔2026〕812号')]);
    const pasted = toCsv([penalty('甬环罚〔2026〕813号')]).split('\r\n')[1] ?? '';
    const f = file('pasted.csv');
    fs.writeFileSync(f, Buffer.concat([Buffer.from(utf8), iconv.encode(`${pasted}\r\n`, 'gbk')]));
    const r = await run(f);
    assert.deepEqual(counts(r), { status: 'completed', read: 3, inserted: 2, unchanged: 0, rejected: 1 });
    const errors = (await issues(r.batchId)).filter((i) => i.severity === 'error');
    assert.deepEqual(
      errors.map((i) => [i.row, i.field, i.code]),
      [[4, 'CF_WSH', 'invalid_character']],
      'one issue for the row, naming its first garbled field',
    );
    assert.match(
      errors[0]?.message ?? '',
      /^行政处罚决定书文号\(CF_WSH\)、行政相对人名称\(CF_XDR_MC\)、.* 等 \d+ 个数据项含有无法识别的字符/,
    );

    const gbk = file('genuine-gbk.csv');
    fs.writeFileSync(gbk, iconv.encode(toCsv([penalty('甬环罚〔2026〕814号')]), 'gbk'));
    const [g] = await twice(gbk);
    assert.deepEqual([g.encoding, g.inserted, g.rejected], ['gb18030', 1, 0]);
    assert.equal((await stored('甬环罚〔2026〕814号'))?.CF_WFXW, '超标排放');
  });

  it('reads UTF-16LE and UTF-16BE without BOM, and refuses a NUL-filled file with one clear message', async () => {
    const text = toCsv([penalty('甬环罚〔2026〕821号')]);
    for (const enc of ['utf-16le', 'utf-16be'] as const) {
      const f = file(`no-bom-${enc}.csv`);
      fs.writeFileSync(f, iconv.encode(text, enc));
      const r = await run(f);
      assert.equal(r.encoding, enc);
      assert.equal(r.inserted + r.unchanged, 1, `${enc}: ${JSON.stringify(await issues(r.batchId))}`);
      assert.equal(r.rejected, 0);
    }
    const binary = file('binary.csv');
    const bytes = Buffer.alloc(2048);
    for (let i = 0; i < bytes.length; i += 3) bytes[i] = 0x41 + (i % 26);
    fs.writeFileSync(binary, bytes);
    const before = await records();
    const r = await run(binary);
    assert.equal(r.status, 'failed');
    assert.match(r.message ?? '', /^文件含有空字符（NUL），不是可识别的文本文件/);
    assert.deepEqual(
      (await issues(r.batchId)).map((i) => [i.row, i.code]),
      [[0, 'unreadable_file']],
    );
    assert.equal(await records(), before);
  });

  it('reads the worksheet that matches the item and names the other non-empty sheets in a warning', async () => {
    const f = writeZip(
      file('sheets.xlsx'),
      xlsxEntries([
        { name: '填写说明', xml: sheetXml([['请按模板填写，每行一条处罚决定']]) },
        { name: '2026年10月', xml: sheetXml([[...FIELDS], cellsOf(penalty('甬环罚〔2026〕831号'))]) },
        {
          name: '2026年11月',
          xml: sheetXml([
            [...FIELDS],
            cellsOf(penalty('甬环罚〔2026〕832号')),
            cellsOf(penalty('甬环罚〔2026〕833号')),
          ]),
        },
      ]),
    );
    const [r] = await twice(f);
    assert.deepEqual(counts(r), { status: 'completed', read: 1, inserted: 1, unchanged: 0, rejected: 0 });
    const warning = (await issues(r.batchId)).find((i) => i.code === 'other_sheets_not_read');
    assert.equal(warning?.row, 0);
    assert.match(warning?.message ?? '', /“2026年11月”（3 行）.*已读取“2026年10月”/);
    assert.match(r.message ?? '', /其他工作表未读取/, 'the batch message repeats the file-level warning');
    assert.equal(await stored('甬环罚〔2026〕832号'), undefined);
  });

  it('finds the header under a title row and fills merged cells from their master cell', async () => {
    const rows: SheetCell[][] = [
      ['2025年行政处罚信息', ...FIELDS.slice(1).map(() => null)],
      [...FIELDS],
      ...['841', '842', '843'].map((n, i) => {
        const cells = cellsOf(penalty(`甬环罚〔2026〕${n}号`));
        // the authority columns (L–O) are merged down rows 3–5: only the top row holds values
        return i === 0 ? cells : cells.map((c, j) => (j >= 11 ? null : c));
      }),
    ];
    const f = writeZip(
      file('title-merged.xlsx'),
      xlsxEntries([
        { name: 'Sheet1', xml: sheetXml(rows, { merges: ['A1:O1', 'L3:L5', 'M3:M5', 'N3:N5', 'O3:O5'] }) },
      ]),
    );
    const [r] = await twice(f);
    assert.deepEqual(counts(r), { status: 'completed', read: 3, inserted: 3, unchanged: 0, rejected: 0 });
    const notes = (await issues(r.batchId)).filter((i) => i.row === 0).map((i) => [i.code, i.message]);
    assert.deepEqual(
      notes.map(([code]) => code),
      ['title_rows_skipped', 'merged_cells_filled'],
    );
    assert.match(notes[1]?.[1] ?? '', /^第 4–5 行有合并单元格（L3:L5、M3:M5、N3:N5、O3:O5）/);
    assert.equal((await stored('甬环罚〔2026〕843号'))?.CF_CFJGDM, '11330200MB1A000527');
  });

  it('reads a workbook whose cells carry no r="A1" references', async () => {
    const f = writeZip(
      file('no-refs.xlsx'),
      xlsxEntries([
        {
          name: 'Sheet1',
          xml: sheetXml([[...FIELDS], cellsOf(penalty('甬环罚〔2026〕851号', { CF_NR_FK: '' }))], {
            refs: false,
          }),
        },
      ]),
    );
    const [r] = await twice(f);
    assert.deepEqual(counts(r), { status: 'completed', read: 1, inserted: 1, unchanged: 0, rejected: 0 });
    const rec = await stored('甬环罚〔2026〕851号');
    assert.deepEqual([rec?.CF_XDR_SHXYM, rec?.CF_SJLYDM], ['92330206MA2EL62660', '11330200MB1A000527']);
  });

  it('fails hostile or broken workbooks as batches with a Chinese message, writing nothing', async () => {
    const base = () =>
      xlsxEntries([{ name: 'S', xml: sheetXml([[...FIELDS], cellsOf(penalty('甬环罚〔2026〕861号'))]) }]);
    // a shared-strings entry that declares 400 bytes and inflates to 2 GiB if nothing stops it
    const lying = writeZip(file('lying-sst.xlsx'), [
      ...base(),
      {
        name: 'xl/sharedStrings.xml',
        data: '',
        compressed: await deflateRepeated('B', 64 * 1024 * 1024, '<sst><si><t>', '</t></si></sst>'),
        declaredSize: 400,
      },
    ]);
    const honest = writeZip(file('honest-bomb.xlsx'), [
      ...base(),
      {
        name: 'xl/sharedStrings.xml',
        data: '',
        compressed: await deflateRepeated('A', 16 * 1024 * 1024),
        declaredSize: 16 * 1024 * 1024,
      },
    ]);
    const broken = writeZip(
      file('broken.xlsx'),
      xlsxEntries([
        {
          name: 'S',
          xml: '<worksheet><sheetData><row r="1"><c r="!!"><v>1</v></c></row></sheetData></worksheet>',
        },
      ]),
    );
    // an unescaped "&" makes exceljs' XML parser swallow the rest of the sheet without an error
    const truncated = writeZip(
      file('ampersand.xlsx'),
      xlsxEntries([
        {
          name: 'S',
          xml: sheetXml([[...FIELDS], cellsOf(penalty('甬环罚〔2026〕863号'))]).replace(
            '</sheetData>',
            '<row r="3"><c r="A3" t="inlineStr"><is><t>A & B</t></is></c></row><row r="4"><c r="A4"><v>1</v></c></row></sheetData>',
          ),
        },
      ]),
    );
    const notZip = file('really-a-csv.xlsx');
    fs.writeFileSync(notZip, toCsv([penalty('甬环罚〔2026〕862号')]));
    const before = await records();
    for (const [f, pattern] of [
      [lying, /^无法读取该 Excel 文件：ZIP 目录登记 xl\/sharedStrings\.xml 解压后为 400 字节，实际更大/],
      [honest, /^无法读取该 Excel 文件：有文件解压后膨胀 \d+ 倍（上限 200 倍），疑似压缩炸弹/],
      [
        broken,
        /^无法读取该 Excel 文件（文件结构不符合 XLSX 标准）：请用 Excel 或 WPS 打开后另存为标准 \.xlsx/,
      ],
      [notZip, /^无法读取该 Excel 文件：不是 XLSX 文件（找不到 ZIP 目录）/],
      [
        truncated,
        /^无法读取该 Excel 文件：工作表“S”的内容在第 2 行之后无法解析（XML 格式错误，例如未转义的 & 符号），后面的 2 行无法读取/,
      ],
    ] as const) {
      const r = await run(f);
      assert.deepEqual(counts(r), { status: 'failed', read: 0, inserted: 0, unchanged: 0, rejected: 0 }, f);
      assert.match(r.message ?? '', pattern);
      const batch = await findBatch(rt.db, r.batchId);
      assert.deepEqual([batch?.status, batch?.message], ['failed', r.message]);
      assert.deepEqual(
        (await issues(r.batchId)).map((i) => [i.row, i.code]),
        [[0, 'unreadable_file']],
      );
    }
    assert.equal(await records(), before, 'nothing written');
  });

  it('says 文件为空 once for an empty file and completes a header-only file with a message', async () => {
    for (const [name, bytes] of [
      ['empty.csv', Buffer.alloc(0)],
      ['bom-and-blank-lines.csv', Buffer.from('\ufeff\r\n  \r\n')],
    ] as const) {
      const f = file(name);
      fs.writeFileSync(f, bytes);
      const r = await run(f);
      assert.equal(r.status, 'failed');
      assert.equal(r.message, '文件为空：没有找到表头，也没有数据行');
      assert.deepEqual(
        (await issues(r.batchId)).map((i) => [i.row, i.severity, i.code]),
        [[0, 'error', 'empty_file']],
        name,
      );
    }
    const headerOnly = file('header-only.csv');
    fs.writeFileSync(headerOnly, `${FIELDS.join(',')}\r\n`);
    const r = await run(headerOnly);
    assert.deepEqual(counts(r), { status: 'completed', read: 0, inserted: 0, unchanged: 0, rejected: 0 });
    assert.equal(r.message, '文件只有表头，没有数据行');
    assert.deepEqual(
      (await issues(r.batchId)).map((i) => [i.row, i.severity, i.code]),
      [[0, 'warning', 'no_data_rows']],
    );
    const emptyBook = writeZip(file('empty.xlsx'), xlsxEntries([{ name: 'Sheet1', xml: sheetXml([]) }]));
    assert.equal((await run(emptyBook)).message, '文件为空：没有找到表头，也没有数据行');
  });

  it('skips a repeated header row (two exports pasted together) with one warning', async () => {
    const first = toCsv([penalty('甬环罚〔2026〕871号'), penalty('甬环罚〔2026〕872号')]);
    const second = toCsv([penalty('甬环罚〔2026〕873号')]);
    const f = file('two-exports.csv');
    fs.writeFileSync(f, `\ufeff${first}\ufeff${second}`);
    const [r] = await twice(f);
    assert.deepEqual(counts(r), { status: 'completed', read: 3, inserted: 3, unchanged: 0, rejected: 0 });
    assert.deepEqual(
      (await issues(r.batchId)).map((i) => [i.row, i.severity, i.code, i.message]),
      [
        [
          4,
          'warning',
          'repeated_header',
          '第 4 行与表头相同（重复的表头行，可能是几个文件拼接而成），已跳过',
        ],
      ],
    );
  });

  it('finds a CSV header under a title line (as Excel saves a sheet with a title row)', async () => {
    const f = file('titled.csv');
    fs.writeFileSync(
      f,
      `2025年行政处罚信息${','.repeat(FIELDS.length - 1)}\r\n\r\n${toCsv([penalty('甬环罚〔2026〕875号')])}`,
    );
    const [r] = await twice(f);
    assert.deepEqual(counts(r), { status: 'completed', read: 1, inserted: 1, unchanged: 0, rejected: 0 });
    const notes = (await issues(r.batchId)).map((i) => [i.row, i.code, i.message]);
    assert.deepEqual(notes, [
      [
        0,
        'title_rows_skipped',
        '表头在第 3 行：已跳过表头之前的 1 行（第 1 行“2025年行政处罚信息”），这些行不作为数据导入',
      ],
    ]);
    const errors = await findIssues(rt.db, r.batchId, { severity: 'error' });
    assert.equal(errors.length, 0);
    assert.equal((await stored('甬环罚〔2026〕875号'))?.CF_WSH, '甬环罚〔2026〕875号');
  });

  it('rejects rows whose duplicated columns disagree, naming both columns; agreeing or single values pass', async () => {
    const header = [...FIELDS, '处罚决定日期'];
    const line = (r: Record<string, string>, extra: string) =>
      [...FIELDS.map((k) => r[k] ?? ''), extra].join(',');
    const f = file('duplicate-columns.csv');
    fs.writeFileSync(
      f,
      [
        header.join(','),
        line(penalty('甬环罚〔2026〕881号'), '2026-11-20'), // same value twice
        line(penalty('甬环罚〔2026〕882号'), '2025-01-01'), // conflict
        line(penalty('甬环罚〔2026〕883号', { CF_JDRQ: '' }), '2026-11-21'), // only the second column filled
        '',
      ].join('\r\n'),
    );
    const [r] = await twice(f);
    assert.deepEqual(counts(r), { status: 'completed', read: 3, inserted: 2, unchanged: 0, rejected: 1 });
    const found = await issues(r.batchId);
    assert.deepEqual(
      found.map((i) => [i.row, i.field, i.severity, i.code]),
      [
        [1, 'CF_JDRQ', 'warning', 'duplicate_column'],
        [3, 'CF_JDRQ', 'error', 'duplicate_column_conflict'],
      ],
    );
    assert.equal(
      found[1]?.message,
      '列“CF_JDRQ”（第 11 列）与列“处罚决定日期”（第 16 列）都对应数据项 处罚决定日期(CF_JDRQ)，但本行两列的值不同（“2026-11-20”与“2025-01-01”）：请删除多余的一列，或使两列一致',
    );
    assert.equal(
      (
        await rt.db
          .selectFrom('record')
          .select('decision_date')
          .where('business_key', 'like', '甬环罚〔2026〕883号|%')
          .executeTakeFirst()
      )?.decision_date,
      '2026-11-21',
    );
  });

  it('answers uploads of hostile workbooks with a failed batch, never a 500', async () => {
    const lying = writeZip(file('upload-lying.xlsx'), [
      ...xlsxEntries([{ name: 'S', xml: sheetXml([[...FIELDS]]) }]),
      {
        name: 'xl/sharedStrings.xml',
        data: '',
        compressed: await deflateRepeated('B', 8 * 1024 * 1024),
        declaredSize: 100,
      },
    ]);
    const boundary = '----xinyongOddFiles';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="item"\r\n\r\nXZCF\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="处罚.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      fs.readFileSync(lying),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const contentType = `multipart/form-data; boundary=${boundary}`;
    for (const wait of [true, false]) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/batches${wait ? '?wait=true' : ''}`,
        payload: body,
        headers: { ...headers, 'content-type': contentType },
      });
      assert.equal(res.statusCode, wait ? 201 : 202, res.body);
      const id =
        (res.json() as { id?: number; batchId?: number }).id ?? (res.json() as { batchId: number }).batchId;
      let batch = (await app.inject({ url: `/api/v1/batches/${id}`, headers })).json() as {
        status: string;
        message: string;
      };
      for (let i = 0; i < 100 && batch.status === 'applying'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        batch = (await app.inject({ url: `/api/v1/batches/${id}`, headers })).json() as typeof batch;
      }
      assert.equal(batch.status, 'failed');
      assert.match(batch.message, /^无法读取该 Excel 文件：ZIP 目录登记 xl\/sharedStrings\.xml/);
    }
  });

  it('refuses 14 uploads at once of a workbook whose shared strings inflate to 450 MiB, naming the part; nothing written, memory bounded, the server still serving', async () => {
    const size = 450 * 1024 * 1024;
    const prefix = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>';
    const suffix = '</t></si></sst>';
    const bomb = writeZip(file('inflating-sst.xlsx'), [
      ...xlsxEntries([{ name: 'S', xml: sheetXml([[...FIELDS], cellsOf(penalty('甬环罚〔2026〕9870号'))]) }]),
      {
        name: 'xl/sharedStrings.xml',
        data: '',
        compressed: await deflateRepeated('信', size, prefix, suffix),
        declaredSize: size + prefix.length + suffix.length,
      },
    ]);
    const upload = (f: string) => {
      const boundary = '----xinyongInflating';
      return {
        payload: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="item"\r\n\r\nXZCF\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(f)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
          ),
          fs.readFileSync(f),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      };
    };
    const before = await records();
    const rss = process.memoryUsage().rss;
    const answers = await Promise.all(
      Array.from({ length: 14 }, () =>
        app.inject({ method: 'POST', url: '/api/v1/batches?wait=true', ...upload(bomb) }),
      ),
    );
    const grown = (process.memoryUsage().rss - rss) / 1048576;
    for (const res of answers) {
      assert.equal(res.statusCode, 201, res.body);
      const batch = res.json() as { id: number; status: string; message: string; counts: { read: number } };
      assert.deepEqual([batch.status, batch.counts.read], ['failed', 0]);
      assert.match(
        batch.message,
        /^无法读取该 Excel 文件：压缩包中的 xl\/sharedStrings\.xml（共享字符串表）解压后超过 64 MiB 的上限，拒绝处理：工作簿中的文字过多或疑似压缩炸弹；请拆分为多个文件分批报送/,
      );
      assert.deepEqual(
        (await issues(batch.id)).map((i) => [i.row, i.code]),
        [[0, 'unreadable_file']],
      );
    }
    assert.equal(await records(), before, 'nothing written');
    assert.ok(grown < 200, `RSS grew ${Math.round(grown)} MiB for 14 refused uploads`);
    const ok = writeZip(
      file('after-bomb.xlsx'),
      xlsxEntries([{ name: 'S', xml: sheetXml([[...FIELDS], cellsOf(penalty('甬环罚〔2026〕9871号'))]) }]),
    );
    const res = await app.inject({ method: 'POST', url: '/api/v1/batches?wait=true', ...upload(ok) });
    const done = res.json() as { status: string; counts: { inserted: number } };
    assert.deepEqual([done.status, done.counts.inserted], ['completed', 1], res.body);
  });

  it('CLI: hostile and reference-less workbooks end with a batch status, never a stack trace', async () => {
    const lying = writeZip(file('cli-lying.xlsx'), [
      ...xlsxEntries([{ name: 'S', xml: sheetXml([[...FIELDS]]) }]),
      {
        name: 'xl/sharedStrings.xml',
        data: '',
        compressed: await deflateRepeated('B', 8 * 1024 * 1024),
        declaredSize: 100,
      },
    ]);
    const noRefsFile = writeZip(
      file('cli-no-refs.xlsx'),
      xlsxEntries([
        {
          name: 'Sheet1',
          xml: sheetXml([[...FIELDS], cellsOf(penalty('甬环罚〔2026〕891号'))], { refs: false }),
        },
      ]),
    );
    const env = { ...process.env, ...s.test.env, XINYONG_SAMPLE_DATA: 'true', XINYONG_LOG_LEVEL: 'silent' };
    const cli = (f: string, json: boolean) =>
      spawnSync(
        process.execPath,
        [BIN, 'ingest', f, '--item', 'XZCF', '--provider', 'zj-nb-sthj', ...(json ? ['--json'] : [])],
        { env, encoding: 'utf8', timeout: 120_000 },
      );
    const bomb = cli(lying, false);
    assert.equal(bomb.status, 1, bomb.stderr);
    assert.match(bomb.stdout, /status +failed/);
    assert.match(bomb.stdout, /无法读取该 Excel 文件：ZIP 目录登记 xl\/sharedStrings\.xml/);
    assert.doesNotMatch(`${bomb.stdout}${bomb.stderr}`, /TypeError|Cannot read properties|\n +at /);
    const noRefs = cli(noRefsFile, true);
    assert.equal(noRefs.status, 0, noRefs.stderr);
    const summary = JSON.parse(noRefs.stdout) as Record<string, unknown>;
    assert.deepEqual([summary.status, summary.read, summary.rejected], ['completed', 1, 0]);
  });
});
