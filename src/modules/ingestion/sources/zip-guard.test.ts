import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { deflateRepeated, sheetXml, writeZip, xlsxEntries } from '../../../../test/support/zip-writer.js';
import { checkZip, DEFAULT_ZIP_LIMITS, ZipRejectedError } from './zip-guard.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-zip-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);

const workbook = () => xlsxEntries([{ name: 'Sheet1', xml: sheetXml([['CF_WSH'], ['甬环罚〔2026〕1号']]) }]);

async function rejected(f: string, pattern: RegExp, limits?: Parameters<typeof checkZip>[1]): Promise<void> {
  await assert.rejects(checkZip(f, limits), (e: unknown) => {
    assert.ok(e instanceof ZipRejectedError, String(e));
    assert.match(e.message, pattern);
    return true;
  });
}

describe('zip guard', () => {
  it('accepts an honest workbook, with or without data descriptors, and counts the inflated bytes', async () => {
    const entries = workbook();
    const total = entries.reduce((n, e) => n + Buffer.byteLength(e.data), 0);
    const checked = await checkZip(writeZip(file('ok.xlsx'), entries));
    assert.deepEqual([checked.entries, checked.uncompressed], [entries.length, total]);
    assert.deepEqual(
      checked.list.map((e) => e.name),
      entries.map((e) => e.name),
    );
    const streamed = entries.map((e) => ({ ...e, descriptor: true }));
    assert.equal((await checkZip(writeZip(file('dd.xlsx'), streamed))).uncompressed, total);
  });

  it('refuses an entry that inflates to more than its declared size as soon as it does', async () => {
    // 64 MiB of shared string declared as 300 bytes: the guard must not trust the directory
    const bomb = await deflateRepeated('B', 64 * 1024 * 1024, '<sst><si><t>', '</t></si></sst>');
    const entries = [
      ...workbook(),
      { name: 'xl/sharedStrings.xml', data: '', compressed: bomb, declaredSize: 300 },
    ];
    const seen: number[] = [];
    await assert.rejects(
      checkZip(writeZip(file('lying.xlsx'), entries), undefined, (name) =>
        name === 'xl/sharedStrings.xml' ? (c) => seen.push(c.length) : undefined,
      ),
      /登记 xl\/sharedStrings\.xml 解压后为 300 字节，实际更大/,
    );
    assert.ok(seen.reduce((a, b) => a + b, 0) <= 300, 'nothing beyond the declared size reaches a visitor');
  });

  it('refuses a declared size that is larger than what the entry holds', async () => {
    const entries = workbook().map((e) =>
      e.name === 'xl/workbook.xml' ? { ...e, declaredSize: 99_999 } : e,
    );
    await rejected(writeZip(file('short.xlsx'), entries), /实际为 \d+ 字节/);
  });

  it('refuses an honest bomb by its declared ratio without inflating it, and by the size budget', async () => {
    const payload = await deflateRepeated('A', 8 * 1024 * 1024);
    const entries = [
      ...workbook(),
      { name: 'xl/sharedStrings.xml', data: '', compressed: payload, declaredSize: 8 * 1024 * 1024 },
    ];
    const f = writeZip(file('honest.xlsx'), entries);
    await rejected(f, /膨胀 \d+ 倍（上限 200 倍），疑似压缩炸弹/);
    await rejected(f, /解压后超过 4 MiB/, {
      maxUncompressed: 4 * 1024 * 1024,
      maxEntries: 100,
      maxRatio: 10_000,
    });
  });

  it('refuses a part read into memory whole beyond its ceiling, naming it, before inflating anything', async () => {
    // shared strings of 450 MiB in a small file: under the total budget's ratio check only if its text varies, so
    // the directory's size must be enough to refuse it (the entry can never inflate past what it declares)
    for (const [name, size, pattern] of [
      [
        'xl/sharedStrings.xml',
        450 * 1024 * 1024,
        /xl\/sharedStrings\.xml（共享字符串表）解压后超过 64 MiB 的上限/,
      ],
      ['xl/styles.xml', 17 * 1024 * 1024, /xl\/styles\.xml（样式表）解压后超过 16 MiB 的上限/],
      ['xl/_rels/workbook.xml.rels', 5 * 1024 * 1024, /workbook\.xml\.rels（工作簿目录）解压后超过 4 MiB/],
    ] as const) {
      const entries = [
        ...workbook().filter((e) => e.name !== name),
        { name, data: '', compressed: zlib.deflateRawSync('<x/>'), declaredSize: size },
      ];
      const seen: string[] = [];
      await assert.rejects(
        checkZip(writeZip(file('part.xlsx'), entries), undefined, (n) => {
          seen.push(n);
          return undefined;
        }),
        (e: unknown) => e instanceof ZipRejectedError && pattern.test(e.message),
      );
      assert.deepEqual(seen, [], `${name}: refused before any entry is inflated`);
    }
    // worksheets are streamed: a large one counts against the total budget only
    const sheet = await deflateRepeated(
      ' ',
      80 * 1024 * 1024,
      '<worksheet><sheetData>',
      '</sheetData></worksheet>',
    );
    const big = [
      ...workbook().filter((e) => !e.name.startsWith('xl/worksheets/')),
      { name: 'xl/worksheets/sheet1.xml', data: '', compressed: sheet, declaredSize: 80 * 1024 * 1024 + 46 },
    ];
    const checked = await checkZip(writeZip(file('big-sheet.xlsx'), big), {
      ...DEFAULT_ZIP_LIMITS,
      maxRatio: 10_000,
    });
    assert.ok(checked.uncompressed > 80 * 1024 * 1024);
  });

  it('refuses entries a streaming reader would see but the directory does not list', async () => {
    const entries = [
      ...workbook(),
      { name: 'xl/worksheets/sheet9.xml', data: sheetXml([['x']]), hidden: true },
    ];
    await rejected(writeZip(file('hidden.xlsx'), entries), /条目之后有目录未登记的数据/);
    const middle = [{ name: 'junk', data: 'x'.repeat(100), hidden: true }, ...workbook()];
    await rejected(writeZip(file('hidden-first.xlsx'), middle), /条目之间有目录未登记的数据/);
  });

  it('refuses a data descriptor signature inside the data (unzipper would cut the entry there)', async () => {
    const data = Buffer.concat([
      Buffer.from('<x>'),
      Buffer.from([0x50, 0x4b, 0x07, 0x08]),
      Buffer.from('</x>'),
    ]);
    const entries = [
      ...workbook(),
      { name: 'xl/extra.xml', data, method: 'store' as const, descriptor: true },
    ];
    await rejected(writeZip(file('sig.xlsx'), entries), /数据长度与目录不一致/);
  });

  it('refuses encrypted entries, unknown methods, duplicate names and non-ZIP files', async () => {
    await rejected(
      writeZip(file('enc.xlsx'), [...workbook(), { name: 'x', data: 'y', encrypted: true }]),
      /已加密/,
    );
    const dup = [...workbook(), { name: 'xl/workbook.xml', data: '<workbook/>' }];
    await rejected(writeZip(file('dup.xlsx'), dup), /重名的条目 xl\/workbook\.xml/);
    fs.writeFileSync(file('text.xlsx'), 'CF_WSH,CF_XDR_MC\r\n');
    await rejected(file('text.xlsx'), /不是 XLSX 文件/);
    const zipped = fs.readFileSync(writeZip(file('m.xlsx'), workbook()));
    zipped.writeUInt16LE(12, 8); // first local header: method 12 (bzip2)
    fs.writeFileSync(file('method.xlsx'), zipped);
    await rejected(file('method.xlsx'), /本地信息与目录不一致/);
  });

  it('refuses corrupt deflate data', async () => {
    const good = zlib.deflateRawSync(Buffer.from('<x>hello</x>'.repeat(100)));
    const bad = Buffer.from(good);
    bad.fill(0xff, 2, 10);
    const entries = [...workbook(), { name: 'xl/x.xml', data: '<x>hello</x>'.repeat(100), compressed: bad }];
    await rejected(writeZip(file('corrupt.xlsx'), entries), /压缩数据已损坏|实际/);
  });
});
