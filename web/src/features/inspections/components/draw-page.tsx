import { Alert, Breadcrumb, Card, Col, Row, Skeleton, Statistic, Table, Tabs, Tag } from 'antd';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api';
import { formatCount, formatDate } from '../../../lib/format';
import { can, useSession } from '../../../lib/session';
import { subjectPath } from '../../subject/api/subject-path';
import {
  type DrawItem,
  type DrawStats,
  type Population,
  RESULT_LABELS,
  stratumLabel,
  useDraw,
  useDrawStats,
  usePopulation,
} from '../api/inspections';
import { DrawFacts, DrawItemsTable, VerifyPanel } from './draw-parts';
import { ResultEntryButton } from './result-entry';

type StratumRow = DrawStats['strata'][number];
type Member = Population['members'][number];

const RESULT_KEYS = ['no_issue', 'rectify', 'case_opened', 'not_found', 'pending'] as const;

function StatsPanel({ stats }: { stats: DrawStats }) {
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Statistic title="检查对象名录" value={stats.populationSize} suffix="户" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="抽中" value={stats.selectedCount} suffix="户" />
        </Col>
        {RESULT_KEYS.slice(0, 2).map((k) => (
          <Col key={k} xs={12} md={6}>
            <Statistic title={RESULT_LABELS[k]?.text ?? k} value={stats.results[k]} />
          </Col>
        ))}
      </Row>
      <Table<StratumRow>
        rowKey="stratum"
        size="small"
        pagination={false}
        dataSource={stats.strata}
        scroll={{ x: 860 }}
        columns={[
          { title: '信用等级分层', render: (_, s) => stratumLabel(s.stratum) },
          { title: '名录户数', align: 'right', render: (_, s) => formatCount(s.population) },
          { title: '抽查概率', align: 'right', dataIndex: 'probability' },
          { title: '期望抽中', align: 'right', dataIndex: 'expected' },
          { title: '实际抽中', align: 'right', render: (_, s) => formatCount(s.selected) },
          { title: '实际比例', align: 'right', dataIndex: 'observedRatio' },
          ...RESULT_KEYS.map((k) => ({
            title: RESULT_LABELS[k]?.text ?? k,
            key: k,
            align: 'right' as const,
            render: (_: unknown, s: StratumRow) => formatCount(s.results[k]),
          })),
        ]}
      />
      <Table
        style={{ marginTop: 16 }}
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={stats.inspectors}
        columns={[
          { title: '检查人员', render: (_, x) => `${x.name}（${x.code}）` },
          { title: '所在单位', dataIndex: 'organization' },
          { title: '承担检查（户）', align: 'right', dataIndex: 'assignments' },
        ]}
      />
    </>
  );
}

/** A draw in full (regulators, the credit centre): facts, items with strata, statistics, population, verification. */
export function DrawPage() {
  const { planId = '', drawId = '' } = useParams();
  const session = useSession();
  const full = can(session.data, 'inspection.read');
  const draw = useDraw(Number(planId), Number(drawId));
  const stats = useDrawStats(Number(planId), Number(drawId), full);
  const population = usePopulation(Number(planId), Number(drawId), full);
  const d = draw.data;
  if (draw.isLoading) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (draw.error !== null || d === undefined)
    return <Alert type="error" showIcon title="抽取结果加载失败" description={errorMessage(draw.error)} />;
  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <Link to="/console/inspections">双随机抽查</Link> },
          { title: <Link to={`/console/inspections/${d.plan.id}`}>{d.plan.code}</Link> },
          { title: formatDate(d.drawDate) },
        ]}
      />
      <PageHeader
        title={`${d.plan.name} · ${formatDate(d.drawDate)} 抽取结果`}
        description={`从 ${formatCount(d.populationSize)} 户中抽中 ${formatCount(d.selectedCount)} 户`}
      />
      <Card>
        <Tabs
          items={[
            {
              key: 'items',
              label: `抽中对象（${d.items.length}）`,
              children: (
                <DrawItemsTable
                  draw={d}
                  {...(can(session.data, 'inspection.manage')
                    ? { action: (i: DrawItem) => <ResultEntryButton draw={d} item={i} /> }
                    : {})}
                />
              ),
            },
            ...(full
              ? [
                  {
                    key: 'stats',
                    label: '抽取统计',
                    children:
                      stats.error !== null ? (
                        <Alert type="error" showIcon title={errorMessage(stats.error)} />
                      ) : stats.data === undefined ? (
                        <Skeleton active />
                      ) : (
                        <StatsPanel stats={stats.data} />
                      ),
                  },
                  {
                    key: 'population',
                    label: `检查对象名录（${formatCount(d.populationSize)}）`,
                    children: (
                      <Table<Member>
                        rowKey="subjectId"
                        size="small"
                        loading={population.isLoading}
                        dataSource={population.data?.members ?? []}
                        scroll={{ x: 700 }}
                        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
                        columns={[
                          {
                            title: '主体',
                            render: (_, m) => (
                              <Link to={subjectPath(m.uscc ?? String(m.subjectId))}>{m.name}</Link>
                            ),
                          },
                          { title: '统一社会信用代码', render: (_, m) => m.uscc ?? '—' },
                          { title: '信用等级分层', render: (_, m) => <Tag>{stratumLabel(m.stratum)}</Tag> },
                        ]}
                      />
                    ),
                  },
                ]
              : []),
            { key: 'facts', label: '抽取依据', children: <DrawFacts draw={d} /> },
            {
              key: 'verify',
              label: '复核',
              children: <VerifyPanel planId={d.plan.id} drawId={d.id} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
