import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  type DrawInput,
  drawSeed,
  fromScaled,
  InspectorShortageError,
  type PopulationMember,
  populationDigest,
  runDraw,
  stratumProbability,
  toScaled,
} from './draw-algorithm.js';
import { createSm3Random } from './sm3-random.js';

const sm3 = (s: string) => createHash('sm3').update(s).digest('hex');

function population(sizes: Readonly<Record<string, number>>): PopulationMember[] {
  const out: PopulationMember[] = [];
  let id = 1;
  for (const [stratum, n] of Object.entries(sizes))
    for (let i = 0; i < n; i++) {
      out.push({ subjectId: id, stratum, uscc: `U${id}`, regionCode: id % 2 === 0 ? '330203' : '330205' });
      id += 7; // ids need not be dense
    }
  return out;
}

const INSPECTORS = ['I01', 'I02', 'I03', 'I04', 'I05', 'I06'].map((code) => ({ code }));

function input(seed: string, over: Partial<DrawInput> = {}): DrawInput {
  return {
    seed,
    population: population({ A: 300, B: 200, C: 120, unrated: 37 }),
    strata: [
      { stratum: 'A', probability: stratumProbability('0.05', '0.5') },
      { stratum: 'B', probability: stratumProbability('0.05', '1') },
      { stratum: 'C', probability: stratumProbability('0.05', '3') },
      { stratum: 'unrated', probability: stratumProbability('0.05', '1') },
    ],
    inspectors: INSPECTORS,
    inspectorsPerInspection: 2,
    ...over,
  };
}

