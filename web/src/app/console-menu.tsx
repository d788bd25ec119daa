import {
  ApartmentOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  FundOutlined,
  SafetyOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { can, type Session } from '../lib/session';

export interface MenuEntry {
  readonly path: string;
  readonly label: string;
  /** Shown when the session allows one of these actions (policy.ts), or when `when` says so. */
  readonly actions?: readonly string[];
  readonly when?: (s: Session) => boolean;
}

export interface MenuGroup {
  readonly key: string;
  readonly label: string;
  readonly icon: ReactNode;
  readonly entries: readonly MenuEntry[];
}

/** The console's navigation; each role sees the entries its allowedActions permit. */
export const CONSOLE_MENU: readonly MenuGroup[] = [
  {
    key: 'home',
    label: '工作台',
    icon: <DashboardOutlined />,
    entries: [
      { path: '/console', label: '工作台首页', when: () => true },
      { path: '/console/dashboard', label: '监测统计', actions: ['dashboard.read'] },
    ],
  },
  {
    key: 'collection',
    label: '数据报送',
    icon: <CloudUploadOutlined />,
    entries: [
      { path: '/console/upload', label: '上传数据', actions: ['batch.submit'] },
      { path: '/console/batches', label: '报送批次', actions: ['batch.read'] },
      { path: '/console/templates', label: '报送模板', actions: ['batch.submit', 'batch.read'] },
      { path: '/console/profiles', label: '表头映射方案', actions: ['profile.manage'] },
      { path: '/console/records', label: '本单位信用记录', actions: ['record.read_provider'] },
      { path: '/console/cases', label: '异议与修复办理', actions: ['objection.decide', 'repair.decide'] },
      { path: '/console/commitment-fulfilment', label: '承诺履约核查', actions: ['commitment.fulfilment'] },
    ],
  },
  {
    key: 'checks',
    label: '信用核查',
    icon: <SafetyOutlined />,
    entries: [
      { path: '/console/checks', label: '信用核查', actions: ['check.run'] },
      {
        path: '/console/check-verify',
        label: '回执核验与反馈',
        actions: ['check.read', 'check.feedback', 'check.run'],
      },
      { path: '/console/check-stats', label: '核查统计', actions: ['check.stats'] },
      { path: '/console/watches', label: '关注与提醒', actions: ['watch.manage'] },
      { path: '/console/authorisations', label: '主体授权', actions: ['authorisation.read'] },
    ],
  },
  {
    key: 'subject',
    label: '信用主体服务',
    icon: <SolutionOutlined />,
    entries: [
      {
        path: '/console/my-file',
        label: '本主体信用档案',
        when: (s) => s.role === 'subject_user',
      },
      { path: '/console/access-log', label: '查询记录', actions: ['access_log.read'] },
      { path: '/console/bindings', label: '主体绑定', actions: ['binding.request', 'binding.decide'] },
      {
        path: '/console/applications',
        label: '我的申请',
        when: (s) => s.role === 'subject_user',
      },
      { path: '/console/commitments', label: '信用承诺', actions: ['commitment.make'] },
    ],
  },
  {
    key: 'supervision',
    label: '分级分类监管',
    icon: <FundOutlined />,
    entries: [
      { path: '/console/evaluation', label: '信用评价', actions: ['evaluation.statistics'] },
      { path: '/console/inspections', label: '双随机抽查', actions: ['inspection.read'] },
    ],
  },
  {
    key: 'centre',
    label: '信用中心管理',
    icon: <ApartmentOutlined />,
    entries: [
      { path: '/console/catalog', label: '信息资源目录', actions: ['catalog.manage'] },
      { path: '/console/users', label: '用户管理', actions: ['user.manage'] },
      { path: '/console/clients', label: '接入系统', actions: ['client.manage'] },
      { path: '/console/providers', label: '信息提供单位', actions: ['provider.manage'] },
      { path: '/console/measures', label: '奖惩措施清单', actions: ['measure.manage'] },
      { path: '/console/audit', label: '审计链', actions: ['audit.read'] },
    ],
  },
];

export function visibleEntries(session: Session, group: MenuGroup): MenuEntry[] {
  return group.entries.filter(
    (e) => (e.actions?.some((a) => can(session, a)) ?? false) || (e.when?.(session) ?? false),
  );
}
