import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { computeOrgCodeCheck, formatOrgCode, normalizeOrgCode, validateOrgCode } from './org-code.js';
import { validateUscc } from './uscc.js';

const vectors = path.resolve(import.meta.dirname, '../../test/vectors');
const BODY_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('org-code: vectors', () => {
  it('uscc-orgcode-pairs-ningbo.csv: every org_no (with hyphen) is valid and equals chars 9-17 of the USCC', () => {
    const rows = parse<{ uni_social_crd_cd: string; org_no: string }>(
      fs.readFileSync(path.join(vectors, 'uscc-orgcode-pairs-ningbo.csv'), 'utf8'),
      { columns: true, skip_empty_lines: true },
    );
    assert.equal(rows.length, 1000);
    for (const row of rows) {
      assert.match(row.org_no, /^.{8}-.$/);
      const result = validateOrgCode(row.org_no);
      assert.equal(result.status, 'valid', row.org_no);
      if (result.status !== 'valid') continue;
      assert.equal(result.normalized, row.uni_social_crd_cd.slice(8, 17));
      assert.equal(result.formatted, row.org_no);
      assert.equal(validateUscc(row.uni_social_crd_cd).status, 'valid', row.uni_social_crd_cd);
    }
  });
});

describe('org-code: rules', () => {
  it('accepts the print form and the compact form', () => {
    assert.deepEqual(validateOrgCode('MA2EL626-6'), {
      status: 'valid',
      normalized: 'MA2EL6266',
      formatted: 'MA2EL626-6',
    });
    assert.deepEqual(validateOrgCode(' ma2el6266 '), {
      status: 'valid',
      normalized: 'MA2EL6266',
      formatted: 'MA2EL626-6',
    });
    assert.equal(normalizeOrgCode('ＭＡ２ＥＬ６２６－６'), 'MA2EL6266');
    assert.equal(formatOrgCode('600037341'), '60003734-1');
  });

  it('reports reasons in order', () => {
    const reason = (raw: string) => {
      const result = validateOrgCode(raw);
      return result.status === 'invalid' ? result.reason : result.status;
    };
    assert.equal(reason(''), 'empty');
    assert.equal(reason('MA2E****-6'), 'masked');
    assert.equal(reason('1616173'), 'length'); // truncated org code from the CSV
    assert.equal(reason('MA2E-L6266'), 'length'); // only the hyphen before the check character is the print form
    assert.equal(reason('MA2EL62#6'), 'charset');
    assert.equal(reason('MA2EL626A'), 'charset');
    assert.equal(reason('MA2EL6267'), 'check_character');
    const wrong = validateOrgCode('MA2EL6267');
    assert.ok(wrong.status === 'invalid' && wrong.message.includes('"6"'));
  });

  it('computes 10 -> X and 11 -> 0', () => {
    assert.equal(computeOrgCodeCheck('60003734'), '1');
    // Σ mod 11 = 1 gives 10 -> X; Σ mod 11 = 0 gives 11 -> 0.
    assert.equal(computeOrgCodeCheck('00000006'), 'X'); // 6·2 = 12, 12 mod 11 = 1
    assert.equal(computeOrgCodeCheck('00000000'), '0');
    assert.throws(() => computeOrgCodeCheck('0000000'), RangeError);
    assert.throws(() => computeOrgCodeCheck('0000000a'), RangeError);
  });
});

const bodyArb = fc
  .array(fc.constantFrom(...BODY_CHARS), { minLength: 8, maxLength: 8 })
  .map((chars) => chars.join(''));

describe('org-code: properties', () => {
  it('generated codes always validate', () => {
    fc.assert(
      fc.property(bodyArb, (body) => validateOrgCode(body + computeOrgCodeCheck(body)).status === 'valid'),
      { numRuns: 2000 },
    );
  });

  // The weights 3,7,9,10,5,8,4,2 are all coprime with 11, so a body substitution is detected exactly when the value
  // difference is not a multiple of 11. Over 0-9/A-Z (values 0..35) differences of 11, 22 or 33 exist ('0' <-> 'B',
  // '1' <-> 'C', '0' <-> 'M', '2' <-> 'Z' …): those single substitutions are NOT detected by GB 11714 alone. Inside a
  // USCC the mod-31 check catches them. Substituting the check character is always detected.
  it('single substitutions: detected exactly when the value difference is not a multiple of 11', () => {
    fc.assert(
      fc.property(bodyArb, (body) => {
        const code = body + computeOrgCodeCheck(body);
        for (let i = 0; i < 9; i += 1) {
          const alphabet = i < 8 ? BODY_CHARS : '0123456789X';
          for (const to of alphabet) {
            const from = code.charAt(i);
            if (to === from) continue;
            const variant = code.slice(0, i) + to + code.slice(i + 1);
            const stillValid = validateOrgCode(variant).status === 'valid';
            const undetectable = i < 8 && (BODY_CHARS.indexOf(to) - BODY_CHARS.indexOf(from)) % 11 === 0;
            if (stillValid !== undetectable) return false;
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('digit-only bodies: every single substitution is detected', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{8}$/),
        fc.nat(8),
        fc.constantFrom(...'0123456789X'),
        (body, i, to) => {
          const code = body + computeOrgCodeCheck(body);
          fc.pre(code.charAt(i) !== to && (i === 8 || to !== 'X'));
          return validateOrgCode(code.slice(0, i) + to + code.slice(i + 1)).status === 'invalid';
        },
      ),
      { numRuns: 3000 },
    );
  });
});
