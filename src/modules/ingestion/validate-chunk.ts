import type { IssueDetail } from '../../platform/errors.js';
import type { CatalogItemVersion } from '../catalog/catalog.service.js';
import type { RawValue } from '../catalog/values/raw-value.js';
import type { compileRowValidator, ValidatedRow } from '../catalog/values/validate-row.js';
import { SUBJECT_KIND_LABELS } from '../subjects/subject.service.js';
import { applyTransform } from './apply-transform.js';
import { maskRaw, safeMessage } from './issue-messages.js';
import { type CellContext, prepareCells } from './row-cells.js';
import type { SourceRow } from './sources/tabular-source.js';

export type RowIssue = IssueDetail & { raw?: string | null };

/** A chunk's rows after validation: the valid ones, and the first issue of each rejected row. */
export interface ValidatedChunk {
  /** First issue per rejected row, by row number. */
  readonly rejected: Map<number, RowIssue>;
  /** Every error found, with the raw value masked where the field is personal. */
  readonly errorIssues: RowIssue[];
  readonly valid: { readonly row: number; readonly v: ValidatedRow }[];
}

/**
 * Validates a chunk of source rows (records.validate in the main flow): reader problems, cell preparation (mapped
 * columns, transforms, undecodable characters), the item's field rules, and whether the row names a subject of a
 * kind the item accepts. Issue messages about personal fields never quote the value.
 */
export function validateChunk(
  rows: readonly SourceRow[],
  ctx: {
    readonly cells: CellContext;
    readonly validate: ReturnType<typeof compileRowValidator>;
    readonly item: CatalogItemVersion;
  },
): ValidatedChunk {
  const rejected = new Map<number, IssueDetail & { raw?: string | null }>();
  const errorIssues: (IssueDetail & { raw?: string | null })[] = [];
  const valid: { row: number; v: ValidatedRow }[] = [];
  for (const r of rows) {
    if (r.problem !== undefined) {
      const e = { row: r.row, code: r.problem.code, message: r.problem.message };
      errorIssues.push(e);
      rejected.set(r.row, e);
      continue;
    }
    const prepared = prepareCells(r, ctx.cells);
    if (prepared.errors.length > 0) {
      errorIssues.push(...prepared.errors);
      rejected.set(r.row, prepared.errors[0] as IssueDetail);
      continue;
    }
    const raw: Record<string, RawValue> = {};
    const rawByField = new Map<string, RawValue>();
    for (const c of ctx.cells.mapping.columns) {
      const cell = prepared.cells[c.index] ?? null;
      rawByField.set(c.field.code, cell);
      raw[c.field.code] = c.transform === undefined ? cell : applyTransform(cell, c.transform);
    }
    const v = ctx.validate(raw, r.row);
    let errors = v.errors;
    if (errors.length === 0 && v.kind === null) {
      errors = [
        {
          row: r.row,
          code: 'subject_unidentified',
          message: '无法确定记录所涉的信用主体：请填写统一社会信用代码、证件号码或行政相对人类别',
        },
      ];
    } else if (errors.length === 0 && v.kind !== null && !ctx.item.spec.subjectKinds.includes(v.kind)) {
      errors = [
        {
          row: r.row,
          code: 'kind_not_allowed',
          message: `${ctx.item.spec.name}（${ctx.item.code}）不接收${SUBJECT_KIND_LABELS[v.kind]}的记录`,
        },
      ];
    }
    if (errors.length > 0) {
      for (const e of errors)
        errorIssues.push({
          ...e,
          message: safeMessage(e, e.field === undefined ? undefined : ctx.cells.fieldsByCode.get(e.field)),
          raw:
            e.field === undefined
              ? null
              : maskRaw(ctx.cells.fieldsByCode.get(e.field), rawByField.get(e.field) ?? null),
        });
      rejected.set(r.row, errors[0] as IssueDetail);
      continue;
    }
    valid.push({ row: r.row, v });
  }
  return { rejected, errorIssues, valid };
}
