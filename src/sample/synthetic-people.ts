import { computeRicCheck } from '../standards/ric.js';
import type { Rng } from './random.js';

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
  '欧阳',
  '司马',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀',
  '霞',
  '平',
  '刚',
  '桂',
  '文',
  '华',
  '建',
  '国',
  '红',
  '玉',
  '兰',
  '英',
];

/** A synthetic natural person: generated name and a checksum-valid resident id. Never a real person. */
export interface SyntheticPerson {
  readonly name: string;
  readonly ric: string;
}

/**
 * Generates a person born 1955–2000 with an address code from `regions` and a valid GB 11643 check character.
 * For tests, benchmarks and sample data only (PIPL: no real personal data in the repository).
 */
export function syntheticPerson(
  rng: Rng,
  regions: readonly string[] = ['330206', '330203', '610113', '610102'],
): SyntheticPerson {
  const year = rng.int(1955, 2000);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const seq = String(rng.int(1, 999)).padStart(3, '0');
  const first17 = `${rng.pick(regions)}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seq}`;
  const name = rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : '');
  return { name, ric: first17 + computeRicCheck(first17) };
}
