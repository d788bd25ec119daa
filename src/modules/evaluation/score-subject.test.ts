import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { EvaluationModelDefinition, Indicator } from './evaluation-model.types.js';
import { readExplanation, storeExplanation } from './explanation.js';
import { divRound, formatPoints, parsePoints, weighted } from './points.js';
import { compileModel, type EvalRecord, minusYears, scoreSubject, scoringDate } from './score-subject.js';
import { DEFAULT_MODEL, SHIPPED_MODELS } from './shipped-models.js';

const ITEMS = ['XZCF', 'XZJC', 'SERIOUS_LIST', 'XZXK'] as const;

function record(over: Partial<EvalRecord> & { id: number }): EvalRecord {
  return {
    version: 1,
    itemCode: 'XZCF',
    status: 'active',
    severity: 'general',
    published: true,
    decisionDate: '2026-03-01',
    publicityStart: '2026-03-01',
    publicityEnd: '2029-03-01',
    fields: {},
    ...over,
  };
}

describe('points arithmetic', () => {
  it('parses and formats hundredths exactly', () => {
    assert.equal(parsePoints('-20.5'), -2050);
    assert.equal(parsePoints('1000'), 100000);
    assert.equal(parsePoints('+0.07'), 7);
    assert.equal(formatPoints(-2050), '-20.50');
    assert.equal(formatPoints(7), '0.07');
    assert.equal(formatPoints(-7), '-0.07');
    assert.throws(() => parsePoints('1.234'), RangeError);
    assert.throws(() => parsePoints('1e3'), RangeError);
  });

  it('rounds half away from zero and never yields -0', () => {
    assert.equal(divRound(250, 100), 3);
    assert.equal(divRound(-250, 100), -3);
    assert.equal(divRound(249, 100), 2);
    assert.equal(divRound(-249, 100), -2);
    assert.ok(Object.is(divRound(-4, 100), 0));
    assert.equal(weighted(-3000, 60), -1800);
    assert.equal(weighted(-5, 50), -3);
  });

  it('round-trips any integer of hundredths through its decimal string', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -99_999_999, max: 99_999_999 }),
        (n) => parsePoints(formatPoints(n)) === n,
      ),
    );
  });

  it('subtracts whole years, mapping 29 February to 28 February', () => {
    assert.equal(minusYears('2026-11-29', 3), '2023-11-29');
    assert.equal(minusYears('2024-02-29', 1), '2023-02-28');
    assert.equal(minusYears('2024-02-29', 4), '2020-02-29');
  });
});

describe('scoring', () => {
  const model = compileModel(DEFAULT_MODEL);

  it('deducts a general penalty by recency and explains it with the record version', () => {
    const sd = scoringDate(model, '2026-06-30');
    const s = scoreSubject(sd, [record({ id: 7, version: 2 })]);
    assert.equal(s.score, 100000 - 3000);
    assert.equal(s.grade, 'B');
    assert.deepEqual(s.contributions, [
      { indicator: 'penalty_general', points: -3000, raw: -3000, records: [[7, 2, 100, -3000]] },
    ]);
    // 18 months later the same penalty counts 60 %
    const later = scoreSubject(scoringDate(model, '2027-09-01'), [record({ id: 7, version: 2 })]);
    assert.equal(later.score, 100000 - 1800);
    // after its publicity end it no longer counts at all
    const gone = scoreSubject(scoringDate(model, '2029-03-01'), [record({ id: 7, version: 2 })]);
    assert.deepEqual(gone, { base: 100000, score: 100000, grade: 'A', contributions: [] });
  });

  it('stops counting revoked, repaired and removed versions', () => {
    const sd = scoringDate(model, '2026-06-30');
    for (const status of ['revoked', 'repaired', 'removed'] as const) {
      assert.equal(scoreSubject(sd, [record({ id: 1, status })]).score, 100000);
    }
  });

  it('caps an indicator and counts a once-only indicator once', () => {
    const sd = scoringDate(model, '2026-06-30');
    const many = Array.from({ length: 8 }, (_, i) => record({ id: i + 1 }));
    const s = scoreSubject(sd, many);
    const c = s.contributions[0];
    assert.equal(c?.raw, -24000);
    assert.equal(c?.points, -15000);
    assert.equal(s.score, 85000);
    assert.equal(s.grade, 'C');
    const listed = scoreSubject(sd, [
      record({ id: 3, itemCode: 'SERIOUS_LIST', severity: null, publicityEnd: null }),
      record({ id: 4, itemCode: 'SERIOUS_LIST', severity: null, publicityEnd: null }),
    ]);
    assert.deepEqual(listed.contributions[0]?.records, [
      [3, 1, 100, 0],
      [4, 1, 100, -40000],
    ]);
    assert.equal(listed.score, 60000);
    assert.equal(listed.grade, 'D');
  });

  it('matches field conditions (inspection results) including multi-valued fields', () => {
    const sd = scoringDate(model, '2026-06-30');
    const s = scoreSubject(sd, [
      record({
        id: 1,
        itemCode: 'XZJC',
        severity: null,
        publicityEnd: null,
        fields: { JC_JGLX: 'case_opened' },
      }),
      record({
        id: 2,
        itemCode: 'XZJC',
        severity: null,
        publicityEnd: null,
        fields: { JC_JGLX: ['no_issue'] },
      }),
      record({ id: 3, itemCode: 'XZJC', severity: null, publicityEnd: null, fields: { JC_JGLX: null } }),
    ]);
    assert.deepEqual(
      s.contributions.map((c) => [c.indicator, c.points]),
      [
        ['inspection_case_opened', -2000],
        ['inspection_no_issue', 500],
      ],
    );
  });

  it('gives every shipped model a grade for every score, best band first', () => {
    for (const def of SHIPPED_MODELS) {
      const m = compileModel(def);
      const sd = scoringDate(m, '2026-06-30');
      assert.equal(
        scoreSubject(sd, []).grade,
        def.grades.find((g) => g.minScore !== null && parsePoints(g.minScore) <= 100000)?.code,
      );
    }
  });
});

