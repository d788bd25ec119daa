import { Type } from 'typebox';
import { Instant, Pagination, Strict, StringEnum } from '../../platform/http/schema.js';

export const BatchCountsSchema = Type.Object({
  read: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  warned: Type.Integer(),
});

export const BatchView = Type.Object({
  id: Type.Integer(),
  provider: Type.Object({ code: Type.String(), name: Type.String() }),
  item: Type.String(),
  itemVersion: Type.Integer(),
  source: StringEnum(['file', 'api', 'form', 'sample'] as const),
  fileName: Type.Union([Type.String(), Type.Null()]),
  fileDigest: Type.Union([Type.String(), Type.Null()], { description: 'SM3 of the submitted bytes' }),
  encoding: Type.Union([Type.String(), Type.Null()]),
  profile: Type.Union([Type.String(), Type.Null()]),
  status: StringEnum(['queued', 'applying', 'completed', 'failed', 'interrupted', 'dry_run'] as const, {
    description: 'queued (排队中): waiting for an ingest slot (XINYONG_INGEST_CONCURRENCY…)',
  }),
  counts: BatchCountsSchema,
  lastRow: Type.Integer({ description: 'highest source row whose outcome is committed' }),
  message: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(),
  createdByName: Type.String({ description: '报送人' }),
  startedAt: Instant,
  finishedAt: Type.Union([Instant, Type.Null()]),
  issueSummary: Type.Array(
    Type.Object({ code: Type.String(), severity: Type.String(), count: Type.Integer() }),
  ),
});

export const IssueView = Type.Object({
  row: Type.Integer(),
  field: Type.Union([Type.String(), Type.Null()]),
  severity: StringEnum(['error', 'warning'] as const),
  code: Type.String(),
  message: Type.String(),
  rawValue: Type.Union([Type.String(), Type.Null()], { description: 'as submitted; masked when personal' }),
});

export const BatchListQuery = Strict({
  provider: Type.Optional(Type.String()),
  ...Pagination,
});

export const IssueQuery = Strict({
  severity: Type.Optional(StringEnum(['error', 'warning'] as const)),
  code: Type.Optional(Type.String({ maxLength: 64 })),
  ...Pagination,
});

/** JSON push: rows keyed by field code (or label), as a department system sends them. */
export const JsonBatchBody = Strict({
  item: Type.String({ minLength: 2, maxLength: 40 }),
  provider: Type.Optional(Type.String()),
  profile: Type.Optional(Type.String()),
  dryRun: Type.Optional(Type.Boolean()),
  rows: Type.Array(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
    {
      minItems: 1,
      maxItems: 10000,
    },
  ),
});

export const UploadQuery = Strict({
  wait: Type.Optional(
    Type.Boolean({ description: 'answer only when the batch is finished (default for JSON pushes)' }),
  ),
});

export const BatchAccepted = Type.Object({
  batchId: Type.Integer(),
  status: StringEnum(['queued', 'applying'] as const),
  location: Type.String(),
});
