import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { inspectFile } from './inspect-file.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-inspect-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

const HEADER = '行政处罚决定书文号,行政相对人名称,处罚决定日期\r\n';
const line = (i: number) => `甬环罚〔2026〕${i}号,宁波市北仑区示例贸易有限公司,2026-11-0${(i % 9) + 1}\r\n`;

describe('inspectFile: encoding', () => {
  it('reads a UTF-8 file with one stray cp1252 byte as UTF-8 and counts the bad line', async () => {
    const bytes = Buffer.concat([
      Buffer.from(HEADER + line(1) + line(2)),
      Buffer.from('甬环罚〔2026〕3号,Caf'),
      Buffer.from([0xe9]), // "é" in cp1252
      Buffer.from(',2026-11-03\r\n'),
      Buffer.from(line(4)),
    ]);
    const r = await inspectFile(write('stray.csv', bytes));
    assert.deepEqual([r.encoding, r.bom, r.invalidLines, r.binary], ['utf-8', false, 1, false]);
  });

  it('reads a UTF-8 file with one row pasted from a GBK file as UTF-8 (valid lines ≥ invalid ones)', async () => {
    const bytes = Buffer.concat([Buffer.from(HEADER + line(1)), iconv.encode(line(2), 'gbk')]);
    const r = await inspectFile(write('mixed.csv', bytes));
    assert.deepEqual([r.encoding, r.invalidLines], ['utf-8', 1]);
  });

  it('still detects a genuine GBK / GB18030 file without BOM', async () => {
    const text = HEADER + line(1) + line(2) + line(3);
    for (const enc of ['gbk', 'gb18030']) {
      const r = await inspectFile(write(`${enc}.csv`, iconv.encode(text, enc)));
      assert.deepEqual([r.encoding, r.invalidLines], ['gb18030', 0], enc);
    }
  });

  it('keeps the BOM decision (UTF-8 with BOM stays UTF-8 even with a stray byte)', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(HEADER),
      Buffer.from([0xff, 0x0a]),
    ]);
    const r = await inspectFile(write('bom.csv', bytes));
    assert.deepEqual([r.encoding, r.bom, r.invalidLines], ['utf-8', true, 1]);
  });

  it('recognises UTF-16LE and UTF-16BE without BOM by their NUL bytes', async () => {
    const text = HEADER + line(1);
    const le = await inspectFile(write('le.csv', iconv.encode(text, 'utf-16le')));
    const be = await inspectFile(write('be.csv', iconv.encode(text, 'utf-16be')));
    assert.deepEqual([le.encoding, le.bom, le.binary], ['utf-16le', false, false]);
    assert.deepEqual([be.encoding, be.bom, be.binary], ['utf-16be', false, false]);
  });

  it('marks a file full of NUL bytes without a UTF-16 pattern as binary', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i += 3) bytes[i] = 0x41 + (i % 20);
    const r = await inspectFile(write('binary.csv', bytes));
    assert.equal(r.binary, true);
  });

  it('skips the line analysis for non-text formats but still digests the file', async () => {
    const file = write('x.bin', Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    const r = await inspectFile(file, { text: false });
    assert.equal(r.size, 4);
    assert.match(r.digest, /^[0-9a-f]{64}$/);
  });
});
