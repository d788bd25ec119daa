import type { Actor } from '../../platform/actor.js';
import { notFound } from '../../platform/errors.js';
import { shanghaiDate } from '../../standards/calendar-date.js';
import { logAccess } from '../access/access-log.service.js';
import { getItemVersion } from '../catalog/catalog.service.js';
import { getProviderById } from '../providers/provider.service.js';
import { computePublicity, type PublicityWindow } from '../publicity/compute-publicity.js';
import { getSubjectById } from '../subjects/subject.service.js';
import {
  type CreditFileDeps,
  defaultPurpose,
  resolveView,
  type SubjectView,
  shapeRecords,
  subjectView,
} from './credit-file.service.js';
import { findChain, findRecordById } from './record.repository.js';
import { type RecordView, type ViewKind, visibleIn } from './record-view.js';

export interface PublicityExplanation {
  readonly severity: string | null;
  readonly published: boolean;
  readonly start: string | null;
  readonly end: string | null;
  readonly earliestRepair: string | null;
  readonly ruleSetId: string | null;
  readonly citation: string | null;
  readonly steps: string[];
}

export interface RecordDetail {
  readonly record: RecordView;
  readonly subject: SubjectView;
  readonly view: ViewKind;
  readonly publicity: PublicityExplanation;
  /** Earlier and later versions of the same record visible in this view, oldest first. */
  readonly history: RecordView[];
}

/** Recomputes the publicity decision of a record with its explanation (what `publicity explain` prints). */
export async function explainPublicity(
  deps: CreditFileDeps,
  recordId: number,
): Promise<PublicityExplanation> {
  const r = await findRecordById(deps.db, recordId);
  if (r === undefined) throw notFound(`记录 ${recordId}`);
  const item = await getItemVersion(deps.db, r.item_id);
  if (item.spec.publicity !== 'rules' || r.decision_date === null) {
    return {
      severity: r.severity,
      published: r.published === 1,
      start: r.publicity_start,
      end: r.publicity_end,
      earliestRepair: r.earliest_repair,
      ruleSetId: r.publicity_rule,
      citation: null,
      steps: [
        item.spec.publicity === 'effective_period'
          ? `${item.spec.name}：在有效期内公示${r.effective_to === null ? '（长期有效）' : `，至 ${r.effective_to} 止`}`
          : `${item.spec.name}：作为当前有效的记录持续公示`,
      ],
    };
  }
  const provider = await getProviderById(deps.db, r.provider_id);
  const fields = JSON.parse(r.fields) as Record<string, unknown>;
  const role = (name: string) => item.spec.fields.find((f) => f.role === name)?.code;
  const types = role('penalty_types');
  const fine = role('fine_amount');
  const procedure = role('procedure');
  const supplied = role('severity');
  const w: PublicityWindow = computePublicity({
    decisionDate: r.decision_date,
    sector: provider.sector,
    penaltyTypes:
      types === undefined || typeof fields[types] !== 'string' ? [] : String(fields[types]).split(';'),
    fineWan: fine === undefined || typeof fields[fine] !== 'string' ? null : String(fields[fine]),
    simpleProcedure: procedure !== undefined && fields[procedure] === true,
    suppliedSeverity:
      supplied === undefined
        ? null
        : ((fields[supplied] as 'minor' | 'general' | 'serious' | undefined) ?? null),
  });
  return {
    severity: w.severity,
    published: w.published,
    start: w.start,
    end: w.end,
    earliestRepair: w.earliestRepair,
    ruleSetId: w.ruleSetId,
    citation: w.citation,
    steps: [...w.explanation],
  };
}

/**
 * One record version with its publicity computation (class, start, earliest repair, end, rule, citation) and
 * the versions of the same record the reader may see. A version outside the reader's view is reported as not
 * found, so its existence does not leak.
 */
export async function getRecordDetail(
  deps: CreditFileDeps,
  actor: Actor,
  recordId: number,
  purpose?: string,
): Promise<RecordDetail> {
  const r = await findRecordById(deps.db, recordId);
  if (r === undefined) throw notFound(`记录 ${recordId}`);
  const subject = await getSubjectById(deps.db, r.subject_id);
  const { view, authorisation } = await resolveView(deps.db, actor, subject, deps.clock());
  const date = shanghaiDate(deps.clock());
  const providerId = actor.kind === 'user' || actor.kind === 'client' ? actor.scope.providerId : undefined;
  // The public sees only the current, published version; other views see every version their rules allow.
  const inView = (x: typeof r) =>
    view === 'public' ? x.is_current === 1 && visibleIn(view, x, date) : visibleIn(view, x, date, providerId);
  if (!inView(r)) throw notFound(`记录 ${recordId}`);
  if (view !== 'public' && view !== 'subject') {
    await logAccess(
      deps.db,
      actor,
      {
        subjectId: subject.id,
        resource: `record:${r.id}`,
        purpose: purpose ?? authorisation?.purpose ?? defaultPurpose(view),
        legalBasis: authorisation === null ? '依法履行职责' : '信息主体书面授权',
        authorisationId: authorisation?.id ?? null,
      },
      deps.clock(),
    );
  }
  const chain = (await findChain(deps.db, r)).filter((x) => x.id !== r.id && inView(x));
  const [record] = await shapeRecords(deps, [r], view, subject, date, providerId);
  if (record === undefined) throw notFound(`记录 ${recordId}`);
  return {
    record,
    subject: subjectView(subject, view, deps.protector),
    view,
    publicity: await explainPublicity(deps, r.id),
    history: await shapeRecords(deps, chain, view, subject, date, providerId),
  };
}
