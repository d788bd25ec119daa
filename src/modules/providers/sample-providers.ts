import type { ProviderInput } from './provider.service.js';

/**
 * Providers the shipped sample data needs (the real Ningbo registration extract and the generated licence and
 * penalty batches for its subjects). Synced when XINYONG_SAMPLE_DATA is on. Their codes are synthetic but
 * checksum-valid unified social credit codes (organisation body MB1A000n), not the departments' real codes.
 * Sectors are chosen so the sample covers every publicity regime: SAMR Order 45 (market regulation), the Order 58
 * special minimum (special equipment, safety, fire) and the ordinary NDRC rule sets.
 */
export const SAMPLE_PROVIDERS: readonly ProviderInput[] = [
  {
    code: 'zj-nb-amr',
    name: '宁波市市场监督管理局（示例）',
    uscc: '11330200MB1A0001XN',
    regionCode: '330200',
    sector: 'market_regulation',
    items: [
      'REGISTRATION',
      'XZXK',
      'XZCF',
      'XZJC',
      'ABNORMAL_LIST',
      'SERIOUS_LIST',
      'CREDIT_COMMITMENT',
      'COMMITMENT_BREACH',
    ],
  },
  {
    code: 'zj-nb-tzsb',
    name: '宁波市特种设备安全监管机构（示例）',
    uscc: '11330200MB1A00028N',
    regionCode: '330200',
    sector: 'special_equipment',
    items: ['XZXK', 'XZCF', 'XZJC'],
  },
  {
    code: 'zj-nb-yjj',
    name: '宁波市应急管理局（示例）',
    uscc: '11330200MB1A00036H',
    regionCode: '330200',
    sector: 'emergency_management',
    items: ['XZXK', 'XZCF', 'XZJC', 'XZQZ'],
  },
  {
    code: 'zj-nb-xf',
    name: '宁波市消防救援支队（示例）',
    uscc: '11330200MB1A00044C',
    regionCode: '330200',
    sector: 'fire_rescue',
    items: ['XZCF', 'XZJC', 'XZQZ'],
  },
  {
    code: 'zj-nb-sthj',
    name: '宁波市生态环境局（示例）',
    uscc: '11330200MB1A000527',
    regionCode: '330200',
    sector: 'ecology_environment',
    items: ['XZXK', 'XZCF', 'XZQZ'],
  },
  {
    code: 'zj-nb-sw',
    name: '国家税务总局宁波市税务局（示例）',
    uscc: '11330200MB1A000602',
    regionCode: '330200',
    sector: 'taxation',
    items: ['XZCF', 'EVALUATION_RESULT', 'SERIOUS_LIST', 'RED_LIST'],
  },
  {
    code: 'zj-nb-fy',
    name: '宁波市中级人民法院（示例）',
    uscc: '11330200MB1A00079Y',
    regionCode: '330200',
    sector: 'courts',
    items: ['JUDGMENT_DEFAULTER'],
  },
  {
    code: 'zj-nb-fgw',
    name: '宁波市发展和改革委员会（示例）',
    uscc: '11330200MB1A00087R',
    regionCode: '330200',
    sector: 'development_reform',
    items: ['RED_LIST', 'SERIOUS_LIST', 'FOCUS_LIST', 'CREDIT_COMMITMENT', 'COMMITMENT_BREACH'],
  },
];
