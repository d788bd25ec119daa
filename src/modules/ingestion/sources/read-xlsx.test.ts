import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sheetXml, writeZip, xlsxEntries } from '../../../../test/support/zip-writer.js';
import { MAX_XML_RUN, openXlsx, withCellReferences } from './read-xlsx.js';
import type { HeaderScorer, SourceRow, TabularSource } from './tabular-source.js';
import { SourceReadError } from './tabular-source.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-xlsx-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function rowsOf(source: TabularSource): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for await (const r of source.rows()) out.push(r);
  return out;
}

/** A scorer for a three-field item whose required fields are CF_WSH and CF_XDR_MC. */
const score: HeaderScorer = (cells) => {
  const known = new Set([
    'CF_WSH',
    'CF_XDR_MC',
    'CF_CFJG',
    '行政处罚决定书文号',
    '行政相对人名称',
    '处罚机关',
  ]);
  const matched = cells.filter((c) => known.has(c)).length;
  const complete =
    (cells.includes('CF_WSH') || cells.includes('行政处罚决定书文号')) &&
    (cells.includes('CF_XDR_MC') || cells.includes('行政相对人名称'));
  return { matched, complete };
};

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('XLSX reader', () => {
  it('supplies the cell references the standard lets writers leave out, across any chunking', async () => {
    const xml = sheetXml(
      [
        ['CF_WSH', null, 'CF_CFJG'],
        ['甬环罚〔2026〕1号', '某公司', null],
      ],
      { refs: false },
    ).replace('<row><c t="inlineStr"><is><t>甬环罚', '<row r="7"><c t="inlineStr"><is><t>甬环罚');
    for (const size of [1, 7, 64, 100_000]) {
      let out = '';
      for await (const c of withCellReferences(pieces(xml, size))) out += c;
      const refs = [...out.matchAll(/<(row|c) r="([A-Z]*\d+)"/g)].map((m) => m[2]);
      assert.deepEqual(refs, ['1', 'A1', 'B1', 'C1', '7', 'A7', 'B7', 'C7'], `chunks of ${size}`);
    }
  });

  it('reads a workbook whose rows and cells carry no r="A1" references (with and without shared strings)', async () => {
    const rows = [
      ['CF_WSH', 'CF_XDR_MC', 'CF_CFJG'],
      ['甬环罚〔2026〕1号', null, '宁波市生态环境局'],
      ['甬环罚〔2026〕2号', '某某公司', 12.5],
    ];
    for (const shared of [false, true]) {
      const file = writeZip(
        path.join(dir, `norefs-${shared}.xlsx`),
        xlsxEntries([{ name: '数据', xml: sheetXml(rows, { refs: false }) }], {
          ...(shared
            ? { sharedStrings: '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>' }
            : {}),
        }),
      );
      const source = await openXlsx(file, { scoreHeader: score });
      assert.deepEqual(source.headers, ['CF_WSH', 'CF_XDR_MC', 'CF_CFJG']);
      assert.deepEqual(
        (await rowsOf(source)).map((r) => [r.row, ...r.cells]),
        [
          [2, '甬环罚〔2026〕1号', null, '宁波市生态环境局'],
          [3, '甬环罚〔2026〕2号', '某某公司', 12.5],
        ],
      );
    }
  });

  it('never breaks a Chinese character at a 16 KiB seam (exceljs decodes chunks separately)', async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `宁波市北仑区示例贸易有限公司第${i}分公司`);
    const sst = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${names.map((n) => `<si><t>${n}</t></si>`).join('')}</sst>`;
    const body = names
      .map(
        (_, i) =>
          `<row r="${i + 2}"><c r="A${i + 2}" t="s"><v>${i}</v></c><c r="B${i + 2}" t="inlineStr"><is><t>${names[i]}</t></is></c></row>`,
      )
      .join('');
    const xml = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>CF_WSH</t></is></c><c r="B1" t="inlineStr"><is><t>CF_XDR_MC</t></is></c></row>${body}</sheetData></worksheet>`;
    const file = writeZip(
      path.join(dir, 'seams.xlsx'),
      xlsxEntries([{ name: 'S', xml }], { sharedStrings: sst }),
    );
    const rows = await rowsOf(await openXlsx(file, { scoreHeader: score }));
    assert.equal(rows.length, names.length);
    for (const [i, r] of rows.entries()) assert.deepEqual(r.cells, [names[i], names[i]], `row ${r.row}`);
  });

  it('reads the sheet whose header fits the item and names the other non-empty sheets', async () => {
    const header = ['CF_WSH', 'CF_XDR_MC', 'CF_CFJG'];
    const file = writeZip(
      path.join(dir, 'sheets.xlsx'),
      xlsxEntries([
        { name: '填写说明', xml: sheetXml([['请按模板填写'], ['CF_WSH 为决定书文号']]) },
        {
          name: '汇总',
          xml: sheetXml([
            ['月份', '件数'],
            ['10月', 1],
            ['11月', 2],
          ]),
        },
        { name: '空白', xml: sheetXml([]) },
        { name: '下拉选项', xml: sheetXml([['罚款'], ['警告']]), state: 'hidden' },
        {
          name: '代码表',
          xml: sheetXml([
            ['代码', '名称'],
            ['1', '罚款'],
          ]),
        },
        { name: '2026年10月', xml: sheetXml([header, ['甬环罚〔2026〕10号', '甲公司', '某局']]) },
        {
          name: '2026年11月',
          xml: sheetXml([
            header,
            ['甬环罚〔2026〕11号', '乙公司', '某局'],
            ['甬环罚〔2026〕12号', '丙公司', '某局'],
          ]),
        },
      ]),
    );
    const source = await openXlsx(file, { scoreHeader: score });
    assert.deepEqual(
      (await rowsOf(source)).map((r) => r.cells[0]),
      ['甬环罚〔2026〕10号'],
    );
    assert.deepEqual(
      source.notices.map((n) => n.code),
      ['other_sheets_not_read'],
    );
    assert.match(
      source.notices[0]?.message ?? '',
      /“汇总”（3 行）、“2026年11月”（3 行）.*已读取“2026年10月”/,
    );
  });

  it('finds the header below a title row and fills merged cells down their first column', async () => {
    const file = writeZip(
      path.join(dir, 'merged.xlsx'),
      xlsxEntries([
        {
          name: 'Sheet1',
          xml: sheetXml(
            [
              ['2025年行政处罚信息', null, null],
              ['行政处罚决定书文号', '行政相对人名称', '处罚机关'],
              ['甬环罚〔2025〕1号', '甲公司', '宁波市生态环境局'],
              ['甬环罚〔2025〕2号', '乙公司', null],
              ['甬环罚〔2025〕3号', '丙公司', null],
              ['甬环罚〔2025〕4号', '丁公司', '北仑分局'],
            ],
            { merges: ['A1:C1', 'C3:C5'] },
          ),
        },
      ]),
    );
    const source = await openXlsx(file, { scoreHeader: score });
    assert.equal(source.headerRow, 2);
    assert.deepEqual(
      (await rowsOf(source)).map((r) => [r.row, r.cells[2]]),
      [
        [3, '宁波市生态环境局'],
        [4, '宁波市生态环境局'],
        [5, '宁波市生态环境局'],
        [6, '北仑分局'],
      ],
    );
    assert.deepEqual(
      source.notices.map((n) => n.code),
      ['title_rows_skipped', 'merged_cells_filled'],
    );
    assert.match(
      source.notices[0]?.message ?? '',
      /^表头在第 2 行：已跳过表头之前的 1 行（第 1 行“2025年行政处罚信息”）/,
    );
    assert.match(source.notices[1]?.message ?? '', /^第 4–5 行有合并单元格（C3:C5）/);
  });

  it('reports the best-matching sheet when none has every required column', async () => {
    const file = writeZip(
      path.join(dir, 'incomplete.xlsx'),
      xlsxEntries([
        { name: 'A', xml: sheetXml([['备注'], ['x']]) },
        {
          name: 'B',
          xml: sheetXml([
            ['CF_WSH', 'CF_CFJG'],
            ['甬环罚〔2026〕1号', '某局'],
          ]),
        },
      ]),
    );
    const source = await openXlsx(file, { scoreHeader: score });
    assert.deepEqual(source.headers, ['CF_WSH', 'CF_CFJG']);
    assert.deepEqual(await rowsOf(source), []);
    assert.match(source.notices.map((n) => n.message).join(), /最匹配的工作表“B”/);
  });

  it('turns any reader failure into a Chinese file-level error, never a TypeError or a silent truncation', async () => {
    const head = '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>CF_WSH</t></is></c></row>';
    const variants: [string, string, RegExp][] = [
      [
        'unmatched',
        `${head}</rowx></sheetData></worksheet>`,
        /^无法读取该 Excel 文件（文件结构不符合 XLSX 标准）/,
      ],
      [
        'bad-ref',
        `${head}<row r="2"><c r="!!"><v>1</v></c></row></sheetData></worksheet>`,
        /^无法读取该 Excel 文件/,
      ],
      [
        // saxes swallows the rest of the sheet after an unescaped "&" without an error: rows would vanish
        'ampersand',
        `${head}<row r="2"><c r="A2" t="inlineStr"><is><t>A & B</t></is></c></row><row r="3"><c r="A3"><v>1</v></c></row></sheetData></worksheet>`,
        /^无法读取该 Excel 文件：工作表“S”的内容在第 1 行之后无法解析（XML 格式错误，例如未转义的 & 符号），后面的 2 行无法读取/,
      ],
    ];
    for (const [name, xml, pattern] of variants) {
      const file = writeZip(path.join(dir, `${name}.xlsx`), xlsxEntries([{ name: 'S', xml }]));
      await assert.rejects(
        async () => rowsOf(await openXlsx(file)),
        (e: unknown) => {
          assert.ok(e instanceof SourceReadError, `${name}: ${String(e)}`);
          assert.match(e.message, pattern, name);
          assert.match(e.message, /另存为标准 \.xlsx/);
          return true;
        },
      );
    }
  });

  it('holds shared strings as plain texts up to a count, and refuses a workbook beyond it', async () => {
    const sst = (n: number) =>
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${Array.from({ length: n }, (_, i) => (i === 1 ? '<si><r><rPr><b/></rPr><t>宁波</t></r><r><t>某公司</t></r></si>' : `<si><t>文${i}</t></si>`)).join('')}</sst>`;
    const xml =
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>CF_WSH</t></is></c><c r="B1" t="inlineStr"><is><t>CF_XDR_MC</t></is></c></row><row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row></sheetData></worksheet>';
    const file = (n: number) =>
      writeZip(path.join(dir, `sst-${n}.xlsx`), xlsxEntries([{ name: 'S', xml }], { sharedStrings: sst(n) }));
    const ok = await openXlsx(file(3), { scoreHeader: score, maxSharedStrings: 3 });
    assert.deepEqual(
      (await rowsOf(ok)).map((r) => r.cells),
      [['文0', '宁波某公司']],
    );
    await assert.rejects(
      openXlsx(file(4), { scoreHeader: score, maxSharedStrings: 3 }),
      (e: unknown) =>
        e instanceof SourceReadError &&
        /^无法读取该 Excel 文件：共享字符串表中的文字超过 3 条，拒绝处理：请拆分为多个文件分批报送/.test(
          e.message,
        ),
    );
  });

  it('refuses a worksheet text or tag longer than any cell can hold, and reads the longest cell Excel writes', async () => {
    const longest = '&amp;'.repeat(32_767); // 32,767 characters, each escaped: 163,835 characters of XML
    const cell = (t: string) =>
      `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>CF_WSH</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>${t}</t></is></c></row></sheetData></worksheet>`;
    const ok = writeZip(path.join(dir, 'longest.xlsx'), xlsxEntries([{ name: 'S', xml: cell(longest) }]));
    const rows = await rowsOf(await openXlsx(ok));
    assert.equal(rows[0]?.cells[0], '&'.repeat(32_767));
    for (const [name, xml] of [
      ['text', cell('某'.repeat(MAX_XML_RUN + 1))],
      ['tag', cell('x').replace('<c r="A2"', `<c r="A2" x="${'y'.repeat(MAX_XML_RUN)}"`)],
    ] as const) {
      // stored, not deflated: a varied text would pass the ratio check the same way
      const entries = xlsxEntries([{ name: 'S', xml }]).map((e) => ({ ...e, method: 'store' as const }));
      const f = writeZip(path.join(dir, `run-${name}.xlsx`), entries);
      await assert.rejects(
        async () => rowsOf(await openXlsx(f)),
        (e: unknown) =>
          e instanceof SourceReadError &&
          /^无法读取该 Excel 文件：工作表第 \d 行附近有一段内容超过 1,000,000 个字符（Excel 单元格最多 32767 个字符），疑似构造的文件/.test(
            e.message,
          ),
        name,
      );
    }
  });
});
