/** Chinese labels for the API's enum values (GLOSSARY.md). */

export const ROLE_LABELS: Readonly<Record<string, string>> = {
  platform_admin: '信用中心管理员',
  provider_operator: '信息提供单位经办人',
  provider_reviewer: '信息提供单位审核人',
  credit_user: '信用应用单位',
  regulator: '监管部门',
  subject_user: '信用主体用户',
};

export const SUBJECT_KIND_LABELS: Readonly<Record<string, string>> = {
  legal_entity: '法人及非法人组织',
  individual_business: '个体工商户',
  natural_person: '自然人',
};

export const MATCH_LABELS: Readonly<Record<string, { text: string; color: string }>> = {
  code: { text: '代码精确匹配', color: 'green' },
  exact: { text: '名称完全一致', color: 'green' },
  prefix: { text: '名称前缀匹配', color: 'blue' },
  contains: { text: '名称包含', color: 'default' },
};

export const RECORD_STATUS_LABELS: Readonly<Record<string, { text: string; color: string }>> = {
  active: { text: '有效', color: 'green' },
  revoked: { text: '已撤销', color: 'default' },
  repaired: { text: '已信用修复', color: 'cyan' },
  removed: { text: '已移出', color: 'default' },
};

export const SEVERITY_LABELS: Readonly<Record<string, string>> = {
  minor: '轻微失信',
  general: '一般失信',
  serious: '严重失信',
};

export const BATCH_STATUS_LABELS: Readonly<Record<string, { text: string; color: string }>> = {
  queued: { text: '排队中', color: 'default' },
  applying: { text: '处理中', color: 'processing' },
  completed: { text: '已完成', color: 'success' },
  failed: { text: '失败', color: 'error' },
  interrupted: { text: '已中断', color: 'warning' },
  dry_run: { text: '试校验', color: 'default' },
};

export const BATCH_SOURCE_LABELS: Readonly<Record<string, string>> = {
  file: '文件上传',
  api: '接口推送',
  form: '在线填报',
  sample: '示例数据',
};

export const ISSUE_SEVERITY_LABELS: Readonly<Record<string, { text: string; color: string }>> = {
  error: { text: '错误（拒收）', color: 'red' },
  warning: { text: '警告（已接收）', color: 'orange' },
};

export const POLARITY_LABELS: Readonly<Record<string, string>> = {
  positive: '正面',
  neutral: '中性',
  negative: '负面',
};

export const DISCLOSURE_LABELS: Readonly<Record<string, string>> = {
  public: '社会公开',
  authorised: '授权查询',
  government: '政务共享',
};

export const VIEW_LABELS: Readonly<Record<string, string>> = {
  public: '社会公众视图',
  authorised: '授权查询视图',
  provider: '信息提供单位视图',
  subject: '信用主体本人视图',
  full: '信用中心完整视图',
};

/** Sectors (行业领域) of providers (providers/provider.service.ts PROVIDER_SECTORS). */
export const SECTOR_LABELS: Readonly<Record<string, string>> = {
  market_regulation: '市场监管',
  special_equipment: '特种设备安全监管',
  emergency_management: '应急管理（安全生产）',
  fire_rescue: '消防救援',
  ecology_environment: '生态环境',
  transport: '交通运输',
  housing_construction: '住房和城乡建设',
  taxation: '税务',
  human_resources: '人力资源和社会保障',
  culture_tourism: '文化和旅游',
  health: '卫生健康',
  courts: '人民法院',
  development_reform: '发展改革（信用）',
  general: '其他',
};

/** Label of an enum value, or the value itself when unknown. */
export function labelOf(map: Readonly<Record<string, string>>, key: string | null | undefined): string {
  if (key === null || key === undefined) return '—';
  return map[key] ?? key;
}
