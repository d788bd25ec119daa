import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Input,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api';
import { Chart } from '../../../lib/echarts';
import { formatCount, formatDate, formatInstant, formatPercent } from '../../../lib/format';
import { can, useSession } from '../../../lib/session';
import { RecordDrawer } from '../../subject/components/record-drawer';
import {
  type EvaluationModel,
  type EvaluationRun,
  gradeColor,
  RUN_KIND_LABELS,
  RUN_STATUS_LABELS,
  useDistribution,
  useModels,
  useRuns,
} from '../api/evaluation';
import { ModelDetail } from './model-detail';
import { ModelEditor } from './model-editor';
import { SubjectGradeView } from './subject-grade-view';

function modelLabel(m: EvaluationModel): string {
  return `${m.name}（${m.code} 第 ${m.version} 版）${m.isDefault ? ' · 默认' : ''}`;
}

function DistributionTab({ models }: { models: EvaluationModel[] }) {
  const [model, setModel] = useState<string | undefined>(undefined);
  const [region, setRegion] = useState('');
  const [regionError, setRegionError] = useState<string | null>(null);
  const { data, isLoading, error, isFetching } = useDistribution(model, region);
  const count = data?.grades.length ?? 0;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap size="middle">
        <label htmlFor="dist-model">评价模型</label>
        <Select
          id="dist-model"
          style={{ minWidth: 320 }}
          placeholder="默认模型"
          allowClear
          value={model}
          onChange={(v: string | undefined) => setModel(v)}
          options={models.map((m) => ({ value: String(m.id), label: modelLabel(m) }))}
        />
        <label htmlFor="dist-region">行政区划</label>
        <Input.Search
          id="dist-region"
          style={{ width: 260 }}
          placeholder="代码前缀，如 3302；留空为全部"
          enterButton="筛选"
          allowClear
          maxLength={6}
          status={regionError === null ? undefined : 'error'}
          onSearch={(v) => {
            const t = v.trim();
            if (t !== '' && !/^\d{2,6}$/.test(t)) {
              setRegionError('请输入 2–6 位行政区划代码');
              return;
            }
            setRegionError(null);
            setRegion(t);
          }}
        />
        {regionError !== null && <Typography.Text type="danger">{regionError}</Typography.Text>}
      </Space>
      {error !== null ? (
        <Alert type="error" showIcon title={errorMessage(error)} />
      ) : isLoading || data === undefined ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <Card
              size="small"
              title={`各等级主体数量${data.region === null ? '' : `（行政区划 ${data.region}）`}`}
              loading={isFetching && data === undefined}
            >
              {data.total === 0 ? (
                <Empty description="该范围内尚无评价结果" />
              ) : (
                <Chart
                  label="各信用等级主体数量柱状图"
                  option={{
                    tooltip: { trigger: 'axis' },
                    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
                    xAxis: {
                      type: 'category',
                      data: data.grades.map((g) => `${g.display}\n${g.label}`),
                      axisLabel: { interval: 0, lineHeight: 18 },
                    },
                    yAxis: { type: 'value', minInterval: 1 },
                    series: [
                      {
                        name: '主体数',
                        type: 'bar',
                        barMaxWidth: 48,
                        label: { show: true, position: 'top' },
                        data: data.grades.map((g, i) => ({
                          value: g.count,
                          itemStyle: { color: gradeColor(i, count) },
                        })),
                      },
                    ],
                  }}
                />
              )}
            </Card>
          </Col>
          <Col xs={24} xl={9}>
            <Card size="small" title="分布明细">
              <Statistic title="已评价主体" value={data.total} style={{ marginBottom: 12 }} />
              <Table
                rowKey="grade"
                size="small"
                pagination={false}
                dataSource={data.grades}
                columns={[
                  {
                    title: '等级',
                    render: (_, g, i) => <Tag color={gradeColor(i, count)}>{g.display}</Tag>,
                  },
                  { title: '名称', dataIndex: 'label' },
                  { title: '主体数', align: 'right', render: (_, g) => formatCount(g.count) },
                  {
                    title: '占比',
                    align: 'right',
                    render: (_, g) => formatPercent(data.total === 0 ? null : g.count / data.total),
                  },
                ]}
              />
              <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 13 }}>
                模型 {data.model.code} 第 {data.model.version} 版 · 统计各主体当前评价结果
              </Typography.Paragraph>
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}

