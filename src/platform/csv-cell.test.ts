import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell } from './csv-cell.js';

describe('csvCell', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    const cases: [string, string][] = [
      ['宁波不凡创意设计有限公司', '宁波不凡创意设计有限公司'],
      ['a,b', '"a,b"'],
      ['say "hi"', '"say ""hi"""'],
      ['=HYPERLINK("http://x","点击")', `"'=HYPERLINK(""http://x"",""点击"")"`],
      ['+86 138', "'+86 138"],
      ['-1', "'-1"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\t=1', "'\t=1"],
      ['', ''],
    ];
    for (const [input, expected] of cases) assert.equal(csvCell(input), expected, input);
  });
});
