import fc from 'fast-check';
import { computeRegNoCheck } from '../../src/standards/reg-no.js';
import { isRegionCode, listRegions } from '../../src/standards/regions.js';
import { computeRicCheck, looksLikeRic } from '../../src/standards/ric.js';
import { generateUscc, USCC_AUTHORITIES, USCC_CHARSET } from '../../src/standards/uscc.js';

// Random personal numbers for the "never in clear" property tests (ADR 0006, issue 15 point 8): synthetic resident id
// numbers with valid GB 11643 check characters (18-character and legacy 15-digit) and mainland mobile numbers, and
// the check that an output reveals no 6 consecutive digits of one of them.

/** Seed of every personal-number property test: failures reproduce; change it only with a reason. */
export const PERSONAL_NUMBER_SEED = 20261208;

/**
 * The address code of a generated id: a current GB/T 2260 county code from any province (about 2,800 codes), so the
 * maskers are tried on real regions (a region ending 18–20 makes an all-digit credit code look like an id). Since a
 * region list or a code in an answer may hold those 6 digits by chance, {@link leakedDigits} does not count the
 * address code alone as a leak.
 */
const REGION_CODES: readonly string[] = listRegions({ level: 'county' }).map((r) => r.code);
const region = fc
  .noBias(fc.integer({ min: 0, max: REGION_CODES.length - 1 }))
  .map((i) => REGION_CODES[i] ?? '110101');

/** A birth date from 1940-01-01 to 2010-12-31 as YYYYMMDD. */
const birth = fc
  .noBias(fc.integer({ min: Date.UTC(1940, 0, 1) / 86_400_000, max: Date.UTC(2010, 11, 31) / 86_400_000 }))
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''));

const sequence = fc.noBias(fc.integer({ min: 0, max: 999 })).map((n) => String(n).padStart(3, '0'));

/** An 18-character resident id number with a valid check character (sometimes X). */
export const ric18Arb: fc.Arbitrary<string> = fc
  .tuple(region, birth, sequence)
  .map(([r, b, s]) => `${r}${b}${s}`)
  .map((first17) => `${first17}${computeRicCheck(first17)}`);

/** A legacy 15-digit resident id number (born 1940–1999). */
export const ric15Arb: fc.Arbitrary<string> = fc
  .tuple(region, birth, sequence)
  .filter(([, b]) => b < '20000101')
  .map(([r, b, s]) => `${r}${b.slice(2)}${s}`);

/** A mainland mobile number 1[3-9]xxxxxxxxx. Integers unbiased throughout: no run of zeros by preference. */
export const mobileArb: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 3, max: 9 }), fc.noBias(fc.integer({ min: 0, max: 999_999_999 })))
  .map(([second, rest]) => `1${second}${String(rest).padStart(9, '0')}`);

/** Any of the three kinds. */
export const personalNumberArb: fc.Arbitrary<string> = fc.oneof(ric18Arb, ric15Arb, mobileArb);

/** `count` numbers of each kind from the fixed seed: ric18, ric15, mobile, ric18, … */
export function samplePersonalNumbers(count: number, seed = PERSONAL_NUMBER_SEED): string[] {
  const [a, b, c] = [ric18Arb, ric15Arb, mobileArb].map((arb, k) =>
    fc.sample(arb, { seed: seed + k, numRuns: count }),
  );
  return Array.from({ length: count }, (_, i) => [a?.[i], b?.[i], c?.[i]])
    .flat()
    .filter((x) => x !== undefined);
}

/**
 * The 6-digit runs of `number` that occur in `output` (also with full-width digits), each with 30 characters of
 * context: empty when the output shows at most the fixed mask. For an id number the address code (digits 1–6) alone
 * is not counted: it names a county, not a person. The check character X counts as a digit.
 */
export function leakedDigits(output: string, number: string): string[] {
  // request ids (UUIDs) and hex digests are random hex: digits of a number in them are chance, not a leak
  const folded = output
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (u) => '#'.repeat(u.length))
    .replace(/(?<![0-9A-Za-z])(?=[0-9a-f]*[a-f])[0-9a-f]{32,}(?![0-9A-Za-z])/gi, (h) => '#'.repeat(h.length))
    .replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase();
  const found: string[] = [];
  // an id's first 6 digits are its address code, a public county code (a region list may show it): not a leak alone
  for (let i = number.length === 11 ? 0 : 1; i + 6 <= number.length; i += 1) {
    const window = number.slice(i, i + 6).toUpperCase();
    const at = folded.indexOf(window);
    if (at !== -1) found.push(`${window} in …${output.slice(Math.max(0, at - 30), at + 36)}…`);
  }
  return found;
}

// Public company numbers, which the maskers must leave in clear (issue 15, point 8 review).

/** Every region of the GB/T 2260 snapshot, current and historic. */
const ALL_REGION_CODES: readonly string[] = listRegions({ includeHistoric: true }).map((r) => r.code);
/** Regions ending 18–20: an all-digit credit code of one has characters 7–14 that can read as a birth date. */
const CENTURY_REGION_CODES: readonly string[] = ALL_REGION_CODES.filter((c) => /(?:18|19|20)$/.test(c));
const pick = (codes: readonly string[]): fc.Arbitrary<string> =>
  fc.integer({ min: 0, max: codes.length - 1 }).map((i) => codes[i] ?? '110101');
const digitsArb = (n: number): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const twoDigits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));

/**
 * A valid unified social credit code (GB 32100 check) from {@link generateUscc}: any authority and category, any
 * region of the snapshot, an organisation body of digits (half of them with a month and day up front, so that with a
 * region ending 18–20 characters 7–14 read as a date) or of any characters of the charset.
 */
export const usccArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(
      ...USCC_AUTHORITIES.flatMap((a) => Object.keys(a.categories).map((c) => `${a.code}${c}`)),
    ),
    fc.oneof(pick(ALL_REGION_CODES), pick(CENTURY_REGION_CODES)),
    fc.oneof(
      digitsArb(8),
      fc.tuple(twoDigits(1, 12), twoDigits(1, 28), digitsArb(4)).map((p) => p.join('')),
      fc
        .array(fc.integer({ min: 0, max: USCC_CHARSET.length - 1 }), { minLength: 8, maxLength: 8 })
        .map((a) => a.map((i) => USCC_CHARSET.charAt(i)).join('')),
    ),
  )
  .map(([ac, regionCode, orgBody]) =>
    generateUscc({ authorityCode: ac.charAt(0), categoryCode: ac.charAt(1), regionCode, orgBody }),
  );

/** A valid 15-digit registration number (GS 15-2006, MOD 11,10 check) of any region of the snapshot. */
export const regNoArb: fc.Arbitrary<string> = fc
  .tuple(pick(ALL_REGION_CODES), digitsArb(8))
  .map(([r, s]) => `${r}${s}${computeRegNoCheck(`${r}${s}`)}`);

/** A credit code or a registration number. */
export const companyNumberArb: fc.Arbitrary<string> = fc.oneof(usccArb, regNoArb);

/**
 * Whether a company number is also valid as a resident id, and so masked on purpose (privacy first): 18 characters
 * with a plausible birth date and a valid MOD 11-2 check character, or 15 digits with a province code and a plausible
 * yymmdd (a 15-digit id has no check character).
 */
export function alsoValidAsRic(value: string): boolean {
  if (!looksLikeRic(value)) return false;
  return value.length === 18
    ? computeRicCheck(value.slice(0, 17)) === value.charAt(17)
    : isRegionCode(`${value.slice(0, 2)}0000`);
}
