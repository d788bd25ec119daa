import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, List, Space, Table, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../lib/api';
import { formatCount, formatDate, formatInstant } from '../../../lib/format';
import { subjectPath } from '../../subject/api/subject-path';
import {
  type DrawItem,
  type DrawView,
  RESULT_LABELS,
  stratumLabel,
  VERIFY_CHECK_LABELS,
  type Verification,
  verifyDraw,
} from '../api/inspections';

/** What anyone needs to re-run a draw: the plan's digest, the date, the public random input, the seed. */
export function DrawFacts({ draw }: { draw: DrawView }) {
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        { key: 'plan', label: '抽查计划', children: `${draw.plan.name}（${draw.plan.code}）` },
        { key: 'regulator', label: '检查部门', children: draw.plan.regulator.name },
        { key: 'matter', label: '检查事项', children: draw.plan.matter, span: { xs: 1, md: 2 } },
        { key: 'date', label: '抽取日期', children: formatDate(draw.drawDate) },
        { key: 'at', label: '抽取时间', children: formatInstant(draw.drawnAt) },
        {
          key: 'input',
          label: '公开随机数',
          children: <span className="draw-code">{draw.publicInput}</span>,
          span: { xs: 1, md: 2 },
        },
        {
          key: 'formula',
          label: '种子计算方法',
          children: <span className="draw-code">{draw.seedFormula}</span>,
          span: { xs: 1, md: 2 },
        },
        {
          key: 'seed',
          label: '随机种子',
          children: <span className="draw-code">{draw.seed}</span>,
          span: { xs: 1, md: 2 },
        },
        {
          key: 'algorithm',
          label: '抽取算法',
          children: <span className="draw-code">{draw.algorithm}</span>,
          span: { xs: 1, md: 2 },
        },
        {
          key: 'pd',
          label: '计划摘要',
          children: <span className="draw-code">{draw.planDigest}</span>,
          span: { xs: 1, md: 2 },
        },
        {
          key: 'popd',
          label: '名录摘要',
          children: <span className="draw-code">{draw.populationDigest}</span>,
          span: { xs: 1, md: 2 },
        },
        { key: 'pop', label: '检查对象名录', children: `${formatCount(draw.populationSize)} 户` },
        { key: 'sel', label: '抽中', children: `${formatCount(draw.selectedCount)} 户` },
      ]}
    />
  );
}

/**
 * The drawn subjects with their inspectors and results; the stratum column only in the full view; `action` adds
 * a per-subject button (e.g. 录入结果 for regulators).
 */
export function DrawItemsTable({ draw, action }: { draw: DrawView; action?: (i: DrawItem) => ReactNode }) {
  const full = draw.view === 'full';
  return (
    <Table<DrawItem>
      rowKey="seq"
      size="small"
      dataSource={draw.items}
      scroll={{ x: 860 }}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      locale={{ emptyText: '本次没有抽中检查对象' }}
      columns={[
        { title: '序号', dataIndex: 'seq', width: 70 },
        {
          title: '检查对象',
          render: (_, i) => (
            <span>
              <Link to={subjectPath(i.subject.uscc ?? String(i.subject.id))}>{i.subject.name}</Link>
              {i.subject.uscc !== null && (
                <>
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {i.subject.uscc}
                  </Typography.Text>
                </>
              )}
            </span>
          ),
        },
        ...(full
          ? [
              {
                title: '信用等级分层',
                key: 'stratum',
                render: (_: unknown, i: DrawItem) =>
                  i.stratum === undefined ? '—' : <Tag>{stratumLabel(i.stratum)}</Tag>,
              },
            ]
          : []),
        {
          title: '检查人员',
          render: (_, i) => i.inspectors.map((x) => `${x.name}（${x.organization}）`).join('、'),
        },
        {
          title: '检查结果',
          render: (_, i) => {
            if (i.result === null) return <Tag color="processing">待检查</Tag>;
            const r = RESULT_LABELS[i.result.code];
            return (
              <span>
                <Tag color={r?.color}>{i.result.label || r?.text || i.result.code}</Tag>
                {i.result.date !== null && formatDate(i.result.date)}
              </span>
            );
          },
        },
        ...(action === undefined
          ? []
          : [{ title: '操作', key: 'action', width: 110, render: (_: unknown, i: DrawItem) => action(i) }]),
      ]}
    />
  );
}

/** Asks the server to re-run the draw from its published inputs and shows each check. */
export function VerifyPanel({ planId, drawId }: { planId: number; drawId: number }) {
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const run = async () => {
    setLoading(true);
    setError(null);
    try {
      setResult(await verifyDraw(planId, drawId));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ margin: 0 }}>
        抽取结果可由任何人复核：以计划摘要、抽取日期和公开随机数计算随机种子，按公开算法对抽取时的检查对象名录重新抽取，结果应完全一致。
      </Typography.Paragraph>
      <Button icon={<SafetyCertificateOutlined />} onClick={run} loading={loading}>
        复核抽取结果
      </Button>
      {error !== null && <Alert type="error" showIcon title={error} />}
      {result !== null && (
        <>
          <Alert
            type={result.matches ? 'success' : 'error'}
            showIcon
            title={
              result.matches ? '复核一致：抽取结果可由公开输入完全重现' : '复核不一致：抽取结果与公开输入不符'
            }
          />
          <List
            size="small"
            dataSource={result.checks}
            renderItem={(c) => (
              <List.Item>
                <Space align="start">
                  {c.ok ? (
                    <CheckCircleFilled style={{ color: '#2f8f3a' }} aria-label="一致" />
                  ) : (
                    <CloseCircleFilled style={{ color: '#c8251e' }} aria-label="不一致" />
                  )}
                  <span>
                    {VERIFY_CHECK_LABELS[c.check] ?? c.check}
                    <br />
                    {/^[0-9a-f]{16,}$/i.test(c.detail) ? (
                      <Typography.Text type="secondary" className="draw-code">
                        {c.detail}
                      </Typography.Text>
                    ) : (
                      <Typography.Text type="secondary">
                        {c.ok ? '逐项一致' : `存在差异（${c.detail}）`}
                      </Typography.Text>
                    )}
                  </span>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
    </Space>
  );
}
