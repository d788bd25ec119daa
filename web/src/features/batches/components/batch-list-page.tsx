import { Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { formatCount, formatInstant } from '../../../lib/format';
import { BATCH_SOURCE_LABELS, BATCH_STATUS_LABELS, labelOf } from '../../../lib/labels';
import { can, useSession } from '../../../lib/session';
import { type Batch, useBatches } from '../api/batches';

const PAGE_SIZE = 20;

export function BatchListPage() {
  const [page, setPage] = useState(1);
  const { data, isFetching } = useBatches(page, PAGE_SIZE);
  const session = useSession();
  const rows = (data ?? []).slice(0, PAGE_SIZE);
  const hasMore = (data?.length ?? 0) > PAGE_SIZE;
  return (
    <>
      <PageHeader
        title="报送批次"
        description="每次文件上传或接口推送为一个批次，可查看校验结果和问题明细。"
        extra={
          can(session.data, 'batch.submit') ? (
            <Link to="/console/upload">
              <Button type="primary">上传数据</Button>
            </Link>
          ) : undefined
        }
      />
      <Card>
        <Table<Batch>
          rowKey="id"
          loading={isFetching}
          dataSource={rows}
          scroll={{ x: 1000 }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: (page - 1) * PAGE_SIZE + rows.length + (hasMore ? 1 : 0),
            onChange: setPage,
            showSizeChanger: false,
            simple: true,
          }}
          columns={[
            {
              title: '批次',
              dataIndex: 'id',
              render: (id: number) => <Link to={`/console/batches/${id}`}>#{id}</Link>,
            },
            { title: '信息项', dataIndex: 'item' },
            { title: '提供单位', render: (_, b) => b.provider.name },
            { title: '来源', render: (_, b) => labelOf(BATCH_SOURCE_LABELS, b.source) },
            {
              title: '文件',
              render: (_, b) => <span title={b.fileName ?? undefined}>{b.fileName ?? '—'}</span>,
              ellipsis: { showTitle: false },
            },
            {
              title: '状态',
              render: (_, b) => {
                const s = BATCH_STATUS_LABELS[b.status];
                return <Tag color={s?.color}>{s?.text ?? b.status}</Tag>;
              },
            },
            { title: '读取', align: 'right', render: (_, b) => formatCount(b.counts.read) },
            { title: '新增', align: 'right', render: (_, b) => formatCount(b.counts.inserted) },
            { title: '更新', align: 'right', render: (_, b) => formatCount(b.counts.updated) },
            { title: '未变化', align: 'right', render: (_, b) => formatCount(b.counts.unchanged) },
            {
              title: '拒收',
              align: 'right',
              render: (_, b) => (
                <span style={{ color: b.counts.rejected > 0 ? '#c8251e' : undefined }}>
                  {formatCount(b.counts.rejected)}
                </span>
              ),
            },
            { title: '提交人', render: (_, b) => b.createdByName, ellipsis: true },
            { title: '开始时间', render: (_, b) => formatInstant(b.startedAt) },
          ]}
        />
      </Card>
    </>
  );
}