function ModelsTab({ models, loading }: { models: EvaluationModel[]; loading: boolean }) {
  const session = useSession();
  const manage = can(session.data, 'evaluation_model.manage');
  const [shown, setShown] = useState<EvaluationModel | null>(null);
  const [editFrom, setEditFrom] = useState<EvaluationModel | null | 'closed'>('closed');
  return (
    <>
      {manage && (
        <div style={{ marginBottom: 12, textAlign: 'right' }}>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditFrom(models.find((m) => m.isDefault) ?? models[0] ?? null)}
          >
            新增模型版本
          </Button>
        </div>
      )}
      <Table<EvaluationModel>
        rowKey="id"
        loading={loading}
        dataSource={models}
        scroll={{ x: 900 }}
        pagination={false}
        columns={[
          {
            title: '模型',
            render: (_, m) => (
              <Space size={6} wrap>
                <span>{m.name}</span>
                {m.isDefault && <Tag color="blue">默认</Tag>}
                {m.status === 'retired' && <Tag>已停用</Tag>}
              </Space>
            ),
          },
          { title: '代码与版本', render: (_, m) => `${m.code} 第 ${m.version} 版` },
          { title: '来源', render: (_, m) => (m.origin === 'shipped' ? '平台随附' : '自定义') },
          { title: '指标数', align: 'right', render: (_, m) => m.definition.indicators.length },
          { title: '等级', render: (_, m) => m.definition.grades.map((g) => g.display).join(' / ') },
          { title: '发布时间', render: (_, m) => formatInstant(m.createdAt) },
          {
            title: '操作',
            render: (_, m) => (
              <Space>
                <Button
                  size="small"
                  onClick={() => setShown(m)}
                  aria-label={`查看 ${m.code} 第 ${m.version} 版`}
                >
                  查看
                </Button>
                {manage && (
                  <Button size="small" onClick={() => setEditFrom(m)}>
                    以此为模板
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ModelDetail model={shown} onClose={() => setShown(null)} />
      {editFrom !== 'closed' && <ModelEditor from={editFrom} onClose={() => setEditFrom('closed')} />}
    </>
  );
}

function RunsTab({ models }: { models: EvaluationModel[] }) {
  const [modelId, setModelId] = useState<number | undefined>(undefined);
  const { data, isLoading, error } = useRuns(modelId);
  const names = new Map(models.map((m) => [m.id, `${m.code} 第 ${m.version} 版`]));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <label htmlFor="runs-model">评价模型</label>
        <Select
          id="runs-model"
          style={{ minWidth: 320 }}
          placeholder="全部模型"
          allowClear
          value={modelId}
          onChange={(v: number | undefined) => setModelId(v)}
          options={models.map((m) => ({ value: m.id, label: modelLabel(m) }))}
        />
      </Space>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error)} />}
      <Table<EvaluationRun>
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        scroll={{ x: 1000 }}
        locale={{ emptyText: '尚未进行评价。可在服务器上运行 xinyong evaluate，或等待定时评价。' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: '批次', render: (_, r) => `#${r.id}` },
          { title: '模型', render: (_, r) => names.get(r.modelId) ?? `#${r.modelId}` },
          { title: '方式', render: (_, r) => RUN_KIND_LABELS[r.kind] ?? r.kind },
          {
            title: '状态',
            render: (_, r) => {
              const s = RUN_STATUS_LABELS[r.status];
              return (
                <Tag color={s?.color} title={r.message ?? undefined}>
                  {s?.text ?? r.status}
                </Tag>
              );
            },
          },
          { title: '评价基准日', render: (_, r) => formatDate(r.asOfDate) },
          { title: '评价主体', align: 'right', render: (_, r) => formatCount(r.subjectsEvaluated) },
          { title: '写入结果', align: 'right', render: (_, r) => formatCount(r.resultsWritten) },
          { title: '开始', render: (_, r) => formatInstant(r.startedAt) },
          { title: '完成', render: (_, r) => formatInstant(r.finishedAt) },
          { title: '发起', render: (_, r) => triggeredByText(r.triggeredBy) },
        ]}
      />
    </Space>
  );
}

/** Who started a run: `system:cli` (命令行), a scheduled job, or a user. */
function triggeredByText(by: string): string {
  if (by === 'system:cli') return '命令行';
  if (by.startsWith('system:')) return '定时评价';
  const user = /^user:(\d+)$/.exec(by);
  return user === null ? by : `用户 #${user[1]}`;
}

function SubjectTab() {
  const [params, setParams] = useSearchParams();
  const subject = params.get('subject') ?? '';
  const [record, setRecord] = useState<number | null>(null);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Input.Search
        key={subject}
        defaultValue={subject}
        style={{ maxWidth: 520 }}
        placeholder="统一社会信用代码"
        enterButton="查询评价"
        aria-label="要查询评价结果的统一社会信用代码"
        maxLength={40}
        onSearch={(v) => {
          const next = new URLSearchParams(params);
          const t = v.trim().toUpperCase();
          if (t === '') next.delete('subject');
          else next.set('subject', t);
          setParams(next, { replace: true });
        }}
      />
      <Typography.Text type="secondary">
        评价结果属于监管信息，查询将记入该主体的查询记录（用途：分级分类监管）。
      </Typography.Text>
      {subject === '' ? null : <SubjectGradeView subject={subject} onOpenRecord={setRecord} />}
      <RecordDrawer id={record} onClose={() => setRecord(null)} />
    </Space>
  );
}

/**
 * 信用评价 (console): grade distribution, the published models (administrators add versions as JSON), evaluation
 * runs, and one subject's grade with its explanation.
 */
export function EvaluationPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const models = useModels();
  const stats = can(session.data, 'evaluation.statistics');
  const read = can(session.data, 'evaluation.read');
  const list = models.data ?? [];
  const tabs = [
    ...(stats
      ? [{ key: 'distribution', label: '等级分布', children: <DistributionTab models={list} /> }]
      : []),
    { key: 'models', label: '评价模型', children: <ModelsTab models={list} loading={models.isLoading} /> },
    ...(stats ? [{ key: 'runs', label: '评价批次', children: <RunsTab models={list} /> }] : []),
    ...(read ? [{ key: 'subject', label: '主体评价查询', children: <SubjectTab /> }] : []),
  ];
  const active = tabs.some((t) => t.key === params.get('tab')) ? (params.get('tab') as string) : tabs[0]?.key;
  return (
    <>
      <PageHeader
        title="信用评价"
        description="公共信用综合评价：评价模型（指标、分值、等级划分）、各等级主体分布、评价批次，以及单个主体的得分依据。"
      />
      {models.error !== null && (
        <Alert type="error" showIcon title={errorMessage(models.error)} style={{ marginBottom: 16 }} />
      )}
      <Card>
        <Tabs
          activeKey={active}
          onChange={(key) => {
            const next = new URLSearchParams();
            next.set('tab', key);
            setParams(next, { replace: true });
          }}
          items={tabs}
        />
      </Card>
    </>
  );
}
