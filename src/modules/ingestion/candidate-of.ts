import type { ValidatedRow } from '../catalog/values/validate-row.js';
import type { SubjectCandidate } from '../subjects/resolve-subjects.service.js';

/**
 * The subject a validated row is about, as the subject registry resolves it: the fields playing the subject roles
 * (name, codes, id document, region, status). `authoritative` rows (registration) may update the registry.
 */
export function candidateOf(
  row: number,
  v: ValidatedRow,
  roles: ReadonlyMap<string, string>,
  authoritative: boolean,
): SubjectCandidate {
  const get = (role: string) => {
    const code = roles.get(role);
    const value = code === undefined ? null : v.values[code];
    return typeof value === 'string' ? value : null;
  };
  const idType = get('subject_id_type');
  const id = get('subject_id_number');
  // Natural persons are identified by their id document: the resident id itself, or `type:number` for others.
  const document = id === null ? null : idType === null || idType === '身份证' ? id : `${idType}:${id}`;
  return {
    row,
    kind: v.kind ?? 'legal_entity',
    name: get('subject_name') ?? '',
    uscc: get('subject_uscc'),
    regNo: get('subject_reg_no'),
    orgCode: get('subject_org_code'),
    ric: v.kind === 'natural_person' ? document : null,
    regionCode: get('subject_region'),
    regStatus: get('subject_status'),
    authoritative,
  };
}
