import { Alert, Breadcrumb, Button, Card, Empty, Skeleton, Space, Table, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { errorMessage } from '../../../lib/api';
import { formatCount, formatDate, formatInstant } from '../../../lib/format';
import { usePageTitle } from '../../../lib/site';
import { type DrawSummary, useDraw, useDraws } from '../api/inspections';
import { DrawFacts, DrawItemsTable, VerifyPanel } from './draw-parts';

const PAGE_SIZE = 20;

/** 双随机抽查公示 (public): every published draw, newest first. */
export function PublicDrawsPage() {
  usePageTitle('双随机抽查公示');
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const { data, isFetching, error } = useDraws(undefined, page, PAGE_SIZE);
  const rows = (data ?? []).slice(0, PAGE_SIZE);
  const hasMore = (data?.length ?? 0) > PAGE_SIZE;
  return (
    <div className="page-container">
      <h1 className="page-heading">双随机抽查公示</h1>
      <Typography.Paragraph type="secondary">
        监管部门按“双随机、一公开”要求，以抽取日公开的随机数随机抽取检查对象、随机匹配执法检查人员。每次抽取的依据和结果在此公示，任何人都可复核抽取过程。
      </Typography.Paragraph>
      {error !== null && (
        <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />
      )}
      <Card>
        <Table<DrawSummary>
          rowKey="id"
          loading={isFetching}
          dataSource={rows}
          scroll={{ x: 860 }}
          locale={{ emptyText: <Empty description="暂无公示的抽取结果" /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: (page - 1) * PAGE_SIZE + rows.length + (hasMore ? 1 : 0),
            onChange: (p) => setParams(p === 1 ? {} : { page: String(p) }),
            simple: true,
            hideOnSinglePage: true,
          }}
          columns={[
            {
              title: '抽查计划',
              render: (_, r) => (
                <Link to={`/inspections/${r.planId}/draws/${r.id}`}>
                  {r.planName}
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {r.planCode}
                  </Typography.Text>
                </Link>
              ),
            },
            { title: '抽取日期', render: (_, r) => formatDate(r.drawDate) },
            { title: '公开随机数', render: (_, r) => <span className="draw-code">{r.publicInput}</span> },
            {
              title: '检查对象名录',
              align: 'right',
              render: (_, r) => `${formatCount(r.populationSize)} 户`,
            },
            { title: '抽中', align: 'right', render: (_, r) => `${formatCount(r.selectedCount)} 户` },
            { title: '抽取时间', render: (_, r) => formatInstant(r.drawnAt) },
          ]}
        />
      </Card>
    </div>
  );
}

/** One published draw (public view: inspectors' names masked), with its inputs and a verification button. */
export function PublicDrawPage() {
  const { planId = '', drawId = '' } = useParams();
  const { data, isLoading, error } = useDraw(Number(planId), Number(drawId));
  usePageTitle(data === undefined ? '抽取结果公示' : `${data.plan.name} 抽取结果`);
  return (
    <div className="page-container">
      <Breadcrumb
        className="breadcrumb-bar"
        items={[
          { title: <Link to="/">首页</Link> },
          { title: <Link to="/inspections">双随机抽查公示</Link> },
          { title: data === undefined ? '抽取结果' : formatDate(data.drawDate) },
        ]}
      />
      {isLoading ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : error !== null || data === undefined ? (
        <Alert type="error" showIcon title="抽取结果加载失败" description={errorMessage(error)} />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <h1 className="page-heading" style={{ marginBottom: 0 }}>
            {data.plan.name} · {formatDate(data.drawDate)} 抽取结果
          </h1>
          <Typography.Text type="secondary">
            {data.plan.regulator.name} · 从 {formatCount(data.populationSize)} 户中随机抽取{' '}
            {formatCount(data.selectedCount)} 户
          </Typography.Text>
          <Card title="抽中的检查对象与检查人员">
            <DrawItemsTable draw={data} />
          </Card>
          <Card title="抽取依据">
            <DrawFacts draw={data} />
          </Card>
          <Card title="复核">
            <VerifyPanel planId={data.plan.id} drawId={data.id} />
          </Card>
          <Link to="/inspections">
            <Button>返回公示列表</Button>
          </Link>
        </Space>
      )}
    </div>
  );
}
