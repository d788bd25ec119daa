import { type Actor, actorLabel } from '../../platform/actor.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import type { Db, Queryable, Tx } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError, type IssueDetail, notFound, validationFailed } from '../../platform/errors.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import { getCurrentItem } from '../catalog/catalog.service.js';
import type { EvaluationModelDefinition } from './evaluation-model.types.js';
import {
  findDefaultModel,
  findLatestModel,
  findModelById,
  findModels,
  findModelVersion,
  insertModel,
  type ModelRow,
  makeDefaultModel,
} from './model.repository.js';
import { isPoints, parsePoints } from './points.js';
import { type CompiledModel, compileModel } from './score-subject.js';
import { DEFAULT_MODEL, SHIPPED_MODELS } from './shipped-models.js';

/** One stored model version as services and routes see it. */
export interface EvaluationModel {
  readonly id: number;
  readonly code: string;
  readonly version: number;
  readonly name: string;
  readonly origin: 'shipped' | 'custom';
  readonly status: 'active' | 'retired';
  readonly isDefault: boolean;
  readonly digest: string;
  readonly definition: EvaluationModelDefinition;
  readonly createdAt: string;
  readonly createdBy: string;
}

function toModel(r: ModelRow): EvaluationModel {
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    name: r.name,
    origin: r.origin,
    status: r.status,
    isDefault: r.is_default === 1,
    digest: r.digest,
    definition: JSON.parse(r.definition) as EvaluationModelDefinition,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

/** SM3 over the canonical JSON of a model definition. */
export function modelDigest(definition: EvaluationModelDefinition): string {
  return sm3Hex(canonicalJson(definition));
}

const compiled = new Map<string, CompiledModel>();

/** The model prepared for scoring (cached by digest: stored versions never change). */
export function compiledModel(model: EvaluationModel): CompiledModel {
  let c = compiled.get(model.digest);
  if (c === undefined) {
    c = compileModel(model.definition);
    if (compiled.size > 64) compiled.clear();
    compiled.set(model.digest, c);
  }
  return c;
}

const synced = new WeakMap<object, true>();

/**
 * Stores the shipped models (shipped-models.ts) that are missing or changed, as new versions, inside `tx`: the
 * first shipped model becomes the default when none is. A model an administrator has versioned since is left
 * alone. Idempotent.
 */
export async function syncShippedModels(tx: Tx, at: Date): Promise<void> {
  const hasDefault = (await findDefaultModel(tx)) !== undefined;
  for (const def of SHIPPED_MODELS) {
    const digest = modelDigest(def);
    const latest = await findLatestModel(tx, def.code);
    if (latest !== undefined && (latest.digest === digest || latest.origin === 'custom')) continue;
    const row = await insertModel(tx, {
      code: def.code,
      version: (latest?.version ?? 0) + 1,
      name: def.name,
      origin: 'shipped',
      definition: JSON.stringify(def),
      digest,
      status: 'active',
      is_default: 0,
      created_at: at.toISOString(),
      created_by: 'system:shipped',
    });
    if ((!hasDefault && def.code === DEFAULT_MODEL.code) || latest?.is_default === 1)
      await makeDefaultModel(tx, row.id);
    await appendAudit(
      tx,
      [
        {
          actor: 'system:shipped',
          action: 'evaluation_model.created',
          entityType: 'evaluation_model',
          entityId: row.id,
          payload: { code: row.code, version: row.version, digest, origin: 'shipped' },
        },
      ],
      at,
    );
  }
}

/**
 * Makes sure the shipped models are stored (once per process and database; `prepareDatabase` may call
 * {@link syncShippedModels} instead).
 */
export async function ensureShippedModels(db: Db, at: Date): Promise<void> {
  const key = db.getExecutor().adapter as object;
  if (synced.has(key)) return;
  const rows = await findModels(db);
  const missing = SHIPPED_MODELS.some((def) => {
    const digest = modelDigest(def);
    const versions = rows.filter((r) => r.code === def.code);
    const latest = versions[versions.length - 1];
    return latest === undefined || (latest.digest !== digest && latest.origin === 'shipped');
  });
  if (missing || !rows.some((r) => r.is_default === 1))
    await inTransaction(db, (tx) => syncShippedModels(tx, at));
  synced.set(key, true);
}

/** Every stored model version (public: the methodology is published). */
export async function listModels(db: Queryable, actor: Actor): Promise<EvaluationModel[]> {
  authorize(actor, 'evaluation_model.read');
  return (await findModels(db)).map(toModel);
}

/** @throws AppError not_found */
export async function getModel(db: Queryable, actor: Actor, id: number): Promise<EvaluationModel> {
  authorize(actor, 'evaluation_model.read');
  const r = await findModelById(db, id);
  if (r === undefined) throw notFound(`评价模型 ${id}`);
  return toModel(r);
}

/**
 * A model version by reference: undefined = the default model; `CODE` = its latest active version;
 * `CODE@VERSION` = that version; a bare number = the version with that id.
 * @throws AppError not_found, bad_request (malformed reference)
 */
export async function resolveModel(db: Queryable, ref?: string): Promise<EvaluationModel> {
  let row: ModelRow | undefined;
  if (ref === undefined || ref === '') {
    row = await findDefaultModel(db);
    if (row === undefined) throw new AppError('not_found', '尚未设置默认评价模型');
  } else if (/^\d+$/.test(ref)) {
    row = await findModelById(db, Number(ref));
  } else {
    const m = /^([a-z0-9][a-z0-9-]{0,63})(?:@(\d+))?$/.exec(ref);
    if (m === null)
      throw new AppError('bad_request', `评价模型 ${ref} 的写法不对：应为 代码、代码@版本 或 编号`);
    row =
      m[2] === undefined
        ? await findLatestModel(db, m[1] as string)
        : await findModelVersion(db, m[1] as string, Number(m[2]));
  }
  if (row === undefined) throw notFound(`评价模型 ${ref}`);
  return toModel(row);
}

/**
 * Checks a definition beyond its schema: codes, points (≤ 2 decimals), caps, decay steps, grade bands (strictly
 * descending, the last open-ended), multipliers, catalog items and fields that exist and can be matched, and the
 * PIPL art. 55 assessment when natural persons are in scope.
 */
export async function checkModelDefinition(
  db: Queryable,
  def: EvaluationModelDefinition,
): Promise<IssueDetail[]> {
  const issues: IssueDetail[] = [];
  const bad = (field: string, code: string, message: string) => issues.push({ field, code, message });
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(def.code))
    bad('code', 'format', `模型代码 ${def.code} 只能由小写字母、数字和 - 组成`);
  if (!isPoints(def.baseScore)) bad('baseScore', 'format', `基础分 ${def.baseScore} 应为最多 2 位小数的数`);
  if (def.subjectKinds.length === 0) bad('subjectKinds', 'required', '至少需要一种主体类别');
  if (def.subjectKinds.includes('natural_person') && (def.personalInformationAssessment ?? '').trim() === '')
    bad(
      'personalInformationAssessment',
      'required',
      '自然人纳入评价前须完成个人信息保护影响评估（个人信息保护法第五十五条），请填写评估报告编号',
    );
  const codes = new Set<string>();
  for (const [k, g] of def.grades.entries()) {
    const f = `grades.${k}`;
    if (!/^[A-Z][A-Z+-]{0,3}$/.test(g.code))
      bad(`${f}.code`, 'format', `等级代码 ${g.code} 格式不对，应如 A+、B、C-`);
    if (codes.has(g.code)) bad(`${f}.code`, 'duplicate', `等级 ${g.code} 重复出现`);
    codes.add(g.code);
    const last = k === def.grades.length - 1;
    if (last !== (g.minScore === null))
      bad(`${f}.minScore`, 'bands', `等级 ${g.code}：只有最后一个（最差的）等级没有最低分，且必须没有`);
    if (g.minScore !== null && !isPoints(g.minScore))
      bad(`${f}.minScore`, 'format', `等级 ${g.code} 的最低分 ${g.minScore} 应为最多 2 位小数的数`);
    const prev = def.grades[k - 1]?.minScore;
    if (
      k > 0 &&
      g.minScore !== null &&
      prev !== null &&
      prev !== undefined &&
      isPoints(prev) &&
      isPoints(g.minScore)
    ) {
      if (parsePoints(g.minScore) >= parsePoints(prev))
        bad(
          `${f}.minScore`,
          'bands',
          `等级 ${g.code} 的最低分 ${g.minScore} 应低于上一等级的 ${prev}（须严格递减）`,
        );
    }
  }
  if (def.grades.length < 2) bad('grades', 'bands', '至少需要两个等级');
  for (const [key, value] of Object.entries(def.inspectionMultipliers)) {
    if (key !== 'unrated' && !codes.has(key))
      bad(`inspectionMultipliers.${key}`, 'unknown', `没有等级 ${key}`);
    if (!/^\d{1,4}(\.\d{1,6})?$/.test(value))
      bad(`inspectionMultipliers.${key}`, 'format', `抽查倍数 ${value} 应为非负小数，最多 6 位小数`);
  }
  const indicatorCodes = new Set<string>();
  for (const [k, ind] of def.indicators.entries()) {
    const f = `indicators.${k}`;
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(ind.code))
      bad(`${f}.code`, 'format', `指标代码 ${ind.code} 只能由小写字母开头的小写字母、数字和 _ 组成`);
    if (indicatorCodes.has(ind.code)) bad(`${f}.code`, 'duplicate', `指标 ${ind.code} 重复出现`);
    indicatorCodes.add(ind.code);
    if (!isPoints(ind.points))
      bad(`${f}.points`, 'format', `指标 ${ind.code} 的分值 ${ind.points} 应为最多 2 位小数的数`);
    if (ind.cap !== undefined && ind.cap !== null && (!isPoints(ind.cap) || ind.cap.startsWith('-')))
      bad(`${f}.cap`, 'format', `指标 ${ind.code} 的上限 ${ind.cap} 应为非负数，最多 2 位小数`);
    let prevYears = 0;
    for (const [j, d] of (ind.decay ?? []).entries()) {
      if (!Number.isInteger(d.withinYears) || d.withinYears <= prevYears || d.withinYears > 50)
        bad(
          `${f}.decay.${j}.withinYears`,
          'format',
          `指标 ${ind.code} 的衰减年限 ${d.withinYears} 应为 1–50 的整数年，且严格递增`,
        );
      if (!Number.isInteger(d.percent) || d.percent < 0 || d.percent > 100)
        bad(
          `${f}.decay.${j}.percent`,
          'format',
          `指标 ${ind.code} 的衰减比例 ${d.percent} 应为 0–100 的整数`,
        );
      prevYears = d.withinYears;
    }
    let spec: Awaited<ReturnType<typeof getCurrentItem>>['spec'] | undefined;
    try {
      spec = (await getCurrentItem(db, ind.match.item)).spec;
    } catch {
      bad(`${f}.match.item`, 'unknown', `信息项 ${ind.match.item} 不存在`);
      continue;
    }
    if (ind.match.item !== spec.code) bad(`${f}.match.item`, 'format', `信息项代码请写作 ${spec.code}`);
    for (const [j, cond] of (ind.match.fields ?? []).entries()) {
      const field = spec.fields.find((x) => x.code === cond.field);
      if (field === undefined)
        bad(`${f}.match.fields.${j}.field`, 'unknown', `${spec.code} 没有数据项 ${cond.field}`);
      else if (!['text', 'enum', 'integer', 'decimal', 'date'].includes(field.type))
        bad(
          `${f}.match.fields.${j}.field`,
          'type',
          `${field.label}(${cond.field}) 的类型为 ${field.type}，不能按值匹配`,
        );
      else if (field.disclosure === 'government' || field.personal !== undefined)
        bad(
          `${f}.match.fields.${j}.field`,
          'sensitive',
          `${field.label}(${cond.field}) 是敏感数据项，信用评价不读取`,
        );
      else if (field.type === 'enum') {
        const allowed = new Set((field.enum ?? []).map((o) => o.value));
        for (const v of cond.in)
          if (!allowed.has(v))
            bad(`${f}.match.fields.${j}.in`, 'unknown', `${field.label}(${cond.field}) 没有可选值 ${v}`);
      }
    }
  }
  return issues;
}

