/**
 * The subject page's tabs (as on 信用中国) and which catalog items each shows. Items not listed (local
 * supplementary items) fall into the tab of their national catalogue class, else 其他信息.
 */
export interface CreditTab {
  readonly key: string;
  readonly label: string;
  readonly items: readonly string[];
  /** National catalogue classes (record.nationalClass) whose unknown items land here. */
  readonly classes?: readonly string[];
}

export const CREDIT_TABS: readonly CreditTab[] = [
  { key: 'basic', label: '基本信息', items: ['REGISTRATION'] },
  { key: 'license', label: '行政许可', items: ['XZXK'] },
  { key: 'penalty', label: '行政处罚', items: ['XZCF', 'XZQZ'] },
  { key: 'incentive', label: '守信激励', items: ['RED_LIST'] },
  {
    key: 'discipline',
    label: '失信信息',
    items: ['SERIOUS_LIST', 'JUDGMENT_DEFAULTER', 'ABNORMAL_LIST', 'FOCUS_LIST'],
  },
  { key: 'commitment', label: '信用承诺', items: ['CREDIT_COMMITMENT'] },
  { key: 'evaluation', label: '信用评价', items: ['EVALUATION_RESULT'] },
];

export const OTHER_TAB: CreditTab = { key: 'other', label: '其他信息', items: [] };

/** Tab key for a record of `item`. */
export function tabOfItem(item: string): string {
  return CREDIT_TABS.find((t) => t.items.includes(item))?.key ?? OTHER_TAB.key;
}

/** The publicity columns on the home page. */
export const PUBLICITY_COLUMNS = [
  { item: 'XZXK', title: '最新行政许可', tone: 'license' },
  { item: 'XZCF', title: '最新行政处罚', tone: 'penalty' },
  { item: 'RED_LIST', title: '守信激励', tone: 'incentive' },
  { item: 'SERIOUS_LIST', title: '失信惩戒', tone: 'discipline' },
] as const;
