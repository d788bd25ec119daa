import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Row,
  Skeleton,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api';
import { formatCount, formatDate, formatInstant, todayInShanghai } from '../../../lib/format';
import { labelOf, SUBJECT_KIND_LABELS } from '../../../lib/labels';
import { can, useSession } from '../../../lib/session';
import { type DrawSummary, performDraw, stratumLabel, useDraws, usePlan } from '../api/inspections';

const PAGE_SIZE = 20;

function DrawForm({ planId }: { planId: number }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (v: { date: string; publicInput: string }) => {
    setSaving(true);
    setError(null);
    try {
      const draw = await performDraw(planId, v.date, v.publicInput.trim());
      message.success(`已抽取 ${draw.selectedCount} 户检查对象`);
      await client.invalidateQueries({ queryKey: ['inspections', 'draws'] });
      navigate(`/console/inspections/${planId}/draws/${draw.id}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Form layout="vertical" onFinish={submit} initialValues={{ date: todayInShanghai() }}>
      <Form.Item
        name="date"
        label="抽取日期"
        rules={[{ required: true, message: '请选择抽取日期' }]}
        extra="不能晚于今天；同一计划每天只能抽取一次"
      >
        <Input type="date" max={todayInShanghai()} />
      </Form.Item>
      <Form.Item
        name="publicInput"
        label="公开随机数"
        rules={[{ required: true, message: '请填写公开随机数' }]}
        extra="抽取日已公布、任何人可查的随机数，如当日福利彩票开奖号码，按公布原样填写"
      >
        <Input maxLength={200} placeholder="如：福彩3D 第2026310期 5 2 8" autoComplete="off" />
      </Form.Item>
      {error !== null && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />
      )}
      <Button type="primary" htmlType="submit" loading={saving}>
        抽取检查对象
      </Button>
    </Form>
  );
}

/** One plan: its frozen definition, per-stratum probabilities, its draws; regulators draw from here. */
export function PlanPage() {
  const { planId = '' } = useParams();
  const id = Number(planId);
  const session = useSession();
  const plan = usePlan(id);
  const [page, setPage] = useState(1);
  const draws = useDraws(id, page, PAGE_SIZE);
  const rows = (draws.data ?? []).slice(0, PAGE_SIZE);
  const hasMore = (draws.data?.length ?? 0) > PAGE_SIZE;
  const p = plan.data;
  if (plan.isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (plan.error !== null || p === undefined)
    return <Alert type="error" showIcon title="抽查计划加载失败" description={errorMessage(plan.error)} />;
  const d = p.definition;
  const strata = Object.entries(p.probabilities);
  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to="/console/inspections">双随机抽查</Link> }, { title: p.code }]}
      />
      <PageHeader title={p.name} description={`${p.code} · ${p.regulator.name}`} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card title="计划内容">
            <Descriptions
              bordered
              size="small"
              column={1}
              items={[
                { key: 'matter', label: '检查事项', children: d.matter },
                {
                  key: 'pop',
                  label: '检查对象范围',
                  children: [
                    d.population.subjectKinds.map((k) => labelOf(SUBJECT_KIND_LABELS, k)).join('、'),
                    d.population.regionPrefix === null ? null : `行政区划 ${d.population.regionPrefix}*`,
                    d.population.industryNames.length === 0
                      ? null
                      : `行业：${d.population.industryNames.join('、')}`,
                    d.population.requireItems.length === 0
                      ? null
                      : `须有：${d.population.requireItems.join('、')}`,
                    d.population.excludeRegStatuses.length === 0
                      ? null
                      : `不含登记状态：${d.population.excludeRegStatuses.join('、')}`,
                  ]
                    .filter((x) => x !== null)
                    .join('；'),
                },
                { key: 'ratio', label: '基础抽查比例', children: d.baseRatio },
                { key: 'model', label: '信用等级分层', children: d.model ?? '不分层' },
                {
                  key: 'inspectors',
                  label: '检查人员',
                  children: `${d.inspectors.length} 人，每户 ${d.inspectorsPerInspection} 人`,
                },
                { key: 'created', label: '创建', children: `${formatInstant(p.createdAt)} · ${p.createdBy}` },
                {
                  key: 'digest',
                  label: '计划摘要（SM3）',
                  children: <span className="draw-code">{p.digest}</span>,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title="各等级抽查概率" style={{ marginBottom: 16 }}>
            <Table
              rowKey={(r) => r[0]}
              size="small"
              pagination={false}
              dataSource={strata}
              columns={[
                { title: '分层', render: (_, r) => stratumLabel(r[0]) },
                { title: '系数', align: 'right', render: (_, r) => d.multipliers[r[0]] ?? '1' },
                { title: '抽查概率', align: 'right', render: (_, r) => r[1] },
              ]}
            />
          </Card>
          {can(session.data, 'inspection.manage') && p.status === 'active' && (
            <Card title="抽取">
              <DrawForm planId={p.id} />
            </Card>
          )}
        </Col>
        <Col span={24}>
          <Card title="抽取记录">
            <Table<DrawSummary>
              rowKey="id"
              size="small"
              loading={draws.isFetching}
              dataSource={rows}
              scroll={{ x: 800 }}
              locale={{ emptyText: '尚未抽取' }}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: (page - 1) * PAGE_SIZE + rows.length + (hasMore ? 1 : 0),
                onChange: setPage,
                simple: true,
                hideOnSinglePage: true,
              }}
              columns={[
                {
                  title: '抽取日期',
                  render: (_, r) => (
                    <Link to={`/console/inspections/${p.id}/draws/${r.id}`}>{formatDate(r.drawDate)}</Link>
                  ),
                },
                { title: '公开随机数', render: (_, r) => <span className="draw-code">{r.publicInput}</span> },
                { title: '名录', align: 'right', render: (_, r) => formatCount(r.populationSize) },
                { title: '抽中', align: 'right', render: (_, r) => formatCount(r.selectedCount) },
                { title: '抽取时间', render: (_, r) => formatInstant(r.drawnAt) },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 13 }}>
              抽取结果自动在门户“双随机抽查公示”栏目公开。
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </>
  );
}
