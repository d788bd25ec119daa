import { Alert, Descriptions, Drawer, Grid, Space, Table, Tag, Typography } from 'antd';
import { formatInstant } from '../../../lib/format';
import { labelOf, SEVERITY_LABELS, SUBJECT_KIND_LABELS } from '../../../lib/labels';
import { useCatalog } from '../../catalog/api/catalog';
import { type EvaluationModel, type Indicator, signedPoints } from '../api/evaluation';

type Grade = EvaluationModel['definition']['grades'][number];

/** One model version in full: bands, indicators with their points, caps and decay, inspection multipliers. */
export function ModelDetail({ model, onClose }: { model: EvaluationModel | null; onClose: () => void }) {
  const screens = Grid.useBreakpoint();
  const catalog = useCatalog();
  const itemNames = new Map((catalog.data ?? []).map((i) => [i.code, i.name]));
  const d = model?.definition;
  return (
    <Drawer
      open={model !== null}
      onClose={onClose}
      size={screens.lg ? 960 : '100%'}
      title={model === null ? '评价模型' : `${model.name}（第 ${model.version} 版）`}
      destroyOnHidden
    >
      {model !== null && d !== undefined && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          {d.description !== '' && (
            <Typography.Paragraph style={{ margin: 0 }}>{d.description}</Typography.Paragraph>
          )}
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'code', label: '模型代码', children: `${model.code}@${model.version}` },
              {
                key: 'origin',
                label: '来源',
                children: (
                  <Space>
                    {model.origin === 'shipped' ? '平台随附' : '信用中心自定义'}
                    {model.isDefault && <Tag color="blue">默认模型</Tag>}
                  </Space>
                ),
              },
              { key: 'base', label: '基础分', children: d.baseScore },
              {
                key: 'kinds',
                label: '评价对象',
                children: d.subjectKinds.map((k) => labelOf(SUBJECT_KIND_LABELS, k)).join('、'),
              },
              {
                key: 'schedule',
                label: '评价频次',
                children:
                  [
                    d.schedule.quarterly ? '每季度全量评价' : null,
                    d.schedule.onChange ? '记录变化时增量评价' : null,
                  ]
                    .filter((x) => x !== null)
                    .join('；') || '按需评价',
              },
              {
                key: 'exclude',
                label: '不参评的登记状态',
                children: d.excludeRegStatuses.length === 0 ? '—' : d.excludeRegStatuses.join('、'),
              },
              {
                key: 'created',
                label: '发布',
                children: `${formatInstant(model.createdAt)} · ${model.createdBy}`,
              },
              {
                key: 'digest',
                label: 'SM3 摘要',
                children: <span className="draw-code">{model.digest}</span>,
              },
            ]}
          />
          {d.unconfirmed.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title="待确认事项"
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {d.unconfirmed.map((u) => (
                    <li key={u}>{u}</li>
                  ))}
                </ul>
              }
            />
          )}
          <section aria-labelledby="model-grades">
            <Typography.Title level={5} id="model-grades">
              等级划分
            </Typography.Title>
            <Table<Grade>
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={d.grades}
              columns={[
                { title: '等级', render: (_, g) => <Tag color="blue">{g.display}</Tag> },
                { title: '名称', dataIndex: 'label' },
                { title: '最低分', render: (_, g) => g.minScore ?? '低于上一等级' },
                {
                  title: '抽查比例系数',
                  render: (_, g) => d.inspectionMultipliers[g.code] ?? '1',
                },
                {
                  title: '依据',
                  render: (_, g) => (g.confirmed ? '已确认' : <Tag color="orange">平台配置</Tag>),
                },
              ]}
            />
            {d.inspectionMultipliers.unrated !== undefined && (
              <Typography.Text type="secondary">
                未评价主体的抽查比例系数：{d.inspectionMultipliers.unrated}
              </Typography.Text>
            )}
          </section>
          <section aria-labelledby="model-indicators">
            <Typography.Title level={5} id="model-indicators">
              评价指标（{d.indicators.length} 项）
            </Typography.Title>
            <Table<Indicator>
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={d.indicators}
              scroll={{ x: 900 }}
              columns={[
                {
                  title: '指标',
                  render: (_, i) => (
                    <span>
                      {i.name}
                      <br />
                      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                        {itemNames.get(i.match.item) ?? i.match.item}
                        {i.match.severities !== undefined &&
                          ` · ${i.match.severities.map((s) => SEVERITY_LABELS[s] ?? s).join('、')}`}
                        {(i.match.fields ?? []).map((f) => ` · ${f.field} ∈ ${f.in.join('/')}`).join('')}
                      </Typography.Text>
                    </span>
                  ),
                },
                {
                  title: '分值',
                  align: 'right',
                  render: (_, i) => `${signedPoints(i.points)}${i.mode === 'once' ? '（一次）' : '／条'}`,
                },
                { title: '封顶', align: 'right', render: (_, i) => i.cap ?? '—' },
                {
                  title: '时间衰减',
                  render: (_, i) =>
                    (i.decay ?? []).length === 0
                      ? '不衰减'
                      : (i.decay ?? []).map((x) => `${x.withinYears} 年内 ${x.percent}%`).join('，'),
                },
                { title: '依据', dataIndex: 'basis', ellipsis: true },
                { title: '', render: (_, i) => (i.confirmed ? null : <Tag color="orange">平台配置</Tag>) },
              ]}
            />
          </section>
          {d.source !== '' && (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              来源：{d.source}
            </Typography.Paragraph>
          )}
        </Space>
      )}
    </Drawer>
  );
}
