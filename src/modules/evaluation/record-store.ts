import { type Extract, fieldValue, type ScanRow } from './eval-record.repository.js';
import type { RecordSeverity } from './evaluation-model.types.js';
import type { EvalRecord } from './score-subject.js';

const SEVERITIES: readonly (RecordSeverity | null)[] = [null, 'minor', 'general', 'serious'];

/**
 * The records of one pass of a full run, held column-wise (typed arrays, repeated strings interned) so millions of
 * them fit in a modest heap; `forSubject` rebuilds a subject's records as {@link EvalRecord}s for scoring. Only
 * active, counting record versions are added (the scan filters), so they are stored with status `active`.
 */
export interface RecordStore {
  add(rows: readonly ScanRow[]): void;
  /** Groups the added records by subject; call once, after the last `add`. */
  seal(): void;
  forSubject(subjectId: number): EvalRecord[];
  readonly size: number;
}

export function createRecordStore(
  extracts: readonly Extract[],
  subjectFrom: number,
  subjectTo: number,
): RecordStore {
  let cap = 1 << 16;
  let n = 0;
  let subject = new Float64Array(cap);
  let id = new Float64Array(cap);
  let version = new Int32Array(cap);
  let item = new Uint16Array(cap);
  let severity = new Uint8Array(cap);
  let published = new Uint8Array(cap);
  let decision = new Int32Array(cap);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let fields = extracts.map(() => new Int32Array(cap));
  const strings: (string | null)[] = [null];
  const interned = new Map<string, number>();
  const itemCodes: string[] = [];
  const itemIndex = new Map<string, number>();
  const intern = (v: unknown): number => {
    if (v === null || v === undefined) return 0;
    const s = String(v);
    let k = interned.get(s);
    if (k === undefined) {
      k = strings.length;
      strings.push(s);
      interned.set(s, k);
    }
    return k;
  };
  const grow = () => {
    cap *= 2;
    const g = <T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    subject = g(subject);
    id = g(id);
    version = g(version);
    item = g(item);
    severity = g(severity);
    published = g(published);
    decision = g(decision);
    start = g(start);
    end = g(end);
    fields = fields.map(g);
  };
  let offsets: Int32Array | null = null;
  let order: Int32Array | null = null;
  return {
    add(rows) {
      for (const r of rows) {
        if (n === cap) grow();
        subject[n] = Number(r.subject_id);
        id[n] = Number(r.id);
        version[n] = Number(r.version);
        let it = itemIndex.get(r.item_code);
        if (it === undefined) {
          it = itemCodes.length;
          itemCodes.push(r.item_code);
          itemIndex.set(r.item_code, it);
        }
        item[n] = it;
        severity[n] =
          r.severity === 'minor' ? 1 : r.severity === 'general' ? 2 : r.severity === 'serious' ? 3 : 0;
        published[n] = Number(r.published) === 1 ? 1 : 0;
        decision[n] = intern(r.decision_date);
        start[n] = intern(r.publicity_start);
        end[n] = intern(r.publicity_end);
        extracts.forEach((e, k) => {
          (fields[k] as Int32Array)[n] = r.item_code === e.item ? intern(r[e.alias]) : 0;
        });
        n += 1;
      }
    },
    seal() {
      // counting sort by subject: offsets[s - from] .. offsets[s - from + 1] index `order`
      const span = subjectTo - subjectFrom + 1;
      const counts = new Int32Array(span + 1);
      for (let i = 0; i < n; i++) {
        const s = (subject[i] as number) - subjectFrom;
        counts[s + 1] = (counts[s + 1] as number) + 1;
      }
      for (let s = 0; s < span; s++) counts[s + 1] = (counts[s + 1] as number) + (counts[s] as number);
      offsets = counts;
      const fill = counts.slice(0, span);
      order = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const s = (subject[i] as number) - subjectFrom;
        const at = fill[s] as number;
        order[at] = i;
        fill[s] = at + 1;
      }
    },
    forSubject(subjectId) {
      if (offsets === null || order === null) throw new Error('seal() the record store first');
      if (subjectId < subjectFrom || subjectId > subjectTo) return [];
      const s = subjectId - subjectFrom;
      const out: EvalRecord[] = [];
      for (let k = offsets[s] as number; k < (offsets[s + 1] as number); k++) {
        const i = order[k] as number;
        const f: Record<string, string | readonly string[] | null> = {};
        extracts.forEach((e, j) => {
          if (itemCodes[item[i] as number] === e.item)
            f[e.field] = fieldValue(strings[(fields[j] as Int32Array)[i] as number]);
        });
        out.push({
          id: id[i] as number,
          version: version[i] as number,
          itemCode: itemCodes[item[i] as number] as string,
          status: 'active',
          severity: SEVERITIES[severity[i] as number] ?? null,
          published: published[i] === 1,
          decisionDate: strings[decision[i] as number] ?? null,
          publicityStart: strings[start[i] as number] ?? null,
          publicityEnd: strings[end[i] as number] ?? null,
          fields: f,
        });
      }
      return out;
    },
    get size() {
      return n;
    },
  };
}