const arbIndicator = (k: number): fc.Arbitrary<Indicator> =>
  fc
    .record({
      item: fc.constantFrom(...ITEMS),
      points: fc.integer({ min: -50_000, max: 50_000 }),
      cap: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
      once: fc.boolean(),
      severities: fc.option(fc.subarray(['minor', 'general', 'serious'] as const, { minLength: 1 }), {
        nil: undefined,
      }),
      decay: fc.option(
        fc
          .uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 })
          .chain((years) =>
            fc.tuple(
              ...years
                .sort((a, b) => a - b)
                .map((y) => fc.integer({ min: 0, max: 100 }).map((percent) => ({ withinYears: y, percent }))),
            ),
          ),
        { nil: undefined },
      ),
    })
    .map(
      (g): Indicator => ({
        code: `ind_${k}`,
        name: `指标${k}`,
        match: { item: g.item, ...(g.severities === undefined ? {} : { severities: g.severities }) },
        points: formatPoints(g.points),
        mode: g.once ? 'once' : 'each',
        cap: g.cap === null ? null : formatPoints(g.cap),
        ...(g.decay === undefined ? {} : { decay: g.decay }),
        basis: 'generated',
        confirmed: false,
      }),
    );

const arbModel: fc.Arbitrary<EvaluationModelDefinition> = fc
  .tuple(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 1, max: 6 }))
  .chain(([base, n]) =>
    fc.tuple(fc.constant(base), fc.tuple(...Array.from({ length: n }, (_, k) => arbIndicator(k)))),
  )
  .map(([base, indicators]) => ({ ...DEFAULT_MODEL, baseScore: formatPoints(base), indicators }));

const arbDate = fc
  .integer({ min: 0, max: 3650 })
  .map((d) => new Date(Date.UTC(2019, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

const arbRecords: fc.Arbitrary<EvalRecord[]> = fc
  .array(
    fc.record({
      itemCode: fc.constantFrom(...ITEMS),
      status: fc.constantFrom('active', 'active', 'active', 'revoked', 'repaired'),
      severity: fc.constantFrom('minor', 'general', 'serious', null),
      decisionDate: arbDate,
      windowDays: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: null }),
      version: fc.integer({ min: 1, max: 4 }),
    }),
    { maxLength: 40 },
  )
  .map((rows) =>
    rows.map((r, i) =>
      record({
        id: i + 1,
        version: r.version,
        itemCode: r.itemCode,
        status: r.status as EvalRecord['status'],
        severity: r.severity as EvalRecord['severity'],
        decisionDate: r.decisionDate,
        publicityStart: r.decisionDate,
        publicityEnd:
          r.windowDays === null
            ? null
            : new Date(Date.parse(`${r.decisionDate}T00:00:00Z`) + r.windowDays * 86_400_000)
                .toISOString()
                .slice(0, 10),
      }),
    ),
  );

describe('scoring properties', () => {
  it('explains every score exactly: base + Σ contributions = score, Σ record points = raw, |points| ≤ cap', () => {
    fc.assert(
      fc.property(arbModel, arbRecords, arbDate, (def, records, date) => {
        const m = compileModel(def);
        const s = scoreSubject(scoringDate(m, date), records);
        assert.equal(s.base + s.contributions.reduce((sum, c) => sum + c.points, 0), s.score);
        for (const c of s.contributions) {
          assert.equal(
            c.records.reduce((sum, r) => sum + r[3], 0),
            c.raw,
          );
          const cap = def.indicators.find((i) => i.code === c.indicator)?.cap;
          if (cap !== null && cap !== undefined) assert.ok(Math.abs(c.points) <= parsePoints(cap));
          else assert.equal(c.points, c.raw);
          assert.ok(Number.isSafeInteger(c.points));
        }
        // the decimal strings add up too, and the stored form reads back unchanged
        const text = formatPoints(s.score);
        assert.equal(
          parsePoints(text),
          s.base + s.contributions.reduce((sum, c) => sum + parsePoints(formatPoints(c.points)), 0),
        );
        assert.deepEqual(readExplanation(storeExplanation(s.contributions)), s.contributions);
        // order of the input does not matter
        assert.deepEqual(scoreSubject(scoringDate(m, date), [...records].reverse()), s);
      }),
      { numRuns: 1000 },
    );
  });
});
