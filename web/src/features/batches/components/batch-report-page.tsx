import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api';
import { formatInstant } from '../../../lib/format';
import {
  BATCH_SOURCE_LABELS,
  BATCH_STATUS_LABELS,
  ISSUE_SEVERITY_LABELS,
  labelOf,
} from '../../../lib/labels';
import { fieldLabels, useCatalogItem } from '../../catalog/api/catalog';
import {
  type BatchIssue,
  downloadIssuesCsv,
  type IssueFilter,
  issueCodeLabel,
  useBatch,
  useBatchIssues,
} from '../api/batches';

const PAGE_SIZE = 50;

export function BatchReportPage() {
  const { id: idParam = '' } = useParams();
  const id = Number(idParam);
  const { message } = App.useApp();
  const batch = useBatch(id);
  const b = batch.data;
  const item = useCatalogItem(b?.item);
  const labels = useMemo(() => fieldLabels(item.data), [item.data]);
  const [filter, setFilter] = useState<IssueFilter>({});
  const [page, setPage] = useState(1);
  const issueTotal = b?.issueSummary.reduce((s, i) => s + i.count, 0) ?? 0;
  const issues = useBatchIssues(id, filter, page, PAGE_SIZE, b !== undefined && issueTotal > 0);

  const filteredTotal =
    b?.issueSummary
      .filter(
        (s) =>
          (filter.severity === undefined || s.severity === filter.severity) &&
          (filter.code === undefined || s.code === filter.code),
      )
      .reduce((sum, s) => sum + s.count, 0) ?? 0;

  if (batch.error !== null)
    return <Alert type="error" showIcon title="无法加载批次" description={errorMessage(batch.error)} />;
  if (b === undefined) return <Spin size="large" style={{ display: 'block', margin: '80px auto' }} />;

  const status = BATCH_STATUS_LABELS[b.status];
  const queued = b.status === 'queued';
  const applying = b.status === 'applying' || queued;
  const codes = [...new Set(b.issueSummary.map((s) => s.code))];

  return (
    <>
      <Breadcrumb
        className="breadcrumb-bar"
        items={[{ title: <Link to="/console/batches">报送批次</Link> }, { title: `批次 #${b.id}` }]}
      />
      <PageHeader
        title={`批次 #${b.id} 校验报告`}
        description={`${b.item} · ${b.provider.name}`}
        extra={
          <Space wrap>
            <Button icon={<ReloadOutlined />} onClick={() => batch.refetch()}>
              刷新
            </Button>
            <Button
              icon={<DownloadOutlined />}
              disabled={issueTotal === 0}
              onClick={() => downloadIssuesCsv(b.id).catch((e: unknown) => message.error(errorMessage(e)))}
            >
              下载问题明细（CSV）
            </Button>
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Space align="center" style={{ marginBottom: 12 }} wrap>
          <Tag color={status?.color} style={{ fontSize: 14, padding: '2px 10px' }}>
            {status?.text ?? b.status}
          </Tag>
          {applying && (
            <span role="status" aria-live="polite">
              <Spin size="small" />{' '}
              {queued ? '排队中：前面的文件处理完后自动开始…' : `正在校验入库，已处理至第 ${b.lastRow} 行…`}
            </span>
          )}
          {b.message !== null && <Typography.Text type="secondary">{b.message}</Typography.Text>}
        </Space>
        <Row gutter={[16, 16]} aria-live="polite">
          {[
            { title: '读取行数', value: b.counts.read },
            { title: '新增', value: b.counts.inserted, color: '#2f8f3a' },
            { title: '更新', value: b.counts.updated },
            { title: '未变化', value: b.counts.unchanged },
            { title: '拒收', value: b.counts.rejected, color: b.counts.rejected > 0 ? '#c8251e' : undefined },
            { title: '含警告', value: b.counts.warned, color: b.counts.warned > 0 ? '#d48806' : undefined },
          ].map((s) => (
            <Col key={s.title} xs={12} sm={8} md={4}>
              <Statistic title={s.title} value={s.value} styles={{ content: { color: s.color } }} />
            </Col>
          ))}
        </Row>
        <Descriptions
          size="small"
          style={{ marginTop: 16 }}
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'source', label: '来源', children: labelOf(BATCH_SOURCE_LABELS, b.source) },
            { key: 'file', label: '文件', children: b.fileName ?? '—' },
            { key: 'encoding', label: '编码', children: b.encoding ?? '—' },
            { key: 'profile', label: '映射方案', children: b.profile ?? '—' },
            { key: 'item', label: '信息项版本', children: `${b.item} v${b.itemVersion}` },
            { key: 'by', label: '提交人', children: b.createdByName },
            { key: 'start', label: '开始时间', children: formatInstant(b.startedAt) },
            { key: 'end', label: '完成时间', children: formatInstant(b.finishedAt) },
            {
              key: 'digest',
              label: '文件摘要（SM3）',
              children:
                b.fileDigest === null ? (
                  '—'
                ) : (
                  <Typography.Text
                    copyable={{ text: b.fileDigest }}
                  >{`${b.fileDigest.slice(0, 16)}…`}</Typography.Text>
                ),
            },
          ]}
        />
      </Card>

      <Card title="问题明细">
        {issueTotal === 0 ? (
          <Alert
            type={applying ? 'info' : 'success'}
            showIcon
            title={applying ? '暂未发现问题' : '全部行校验通过，没有问题'}
          />
        ) : (
          <>
            <Space wrap style={{ marginBottom: 12 }} aria-label="问题分类">
              {b.issueSummary.map((s) => (
                <Tag.CheckableTag
                  key={`${s.severity}-${s.code}`}
                  checked={filter.code === s.code && filter.severity === s.severity}
                  onChange={(checked) => {
                    setPage(1);
                    setFilter(checked ? { code: s.code, severity: s.severity as 'error' | 'warning' } : {});
                  }}
                >
                  {s.severity === 'error' ? '错误' : '警告'} · {issueCodeLabel(s.code)} {s.count}
                </Tag.CheckableTag>
              ))}
            </Space>
            <Space wrap style={{ marginBottom: 12 }}>
              <label htmlFor="issue-severity">级别</label>
              <Select
                id="issue-severity"
                allowClear
                placeholder="全部"
                style={{ width: 150 }}
                value={filter.severity}
                onChange={(v?: 'error' | 'warning') => {
                  setPage(1);
                  setFilter({ ...filter, severity: v });
                }}
                options={[
                  { value: 'error', label: '错误（拒收）' },
                  { value: 'warning', label: '警告' },
                ]}
              />
              <label htmlFor="issue-code">问题类型</label>
              <Select
                id="issue-code"
                allowClear
                placeholder="全部"
                style={{ width: 220 }}
                value={filter.code}
                onChange={(v?: string) => {
                  setPage(1);
                  setFilter({ ...filter, code: v });
                }}
                options={codes.map((c) => ({ value: c, label: issueCodeLabel(c) }))}
              />
            </Space>
            <Table<BatchIssue>
              rowKey={(r) => `${r.row}-${r.field ?? ''}-${r.code}`}
              size="small"
              loading={issues.isFetching}
              dataSource={issues.data ?? []}
              scroll={{ x: 900 }}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: filteredTotal,
                onChange: setPage,
                showSizeChanger: false,
              }}
              columns={[
                {
                  title: '行号',
                  dataIndex: 'row',
                  width: 80,
                  render: (r: number) => (r === 0 ? '整个文件' : r),
                },
                {
                  title: '字段',
                  width: 220,
                  render: (_, r) =>
                    r.field === null ? (
                      '—'
                    ) : (
                      <span>
                        {labels.get(r.field) ?? r.field}
                        {labels.has(r.field) && (
                          <Typography.Text type="secondary"> （{r.field}）</Typography.Text>
                        )}
                      </span>
                    ),
                },
                {
                  title: '级别',
                  width: 130,
                  render: (_, r) => {
                    const s = ISSUE_SEVERITY_LABELS[r.severity];
                    return <Tag color={s?.color}>{s?.text ?? r.severity}</Tag>;
                  },
                },
                { title: '问题类型', width: 180, render: (_, r) => issueCodeLabel(r.code) },
                { title: '说明', dataIndex: 'message' },
                {
                  title: '原始值',
                  dataIndex: 'rawValue',
                  width: 180,
                  ellipsis: true,
                  render: (v: string | null) => v ?? '—',
                },
              ]}
            />
          </>
        )}
      </Card>
    </>
  );
}