/**
 * Stores a new version of a model (version 1 of a new code), administrators only; `makeDefault` makes it the
 * platform's default. Audited.
 * @throws AppError forbidden, validation_failed (every problem named)
 */
export async function createModelVersion(
  tx: Tx,
  actor: Actor,
  definition: EvaluationModelDefinition,
  options: { makeDefault?: boolean },
  at: Date,
): Promise<EvaluationModel> {
  authorize(actor, 'evaluation_model.manage');
  const issues = await checkModelDefinition(tx, definition);
  if (issues.length > 0) throw validationFailed(issues, { fields: true });
  const latest = await findLatestModel(tx, definition.code);
  const digest = modelDigest(definition);
  const row = await insertModel(tx, {
    code: definition.code,
    version: (latest?.version ?? 0) + 1,
    name: definition.name,
    origin: 'custom',
    definition: JSON.stringify(definition),
    digest,
    status: 'active',
    is_default: 0,
    created_at: at.toISOString(),
    created_by: actorLabel(actor),
  });
  if (options.makeDefault === true) await makeDefaultModel(tx, row.id);
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'evaluation_model.created',
        entityType: 'evaluation_model',
        entityId: row.id,
        payload: { code: row.code, version: row.version, digest, makeDefault: options.makeDefault === true },
      },
    ],
    at,
  );
  return toModel({ ...row, is_default: options.makeDefault === true ? 1 : 0 });
}
