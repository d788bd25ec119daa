import type { Queryable } from '../../platform/db/database.js';
import { shanghaiDate } from '../../standards/calendar-date.js';
import { maskName } from '../../standards/mask.js';
import { getItemVersion } from '../catalog/catalog.service.js';
import { getProviderById } from '../providers/provider.service.js';
import { publiclyVisible } from './record-view.js';

export interface FeedEntry {
  readonly recordId: number;
  readonly item: string;
  readonly itemName: string;
  readonly subject: { readonly id: number; readonly name: string; readonly uscc: string | null };
  readonly documentNumber: string | null;
  readonly title: string | null;
  readonly decisionDate: string | null;
  readonly provider: string;
}

/**
 * The newest records of one item currently in the public view (the portal's 双公示, 红名单 and 黑名单 columns),
 * newest decision first. Natural persons appear with masked names.
 */
export async function latestPublicRecords(
  db: Queryable,
  item: string,
  limit: number,
  now: Date,
): Promise<FeedEntry[]> {
  const date = shanghaiDate(now);
  const rows = await db
    .selectFrom('record as r')
    .innerJoin('subject as s', 's.id', 'r.subject_id')
    .select([
      'r.id',
      'r.item_id',
      'r.item_code',
      'r.fields',
      'r.decision_date',
      'r.provider_id',
      'r.status',
      'r.published',
      'r.disclosure',
      'r.publicity_start',
      'r.publicity_end',
      's.id as subject_id',
      's.name',
      's.kind',
      's.uscc',
    ])
    .where('r.item_code', '=', item.toUpperCase())
    .where('r.is_current', '=', 1)
    .where('r.status', '=', 'active')
    .where('r.published', '=', 1)
    .where('r.disclosure', '=', 'public')
    .where('r.publicity_start', '<=', date)
    .orderBy('r.publicity_start', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit * 3)
    .execute();
  const out: FeedEntry[] = [];
  for (const r of rows) {
    if (!publiclyVisible(r, date)) continue;
    const spec = (await getItemVersion(db, r.item_id)).spec;
    const fields = JSON.parse(r.fields) as Record<string, unknown>;
    const docField = spec.fields.find((f) => f.role === 'document_number')?.code;
    const titleField = spec.fields.find(
      (f) =>
        f.code.endsWith('_XKWS') ||
        f.code.endsWith('_WFXW') ||
        f.code.endsWith('_LRYY') ||
        f.code.endsWith('_LX'),
    )?.code;
    out.push({
      recordId: r.id,
      item: r.item_code,
      itemName: spec.name,
      subject: {
        id: r.subject_id,
        name: r.kind === 'natural_person' ? maskName(r.name) : r.name,
        uscc: r.uscc,
      },
      documentNumber: docField === undefined ? null : ((fields[docField] as string | undefined) ?? null),
      title: titleField === undefined ? null : ((fields[titleField] as string | undefined) ?? null),
      decisionDate: r.decision_date,
      provider: (await getProviderById(db, r.provider_id)).name,
    });
    if (out.length >= limit) break;
  }
  return out;
}
