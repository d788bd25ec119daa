import { useQuery } from '@tanstack/react-query';
import { api, type GetResponse, unwrap } from '../../../lib/api';

export type CatalogEntry = GetResponse<'/api/v1/catalog'>[number];
export type CatalogItem = GetResponse<'/api/v1/catalog/{item}'>;
export type ItemSpec = CatalogItem['spec'];

export function useCatalog() {
  return useQuery({
    queryKey: ['catalog'],
    queryFn: async () => unwrap(await api.GET('/api/v1/catalog')),
    staleTime: 5 * 60_000,
  });
}

export function useCatalogItem(item: string | undefined) {
  return useQuery({
    queryKey: ['catalog', item],
    enabled: item !== undefined && item !== '',
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/catalog/{item}', { params: { path: { item: item ?? '' } } })),
    staleTime: 5 * 60_000,
  });
}

/** Field code → label of one item (for issue reports that name fields by code). */
export function fieldLabels(item: CatalogItem | undefined): Map<string, string> {
  return new Map((item?.spec.fields ?? []).map((f) => [f.code, f.label]));
}

export const NATIONAL_CLASS_LABELS: Readonly<Record<string, string>> = {
  registration: '登记注册基本信息',
  judicial: '司法裁判及执行信息',
  administrative_management: '行政管理信息',
  qualification: '职业资格信息',
  abnormal_operations: '经营（活动）异常名录（状态）信息',
  serious_untrustworthy: '严重失信主体名单信息',
  contract_performance: '合同履行信息',
  commitment: '信用承诺及履约情况信息',
  evaluation: '信用评价结果信息',
  honours: '表彰奖励信息',
  voluntary: '自愿提供的信用信息',
  law_compliance: '遵守法律法规情况信息',
  intellectual_property: '知识产权信息',
};

export const FIELD_TYPE_LABELS: Readonly<Record<string, string>> = {
  text: '文本',
  date: '日期',
  decimal: '数值（小数）',
  integer: '整数',
  enum: '代码值',
  uscc: '统一社会信用代码',
  org_code: '组织机构代码',
  reg_no: '工商注册号',
  resident_id: '居民身份证号码',
  region_code: '行政区划代码',
  boolean: '是/否',
};
