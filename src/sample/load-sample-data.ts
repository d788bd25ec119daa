import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { runEvaluation } from '../modules/evaluation/run-evaluation.service.js';
import { type IngestSummary, ingest } from '../modules/ingestion/ingest.service.js';
import { SAMPLE_PROVIDERS } from '../modules/providers/sample-providers.js';
import { systemActor } from '../platform/actor.js';
import { inTransaction } from '../platform/db/transaction.js';
import type { Runtime } from '../runtime.js';
import {
  type GeneratedRow,
  generateLicences,
  generateListsAndMore,
  generatePenalties,
  type SampleSubject,
} from './generate-records.js';
import { createRng } from './random.js';

/** The anonymised real registration extract shipped with the project (see sample-data/SOURCE.md). */
export const SAMPLE_REGISTRATION_FILE = path.resolve(
  import.meta.dirname,
  '../../sample-data/market-subjects-ningbo-sample.csv',
);

const SEED = 20261129;
const META_KEY = 'sample_data_loaded';

/** Subjects of the sample registration file, for generating records about them. */
export function readSampleSubjects(file: string = SAMPLE_REGISTRATION_FILE): SampleSubject[] {
  const rows = parse(fs.readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  return rows.map((r) => ({
    name: r.comp_nm ?? '',
    uscc: r.uni_social_crd_cd ?? '',
    kind: (r.uni_social_crd_cd ?? '').startsWith('92') ? 'individual_business' : 'legal_entity',
    legalRep: (r.legal_repre ?? '').split('、')[0]?.replace(/（.*?）/g, '') || null,
  }));
}

/**
 * Loads the sample data on first start against an empty database, through the same pipeline a department uses:
 * the real Ningbo registration extract via the `zhejiang-warehouse` profile, then seeded, generated licence and
 * penalty batches about those subjects (every penalty type, simple procedure, special sectors, market regulation,
 * decisions from 2019 to now so every publicity regime applies), then a first evaluation run. Skips when anything
 * was ever ingested.
 * @returns the batch summaries, or null when skipped.
 */
export async function loadSampleData(
  rt: Runtime,
  log: (message: string) => void = () => {},
): Promise<IngestSummary[] | null> {
  const loaded = await rt.db
    .selectFrom('app_meta')
    .select('value')
    .where('key', '=', META_KEY)
    .executeTakeFirst();
  const anyBatch = await rt.db.selectFrom('batch').select('id').limit(1).executeTakeFirst();
  if (loaded !== undefined || anyBatch !== undefined) return null;

  const actor = systemActor('sample-data');
  const summaries: IngestSummary[] = [];
  const run = async (label: string, p: Promise<IngestSummary>) => {
    const s = await p;
    log(
      `${label}: batch ${s.batchId} ${s.status}, inserted ${s.inserted}, rejected ${s.rejected}, warned ${s.warned}`,
    );
    summaries.push(s);
  };
  await run(
    'registration (zhejiang-warehouse)',
    ingest(rt, {
      actor,
      item: 'REGISTRATION',
      profile: 'zhejiang-warehouse',
      source: {
        kind: 'file',
        path: SAMPLE_REGISTRATION_FILE,
        fileName: path.basename(SAMPLE_REGISTRATION_FILE),
      },
      origin: 'sample',
    }),
  );

  const subjects = readSampleSubjects().filter((s) => s.uscc !== '');
  const providers = SAMPLE_PROVIDERS.map((p) => ({
    code: p.code,
    name: p.name,
    uscc: p.uscc ?? '',
    sector: p.sector,
  }));
  const rng = createRng(SEED);
  const today = rt.clock().toISOString().slice(0, 10);
  const byProvider = (rows: GeneratedRow[]) => {
    const m = new Map<string, Record<string, string>[]>();
    for (const r of rows) m.set(r.provider, [...(m.get(r.provider) ?? []), r.row]);
    return m;
  };
  for (const [provider, rows] of byProvider(
    generateLicences(rng, subjects, providers, 400, { from: '2019-01-01', to: today }),
  )) {
    await run(
      `licences ${provider}`,
      ingest(rt, { actor, item: 'XZXK', provider, source: { kind: 'rows', rows }, origin: 'sample' }),
    );
  }
  for (const [provider, rows] of byProvider(
    generatePenalties(rng, subjects, providers, 600, {
      from: '2019-01-01',
      to: today,
      naturalPersonShare: 0.08,
    }),
  )) {
    await run(
      `penalties ${provider}`,
      ingest(rt, { actor, item: 'XZCF', provider, source: { kind: 'rows', rows }, origin: 'sample' }),
    );
  }

  const more = new Map<string, { item: string; provider: string; rows: Record<string, string>[] }>();
  for (const g of generateListsAndMore(rng, subjects, { from: '2023-01-01', to: today })) {
    const key = `${g.item}|${g.provider}`;
    const entry = more.get(key) ?? { item: g.item, provider: g.provider, rows: [] };
    entry.rows.push(g.row);
    more.set(key, entry);
  }
  for (const { item, provider, rows } of more.values()) {
    await run(
      `${item} ${provider}`,
      ingest(rt, { actor, item, provider, source: { kind: 'rows', rows }, origin: 'sample' }),
    );
  }

  await inTransaction(rt.db, async (tx) => {
    await tx
      .insertInto('app_meta')
      .values({
        key: META_KEY,
        value: JSON.stringify({ seed: SEED, batches: summaries.map((s) => s.batchId) }),
        updated_at: rt.clock().toISOString(),
      })
      .execute();
  });
  // a first evaluation, so grades and the dashboard's grade distribution are there from the first start
  // (afterwards the on-change job keeps them current)
  const evaluation = await runEvaluation(rt, actor, {});
  log(
    `evaluation: run ${evaluation.runId}, ${evaluation.subjectsEvaluated} subjects evaluated as of ${evaluation.asOfDate}`,
  );
  return summaries;
}
