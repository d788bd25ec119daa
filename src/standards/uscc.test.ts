import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { validateOrgCode } from './org-code.js';
import { computeRicCheck } from './ric.js';
import {
  computeUsccCheck,
  generateUscc,
  normalizeUscc,
  parseUscc,
  randomUscc,
  USCC_AUTHORITIES,
  USCC_CHARSET,
  USCC_PILOT_PATTERNS,
  type UsccInvalidReason,
  type UsccPilotPattern,
  validateUscc,
} from './uscc.js';

const vectors = path.resolve(import.meta.dirname, '../../test/vectors');
const readLines = (file: string): string[] =>
  fs
    .readFileSync(path.join(vectors, file), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

interface VectorRow {
  code: string;
  gb32100_check_ok: string;
  gb11714_orgcode_check_ok: string;
  real_world: string;
  note: string;
}

const csvRows = parse<VectorRow>(fs.readFileSync(path.join(vectors, 'uscc-test-vectors.csv'), 'utf8'), {
  columns: true,
  skip_empty_lines: true,
});

// Rows that are neither fully valid, pilot codes nor masked, with the reason the columns/notes imply.
const EXPECTED_INVALID: Readonly<Record<string, UsccInvalidReason>> = {
  A1110000600037341L: 'check_character', // authority A is allowed; mod-31 fails (expected K), org code passes
  '9111000060003IOZSV': 'charset',
  '91110000600037341N': 'check_character', // typo of a real code, expected L; not a pilot pattern
  '12345': 'length',
  // ID-card-shaped: passes mod-31 by coincidence, fails the embedded org code check.
  '362322198709086409': 'org_code_check',
  // Both checks fail; the org-code reason is reported because it pins the error to positions 9-17.
  '111111111111111111': 'org_code_check',
  '1616173': 'length',
  'MA2EL626-6': 'length', // an org code in print form, not a USCC (classifyIdentifier: org_code)
  '91110108551385082Q194': 'length',
};

function expectedStatus(row: VectorRow): 'valid' | 'legacy_pilot' | 'masked' | 'invalid' {
  if (row.gb32100_check_ok === 'true' && row.gb11714_orgcode_check_ok === 'true') return 'valid';
  if (row.real_world.includes('non-standard check character')) return 'legacy_pilot';
  if (row.code.includes('*')) return 'masked';
  return 'invalid';
}

describe('uscc: vectors', () => {
  it('uscc-test-vectors.csv: every row gets the status its columns imply (463 valid, 6 pilot, 2 masked, 9 invalid)', () => {
    const counts: Record<string, number> = {};
    for (const row of csvRows) {
      const expected = expectedStatus(row);
      const result = validateUscc(row.code);
      assert.equal(result.status, expected, `${row.code}: ${JSON.stringify(result)}`);
      const key = result.status === 'invalid' ? `invalid:${result.reason}` : result.status;
      counts[key] = (counts[key] ?? 0) + 1;
      if (result.status === 'invalid') {
        assert.equal(
          result.reason,
          EXPECTED_INVALID[row.code],
          `${row.code}: unexpected reason ${result.reason}`,
        );
      }
      if (expected === 'valid') assert.equal(normalizeUscc(row.code).length, 18);
    }
    assert.deepEqual(counts, {
      valid: 463,
      legacy_pilot: 6,
      masked: 2,
      'invalid:check_character': 2,
      'invalid:charset': 1,
      'invalid:length': 4,
      'invalid:org_code_check': 2,
    });
    assert.equal(csvRows.length, 480);
  });

  it('the pilot rows are exactly the rows whose real_world says "non-standard check character"', () => {
    const pilots = csvRows.filter((row) => row.real_world.includes('non-standard check character'));
    assert.equal(pilots.length, 6);
    for (const row of pilots) {
      assert.equal(row.gb32100_check_ok, 'false');
      assert.equal(row.gb11714_orgcode_check_ok, 'true');
      const result = validateUscc(row.code);
      assert.equal(result.status, 'legacy_pilot');
      if (result.status !== 'legacy_pilot') continue;
      assert.equal(result.expectedCheck, computeUsccCheck(result.normalized.slice(0, 17)));
      assert.ok(result.warnings.some((warning) => warning.code === 'nonstandard_check_character'));
    }
  });

  it('lower-case rows normalize to valid codes', () => {
    const lower = csvRows.filter((row) => row.real_world.includes('LOWERCASE'));
    assert.equal(lower.length, 8);
    for (const row of lower) {
      const result = validateUscc(row.code);
      assert.equal(result.status, 'valid');
      assert.equal(result.status === 'valid' && result.normalized, row.code.toUpperCase());
    }
  });

  it('uscc_valid.txt: all 201 are valid', () => {
    const lines = readLines('uscc_valid.txt');
    assert.equal(lines.length, 201);
    for (const code of lines) assert.equal(validateUscc(code).status, 'valid', code);
  });

  it('uscc_invalid.txt: each fails for the annotated reason', () => {
    const expected: Record<string, UsccInvalidReason> = {
      length: 'length',
      'checksum (stdnum: format)': 'check_character',
      'format: contains excluded letters I O Z S V': 'charset',
      'checksum (expected L)': 'check_character',
    };
    for (const line of readLines('uscc_invalid.txt')) {
      const [code = '', annotation = ''] = line.split('|');
      const result = validateUscc(code);
      assert.equal(result.status, 'invalid', code);
      assert.equal(result.status === 'invalid' && result.reason, expected[annotation], code);
    }
    const typo = validateUscc('91110000600037341N');
    assert.ok(
      typo.status === 'invalid' && typo.message.includes('"L"'),
      'message names the expected character',
    );
    const excluded = validateUscc('9111000060003IOZSV');
    assert.ok(excluded.status === 'invalid' && excluded.message.includes('第 14 位为 "I"'));
  });

  it('uscc_nonconforming_real.txt: legacy_pilot, expectedCheck equals the computed character in the file', () => {
    const lines = readLines('uscc_nonconforming_real.txt');
    assert.equal(lines.length, 3);
    for (const line of lines) {
      const [code = '', computed = ''] = line.split('|');
      const result = validateUscc(code);
      assert.equal(result.status, 'legacy_pilot', code);
      assert.equal(result.status === 'legacy_pilot' && result.expectedCheck, computed, code);
    }
  });
});

describe('uscc: rules', () => {
  it('normalizes full-width, spaces, hyphens, NBSP, zero-width characters and case', () => {
    assert.equal(normalizeUscc(' 91 110000-60003734１l '), '91110000600037341L');
    assert.equal(normalizeUscc('９１１１００００６０００３７３４１Ｌ'), '91110000600037341L');
    assert.equal(
      normalizeUscc('9111\u00A00000\u200B6000\u200C3734\u200D1\uFEFFL\u3000'),
      '91110000600037341L',
    );
    assert.equal(validateUscc('91 110000 600037341L').status, 'valid');
  });

  it('checks an 18-character code with a single E as a code, not as scientific notation', () => {
    // found by the generated-codes property: a valid code of digits and one E
    assert.equal(validateUscc('115013130125E90036').status, 'valid');
    assert.equal(validateUscc('115013130125E90037').status, 'invalid');
  });

  it('rejects Excel scientific notation with a message for the department', () => {
    for (const raw of ['9.13502E+17', '9.13502e17', '9.13502E17', ' 9,13502E+17 ']) {
      const result = validateUscc(raw);
      assert.equal(result.status, 'invalid', raw);
      if (result.status !== 'invalid') continue;
      assert.equal(result.reason, 'scientific_notation');
      assert.match(result.message, /设为文本格式/);
    }
  });

  it('reports empty, region_not_digits and masked', () => {
    assert.deepEqual(validateUscc('  \u200B '), {
      status: 'invalid',
      reason: 'empty',
      message: '统一社会信用代码为空',
    });
    const region = validateUscc('9111A000600037341L');
    assert.ok(
      region.status === 'invalid' &&
        region.reason === 'region_not_digits' &&
        region.message.includes('第 5 位'),
    );
    assert.deepEqual(validateUscc('913302＊＊＊＊＊＊531452'), {
      status: 'masked',
      normalized: '913302******531452',
    });
  });

  it('checks the embedded org code before the check character', () => {
    // Valid code with position 17 changed and position 18 recomputed: only the org-code check can see it.
    const first17 = '9111000060003734';
    for (const c of '023456789X') {
      const code = `${first17}${c}`;
      const result = validateUscc(code + computeUsccCheck(code));
      assert.ok(result.status === 'invalid' && result.reason === 'org_code_check', code);
    }
  });

  it('parses parts with advisory names and warnings, never errors for unknown pairs', () => {
    const code = generateUscc({
      authorityCode: '9',
      categoryCode: '1',
      regionCode: '610113',
      orgBody: 'MA6U0A3X',
    });
    const { parts, warnings } = parseUscc(code);
    assert.deepEqual(parts, {
      authorityCode: '9',
      categoryCode: '1',
      regionCode: '610113',
      orgCode: code.slice(8, 17),
      checkCharacter: code.charAt(17),
      authorityName: '工商（市场监管）',
      categoryName: '企业',
      regionName: '陕西省西安市雁塔区',
    });
    assert.deepEqual(warnings, []);
    assert.equal(parseUscc('Y1100000MA00000000').parts.categoryName, '其他');
    assert.equal(parseUscc('91100000MA00000000').parts.regionName, '全国');
    const unknown = parseUscc('B7990000MA00000000');
    assert.deepEqual(
      unknown.warnings.map((warning) => warning.code),
      ['unknown_authority', 'unknown_region'],
    );
    assert.deepEqual(
      parseUscc('96610113MA00000000').warnings.map((warning) => warning.code),
      ['unknown_category'],
    );
    assert.throws(() => parseUscc('123'), RangeError);
  });

  it('valid results carry warnings for unknown pairs (advisory only)', () => {
    const code = generateUscc({
      authorityCode: 'B',
      categoryCode: '7',
      regionCode: '610113',
      orgBody: 'MA6U0A3X',
    });
    const result = validateUscc(code);
    assert.equal(result.status, 'valid');
    assert.deepEqual(result.status === 'valid' && result.warnings.map((warning) => warning.code), [
      'unknown_authority',
    ]);
  });

  it('a plain typo in an ordinary code stays invalid; pilot patterns are data and configurable', () => {
    assert.equal(validateUscc('91110000600037341N').status, 'invalid');
    assert.equal(USCC_PILOT_PATTERNS.length, 1);
    assert.equal(validateUscc('91350211M0000XUF46', { pilotPatterns: [] }).status, 'invalid');
    const beijingPilot: UsccPilotPattern = {
      id: 'test-only',
      regionCodePrefix: '11',
      orgCodePrefix: '6000',
      description: 'test pattern',
      source: 'test',
    };
    const asPilot = validateUscc('91110000600037341N', { pilotPatterns: [beijingPilot] });
    assert.ok(asPilot.status === 'legacy_pilot' && asPilot.expectedCheck === 'L');
  });

  it('computeUsccCheck and generateUscc', () => {
    assert.equal(computeUsccCheck('91110000600037341'), 'L');
    assert.equal(computeUsccCheck('91512081MA62K0260'), 'E'); // the CSV "worked example"
    assert.throws(() => computeUsccCheck('9111000060003734'), RangeError);
    assert.throws(() => computeUsccCheck('9111000060003734I'), RangeError);
    assert.equal(
      generateUscc({ authorityCode: '9', categoryCode: '1', regionCode: '110000', orgBody: '60003734' }),
      '91110000600037341L',
    );
    assert.throws(() =>
      generateUscc({ authorityCode: '9', categoryCode: '1', regionCode: '11000A', orgBody: '60003734' }),
    );
    assert.throws(() =>
      generateUscc({ authorityCode: '9', categoryCode: '1', regionCode: '110000', orgBody: '6000373I' }),
    );
  });
});

const usccCharArb = fc.constantFrom(...USCC_CHARSET);
const usccArb = fc
  .record({
    authority: fc.constantFrom(...USCC_AUTHORITIES),
    categoryIndex: fc.nat(),
    regionCode: fc.stringMatching(/^\d{6}$/),
    orgBody: fc.array(usccCharArb, { minLength: 8, maxLength: 8 }).map((chars) => chars.join('')),
  })
  .map(({ authority, categoryIndex, regionCode, orgBody }) => {
    const categories = Object.keys(authority.categories);
    const categoryCode = categories[categoryIndex % categories.length] ?? '1';
    return generateUscc({ authorityCode: authority.code, categoryCode, regionCode, orgBody });
  });

function substitutions(
  code: string,
  alphabet: string,
): { position: number; from: string; to: string; code: string }[] {
  const result: { position: number; from: string; to: string; code: string }[] = [];
  for (let i = 0; i < code.length; i += 1) {
    for (const to of alphabet) {
      if (to === code.charAt(i)) continue;
      result.push({
        position: i + 1,
        from: code.charAt(i),
        to,
        code: code.slice(0, i) + to + code.slice(i + 1),
      });
    }
  }
  return result;
}

describe('uscc: properties', () => {
  it('generated codes always validate', () => {
    fc.assert(
      fc.property(usccArb, (code) => validateUscc(code).status === 'valid'),
      { numRuns: 2000 },
    );
  });

  it('randomUscc is valid and reproducible from a seeded RNG', () => {
    const seeded = (seed: number) => () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const rngA = seeded(7);
    const rngB = seeded(7);
    for (let i = 0; i < 200; i += 1) {
      const code = randomUscc(rngA);
      assert.equal(validateUscc(code).status, 'valid', code);
      assert.equal(randomUscc(rngB), code);
    }
  });

  // The 3^(i-1) mod 31 weights are all non-zero modulo the prime 31 and a substitution changes a value by 1..30,
  // so every single substitution in positions 1-17 changes the sum mod 31; position 18 is compared directly.
  // Hence no single substitution can stay 'valid'. It is not always 'invalid': when the code matches a pilot
  // pattern (region 35…, org code M000…) and the embedded org code still passes — the change is outside positions
  // 9-17, or inside them with a value difference that is a multiple of 11 (e.g. '1' -> 'C'), which the mod-11 check
  // cannot see — the result is 'legacy_pilot': still not accepted as valid, routed to review.
  it('every single-character substitution of every valid vector is detected (exhaustive)', () => {
    let checked = 0;
    let pilot = 0;
    const valid = csvRows
      .filter((row) => expectedStatus(row) === 'valid')
      .map((row) => normalizeUscc(row.code));
    for (const code of valid) {
      const pilotShaped = USCC_PILOT_PATTERNS.some(
        (pattern) =>
          code.slice(2).startsWith(pattern.regionCodePrefix) &&
          code.slice(8).startsWith(pattern.orgCodePrefix),
      );
      for (const variant of substitutions(code, USCC_CHARSET)) {
        const result = validateUscc(variant.code);
        checked += 1;
        assert.notEqual(
          result.status,
          'valid',
          `${code} pos ${variant.position} ${variant.from}->${variant.to}`,
        );
        if (result.status === 'legacy_pilot') {
          pilot += 1;
          assert.ok(
            pilotShaped && validateOrgCode(variant.code.slice(8, 17)).status === 'valid',
            variant.code,
          );
        }
      }
    }
    assert.equal(checked, 463 * 18 * 30);
    assert.ok(
      pilot > 0,
      'the pilot-shaped standard example 91350100M000100Y43 produces legacy_pilot variants',
    );
  });

  it('every single-character substitution of generated codes is detected', () => {
    fc.assert(
      fc.property(usccArb, fc.nat(17), usccCharArb, (code, index, to) => {
        fc.pre(code.charAt(index) !== to);
        const variant = code.slice(0, index) + to + code.slice(index + 1);
        return validateUscc(variant, { pilotPatterns: [] }).status === 'invalid';
      }),
      { numRuns: 5000 },
    );
  });
});

describe('uscc: a resident id number where a code was expected', () => {
  // synthetic numbers (address code 9xxxxx, which no region has)
  const rics = ['91010219900101123', '93020419851231002', '99000120000229456'].map(
    (first17) => `${first17}${computeRicCheck(first17)}`,
  );

  it('is rejected with a message that quotes no digit of it (not the org code at 9-17, not the region at 3-8)', () => {
    for (const ric of rics) {
      const v = validateUscc(ric);
      assert.equal(v.status, 'invalid', ric);
      if (v.status !== 'invalid') continue;
      assert.equal(v.message, '该值疑似身份证号码，不是统一社会信用代码（内容已隐去）');
      assert.equal(/\d{4}/.test(v.message), false);
    }
  });

  it('random valid id numbers never leave 6 of their digits in a message or warning', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999 }),
        fc.integer({ min: Date.UTC(1930, 0, 1) / 86_400_000, max: Date.UTC(2015, 0, 1) / 86_400_000 }),
        fc.integer({ min: 0, max: 999 }),
        (region, day, seq) => {
          const birth = new Date(day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
          const first17 = `9${String(region).padStart(5, '0')}${birth}${String(seq).padStart(3, '0')}`;
          const ric = `${first17}${computeRicCheck(first17)}`;
          const v = validateUscc(ric);
          const texts =
            v.status === 'invalid'
              ? [v.message]
              : v.status === 'valid' || v.status === 'legacy_pilot'
                ? v.warnings.map((w) => w.message)
                : [];
          for (const text of texts)
            for (let i = 0; i + 6 <= 18; i += 1)
              assert.equal(text.includes(ric.slice(i, i + 6)), false, text);
        },
      ),
      { seed: 20261208, numRuns: 2000 },
    );
  });

  it('a code with letters is still explained in full', () => {
    const v = validateUscc('91330200561262545A');
    assert.equal(v.status, 'invalid');
    if (v.status === 'invalid') assert.match(v.message, /校验码/);
  });
});
