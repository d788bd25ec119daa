import { Alert, Card, Col, Empty, Row, Segmented, Skeleton, Statistic, Table, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api';
import { Chart, type ChartOption } from '../../../lib/echarts';
import { formatCount, formatDate, formatPercent } from '../../../lib/format';
import { issueCodeLabel } from '../../batches/api/batches';
import {
  type CollectionStats,
  useApplicationsStats,
  useChecksStats,
  useCollectionStats,
  useGradeDistribution,
  useQualityStats,
} from '../api/dashboard';

/** A value axis of counts for horizontal bars in a half-width card: few ticks, 万 for large numbers, no overlap. */
const COUNT_AXIS = {
  type: 'value',
  minInterval: 1,
  splitNumber: 4,
  axisLabel: {
    hideOverlap: true,
    formatter: (v: number) =>
      v >= 10_000 ? `${Number((v / 10_000).toFixed(1))}万` : v.toLocaleString('zh-CN'),
  },
} as const;

const BLUE = '#0f4c97';
const RED = '#c8251e';
const GREEN = '#2f8f3a';
const ORANGE = '#d48806';

type ProviderRow = CollectionStats['providers'][number];

function ChartCard({ title, children, loading }: { title: string; children: ReactNode; loading: boolean }) {
  return (
    <Card title={title} style={{ height: '100%' }}>
      {loading ? <Skeleton active paragraph={{ rows: 6 }} /> : children}
    </Card>
  );
}

function shortName(name: string): string {
  return name.replace(/（示例）$/, '').replace(/^.{2,3}?[省市](?=.{4,})/, '');
}

function percentBars(
  rows: ProviderRow[],
  value: (r: ProviderRow) => number | null,
  color: string,
  name: string,
): ChartOption {
  const data = rows.filter((r) => value(r) !== null);
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${(v * 100).toFixed(1)}%` },
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    yAxis: { type: 'category', data: data.map((r) => shortName(r.provider.name)), inverse: true },
    series: [{ name, type: 'bar', data: data.map((r) => value(r)), itemStyle: { color }, barMaxWidth: 22 }],
  };
}

export function DashboardPage() {
  const [days, setDays] = useState(30);
  const collection = useCollectionStats(days);
  const quality = useQualityStats(days);
  const checks = useChecksStats(days);
  const c = collection.data;
  const grades = useGradeDistribution();
  const applications = useApplicationsStats();

  const totals = useMemo(() => {
    const received = c?.providers.reduce((s, p) => s + p.received, 0) ?? 0;
    const late = c?.providers.reduce((s, p) => s + p.late, 0) ?? 0;
    const read = c?.providers.reduce((s, p) => s + p.rowsRead, 0) ?? 0;
    const rejected = c?.providers.reduce((s, p) => s + p.rowsRejected, 0) ?? 0;
    return { received, late, read, rejected };
  }, [c]);

  const perDay: ChartOption | null =
    c === undefined
      ? null
      : {
          tooltip: { trigger: 'axis' },
          legend: { data: ['归集记录', '其中逾期'], top: 0 },
          grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
          xAxis: { type: 'category', data: c.days.map((d) => d.date.slice(5)) },
          yAxis: { type: 'value', minInterval: 1 },
          series: [
            {
              name: '归集记录',
              type: 'bar',
              data: c.days.map((d) => d.received),
              itemStyle: { color: BLUE },
              barMaxWidth: 18,
            },
            {
              name: '其中逾期',
              type: 'line',
              data: c.days.map((d) => d.late),
              itemStyle: { color: RED },
              smooth: true,
            },
          ],
        };

  const perProvider: ChartOption | null =
    c === undefined
      ? null
      : {
          tooltip: { trigger: 'axis' },
          grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
          xAxis: COUNT_AXIS,
          yAxis: {
            type: 'category',
            data: c.providers.map((p) => shortName(p.provider.name)),
            inverse: true,
          },
          series: [
            {
              name: '归集记录',
              type: 'bar',
              data: c.providers.map((p) => p.received),
              itemStyle: { color: BLUE },
              barMaxWidth: 22,
            },
          ],
        };

  const issues: ChartOption | null =
    quality.data === undefined
      ? null
      : {
          tooltip: { trigger: 'axis' },
          grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
          xAxis: COUNT_AXIS,
          yAxis: {
            type: 'category',
            inverse: true,
            data: quality.data.topIssues.map(
              (i) => `${issueCodeLabel(i.code)}${i.severity === 'error' ? '（错误）' : ''}`,
            ),
          },
          series: [
            {
              name: '出现次数',
              type: 'bar',
              barMaxWidth: 22,
              data: quality.data.topIssues.map((i) => ({
                value: i.count,
                itemStyle: { color: i.severity === 'error' ? RED : ORANGE },
              })),
            },
          ],
        };

  const checksPie: ChartOption | null =
    checks.data === undefined
      ? null
      : {
          tooltip: { trigger: 'item' },
          legend: { bottom: 0, type: 'scroll' },
          series: [
            {
              name: '核查次数',
              type: 'pie',
              radius: ['40%', '68%'],
              center: ['50%', '45%'],
              data: checks.data.scenarios.map((s) => ({ name: s.name, value: s.runs })),
            },
          ],
        };

  const error = collection.error ?? quality.error ?? checks.error;

  return (
    <>
      <PageHeader
        title="监测统计"
        description={
          c === undefined
            ? '归集量、报送及时率、数据质量与信用核查'
            : `统计区间：${formatDate(c.from)} 至 ${formatDate(c.to)}`
        }
        extra={
          <Segmented
            value={days}
            onChange={(v) => setDays(Number(v))}
            options={[
              { value: 7, label: '近 7 天' },
              { value: 30, label: '近 30 天' },
              { value: 90, label: '近 90 天' },
            ]}
            aria-label="统计区间"
          />
        }
      />
      {error !== null && (
        <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {[
          { title: '归集记录', value: formatCount(totals.received) },
          {
            title: '7 个工作日内报送',
            value: formatPercent(
              totals.received === 0 ? null : (totals.received - totals.late) / totals.received,
            ),
            color: GREEN,
          },
          { title: '读取行数', value: formatCount(totals.read) },
          {
            title: '拒收率',
            value: formatPercent(totals.read === 0 ? null : totals.rejected / totals.read),
            color: totals.rejected > 0 ? RED : undefined,
          },
        ].map((s) => (
          <Col key={s.title} xs={12} lg={6}>
            <Card size="small">
              <Statistic
                title={s.title}
                value={s.value}
                loading={collection.isLoading}
                styles={{ content: { color: s.color } }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <ChartCard title="每日归集量" loading={collection.isLoading}>
            {perDay !== null && <Chart option={perDay} label="每日归集记录数与逾期报送数柱状图" />}
          </ChartCard>
        </Col>
        <Col xs={24} xl={10}>
          <ChartCard title="各信息提供单位归集量" loading={collection.isLoading}>
            {c !== undefined && c.providers.length === 0 ? (
              <Empty description="本期无归集" />
            ) : (
              perProvider !== null && <Chart option={perProvider} label="各信息提供单位归集记录数" />
            )}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title="报送及时率（7 个工作日内）" loading={collection.isLoading}>
            {c !== undefined && (
              <Chart
                option={percentBars(c.providers, (r) => r.timelyShare, GREEN, '及时率')}
                label="各单位报送及时率"
              />
            )}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title="拒收率（拒收行数 / 读取行数）" loading={collection.isLoading}>
            {c !== undefined && (
              <Chart
                option={percentBars(c.providers, (r) => r.rejectionRate, RED, '拒收率')}
                label="各单位拒收率"
              />
            )}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title="常见数据问题" loading={quality.isLoading}>
            {quality.data !== undefined && quality.data.topIssues.length === 0 ? (
              <Empty description="本期没有数据问题" />
            ) : (
              issues !== null && <Chart option={issues} label="出现最多的数据问题类型" />
            )}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title="各业务场景信用核查" loading={checks.isLoading}>
            {checks.data !== undefined && checks.data.scenarios.length === 0 ? (
              <Empty description="本期没有信用核查" />
            ) : (
              checksPie !== null && <Chart option={checksPie} label="各业务场景核查次数" />
            )}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title="信用评价等级分布" loading={grades.isLoading}>
            {grades.data === undefined || grades.data.total === 0 ? (
              <Empty description="尚未发布评价结果" />
            ) : (
              <Chart
                label="各信用等级主体数量"
                option={{
                  tooltip: { trigger: 'axis' },
                  grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
                  xAxis: {
                    type: 'category',
                    data: grades.data.grades.map((g) => `${g.display}\n${g.label}`),
                    axisLabel: { interval: 0, lineHeight: 18 },
                  },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: [
                    {
                      name: '主体数',
                      type: 'bar',
                      data: grades.data.grades.map((g) => g.count),
                      itemStyle: { color: BLUE },
                      barMaxWidth: 36,
                    },
                  ],
                }}
              />
            )}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title="异议与信用修复办理" loading={applications.isLoading}>
            {applications.error !== null ? (
              <Alert type="error" showIcon title={errorMessage(applications.error)} />
            ) : (
              applications.data !== undefined && (
                <>
                  <Row gutter={[16, 16]}>
                    {[
                      { title: '异议', w: applications.data.objections },
                      { title: '信用修复', w: applications.data.repairs },
                    ].map(({ title, w }) => (
                      <Col key={title} span={24}>
                        <Typography.Text strong>{title}</Typography.Text>
                        <Row gutter={16} style={{ marginTop: 8 }}>
                          <Col span={8}>
                            <Statistic title="在办" value={w.open} />
                          </Col>
                          <Col span={8}>
                            <Statistic
                              title={`${applications.data.dueSoonWorkingDays} 个工作日内到期`}
                              value={w.dueSoon}
                              styles={{ content: { color: w.dueSoon > 0 ? ORANGE : undefined } }}
                            />
                          </Col>
                          <Col span={8}>
                            <Statistic
                              title="已超期"
                              value={w.overdue}
                              styles={{ content: { color: w.overdue > 0 ? RED : undefined } }}
                            />
                          </Col>
                        </Row>
                      </Col>
                    ))}
                  </Row>
                  <Typography.Paragraph
                    type="secondary"
                    style={{ marginTop: 12, marginBottom: 0, fontSize: 13 }}
                  >
                    统计截至 {formatDate(applications.data.asOf)} 的全部在办申请；办理时限按法定工作日计算。
                    {applications.data.objections.undated + applications.data.repairs.undated > 0 &&
                      ` 另有 ${applications.data.objections.undated + applications.data.repairs.undated} 件因次年放假安排尚未发布，暂无截止日。`}
                  </Typography.Paragraph>
                </>
              )
            )}
          </ChartCard>
        </Col>
        <Col span={24}>
          <Card title="各信息提供单位明细">
            <Table<ProviderRow>
              rowKey={(r) => r.provider.code}
              size="small"
              loading={collection.isLoading}
              dataSource={c?.providers ?? []}
              pagination={false}
              scroll={{ x: 800 }}
              columns={[
                { title: '信息提供单位', render: (_, r) => r.provider.name },
                { title: '归集记录', align: 'right', render: (_, r) => formatCount(r.received) },
                { title: '逾期报送', align: 'right', render: (_, r) => formatCount(r.late) },
                { title: '及时率', align: 'right', render: (_, r) => formatPercent(r.timelyShare) },
                { title: '批次', align: 'right', render: (_, r) => formatCount(r.batches) },
                { title: '读取行数', align: 'right', render: (_, r) => formatCount(r.rowsRead) },
                { title: '拒收行数', align: 'right', render: (_, r) => formatCount(r.rowsRejected) },
                { title: '拒收率', align: 'right', render: (_, r) => formatPercent(r.rejectionRate) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