describe('draw seed and SM3 stream', () => {
  it('uses SM3 (GB/T 32905 test vector) and the published seed formula', () => {
    assert.equal(sm3('abc'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    const planDigest = 'a'.repeat(64);
    assert.equal(
      drawSeed(planDigest, '2026-07-01', '07 12 19 23 28 33+05'),
      sm3(`xy-draw-v1\n${planDigest}\n2026-07-01\n07 12 19 23 28 33+05`),
    );
    assert.notEqual(drawSeed(planDigest, '2026-07-01', '1'), drawSeed(planDigest, '2026-07-02', '1'));
  });

  it('reads block i = SM3(seed ‖ uint64_be(i)) as big-endian words', () => {
    const seed = sm3('seed');
    const rng = createSm3Random(seed);
    const block0 = createHash('sm3').update(Buffer.from(seed, 'hex')).update(Buffer.alloc(8)).digest();
    const words = Array.from({ length: 9 }, () => rng.nextWord());
    assert.deepEqual(
      words.slice(0, 8),
      Array.from({ length: 8 }, (_, k) => block0.readUInt32BE(k * 4)),
    );
    const c1 = Buffer.alloc(8);
    c1.writeBigUInt64BE(1n);
    assert.equal(
      words[8],
      createHash('sm3').update(Buffer.from(seed, 'hex')).update(c1).digest().readUInt32BE(0),
    );
  });

  it('draws uniformly below n without modulo bias (chi-square over 6 cells)', () => {
    const rng = createSm3Random(sm3('uniform'));
    const counts = new Array(6).fill(0) as number[];
    const n = 60_000;
    for (let i = 0; i < n; i++) {
      const k = rng.below(6);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    const e = n / 6;
    const chi2 = counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
    assert.ok(chi2 < 25, `chi² = ${chi2}`); // df 5: P(χ² > 25) ≈ 1.4e-4
  });

  it('computes probabilities exactly and caps them at 1', () => {
    assert.equal(stratumProbability('0.05', '0.5'), '0.025');
    assert.equal(stratumProbability('0.3', '3'), '0.9');
    assert.equal(stratumProbability('0.5', '3'), '1');
    assert.equal(fromScaled(toScaled('0.000001') * 3n), '0.000003');
  });
});

describe('xy-draw-v1', () => {
  it('gives the identical selection and inspector pairs for the same seed', () => {
    const seed = drawSeed('b'.repeat(64), '2026-07-01', '12345');
    const a = runDraw(input(seed));
    const b = runDraw(input(seed));
    assert.deepEqual(a, b);
    assert.ok(a.items.length > 20);
    // input order of the population does not matter: members are sorted by subject id
    const shuffled = input(seed, { population: [...input(seed).population].reverse() });
    assert.deepEqual(runDraw(shuffled), a);
  });

  it('gives another selection for another seed', () => {
    const a = runDraw(input(drawSeed('b'.repeat(64), '2026-07-01', '12345')));
    const b = runDraw(input(drawSeed('b'.repeat(64), '2026-07-01', '12346')));
    assert.notDeepEqual(
      a.items.map((i) => i.subjectId),
      b.items.map((i) => i.subjectId),
    );
  });

  it('draws two distinct inspectors per subject and respects conflict-of-interest exclusions', () => {
    const seed = drawSeed('c'.repeat(64), '2026-07-01', '8');
    const pop = population({ A: 50, unrated: 50 });
    const excluded = pop[0] as PopulationMember;
    const out = runDraw({
      seed,
      population: pop,
      strata: [
        { stratum: 'A', probability: '1' },
        { stratum: 'unrated', probability: '1' },
      ],
      inspectors: [
        { code: 'I01', excludeSubjects: [excluded.uscc as string] },
        { code: 'I02', excludeRegions: ['330203'] },
        { code: 'I03' },
        { code: 'I04' },
      ],
      inspectorsPerInspection: 2,
    });
    assert.equal(out.items.length, 100);
    for (const item of out.items) {
      assert.equal(new Set(item.inspectors).size, 2);
      const member = pop.find((p) => p.subjectId === item.subjectId) as PopulationMember;
      if (member.subjectId === excluded.subjectId) assert.ok(!item.inspectors.includes('I01'));
      if (member.regionCode === '330203') assert.ok(!item.inspectors.includes('I02'));
    }
    assert.throws(
      () =>
        runDraw({
          seed,
          population: pop,
          strata: [{ stratum: 'A', probability: '1' }],
          inspectors: [{ code: 'I01', excludeRegions: ['33'] }, { code: 'I02' }],
          inspectorsPerInspection: 2,
        }),
      InspectorShortageError,
    );
  });

  it('commits to the population with a digest independent of order', () => {
    const pop = population({ A: 5, B: 3 });
    assert.equal(populationDigest(pop), populationDigest([...pop].reverse()));
    assert.notEqual(populationDigest(pop), populationDigest(pop.slice(1)));
  });

  it('samples each grade at its configured ratio over many seeds (binomial z-test, |z| < 4)', () => {
    const seeds = 400;
    const base = input('0'.repeat(64));
    const selected = new Map<string, number>();
    const perMember = new Map<number, number>();
    for (let s = 0; s < seeds; s++) {
      const out = runDraw({ ...base, seed: drawSeed('d'.repeat(64), '2026-07-01', String(s)) });
      for (const i of out.items) {
        selected.set(i.stratum, (selected.get(i.stratum) ?? 0) + 1);
        perMember.set(i.subjectId, (perMember.get(i.subjectId) ?? 0) + 1);
      }
    }
    for (const st of base.strata) {
      const n = base.population.filter((p) => p.stratum === st.stratum).length;
      const p = Number(st.probability);
      const trials = n * seeds;
      const z = ((selected.get(st.stratum) ?? 0) - trials * p) / Math.sqrt(trials * p * (1 - p));
      assert.ok(
        Math.abs(z) < 4,
        `${st.stratum}: selected ${selected.get(st.stratum)}, expected ${trials * p}, z = ${z.toFixed(2)}`,
      );
    }
    // within a stratum every member is equally likely: the 37 unrated members, 400 draws at p = 0.05
    const unrated = base.population.filter((p) => p.stratum === 'unrated');
    const counts = unrated.map((m) => perMember.get(m.subjectId) ?? 0);
    const e = seeds * 0.05;
    const chi2 = counts.reduce((sum, c) => sum + (c - e) ** 2 / e, 0);
    assert.ok(chi2 < 80, `χ² = ${chi2.toFixed(1)} over ${unrated.length} members`); // df 36: P(χ² > 80) < 1e-4
  });
});
