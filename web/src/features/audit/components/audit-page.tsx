import { CheckCircleFilled, CloseCircleFilled, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Input, Result, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { api, errorMessage, type GetResponse, unwrap } from '../../../lib/api';
import { formatInstant } from '../../../lib/format';

type AuditEvent = GetResponse<'/api/v1/audit/events'>[number];

export function AuditPage() {
  const status = useQuery({
    queryKey: ['audit-status'],
    queryFn: async () => unwrap(await api.GET('/api/v1/audit/status')),
  });
  const [entityType, setEntityType] = useState<string | undefined>(undefined);
  const events = useQuery({
    queryKey: ['audit-events', entityType],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/audit/events', {
          params: { query: { limit: 100, ...(entityType ? { entityType } : {}) } },
        }),
      ),
  });
  const s = status.data;
  return (
    <>
      <PageHeader
        title="审计链"
        description="每一次变更都写入 SM3 哈希链；校验从第一条事件重算到最新一条，任何被改动的事件都会被指出。"
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => status.refetch()} loading={status.isFetching}>
            重新校验
          </Button>
        }
      />
      <Card style={{ marginBottom: 16 }} loading={status.isLoading}>
        {status.error !== null ? (
          <Alert type="error" showIcon title={errorMessage(status.error)} />
        ) : s === undefined ? null : (
          <>
            <Result
              style={{ padding: 8 }}
              icon={
                s.ok ? (
                  <CheckCircleFilled style={{ color: '#2f8f3a' }} />
                ) : (
                  <CloseCircleFilled style={{ color: '#c8251e' }} />
                )
              }
              title={s.ok ? '审计链完整' : '审计链已被破坏'}
              subTitle={
                s.firstBroken === null
                  ? `已校验 ${s.checked} / ${s.length} 条事件`
                  : `第 ${s.firstBroken.seq} 条事件（#${s.firstBroken.id}）校验失败：${s.firstBroken.reason}`
              }
            />
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'length', label: '事件总数', children: s.length },
                { key: 'at', label: '校验时间', children: formatInstant(s.verifiedAt) },
                {
                  key: 'head',
                  label: '链头哈希',
                  children: (
                    <Typography.Text copyable code style={{ wordBreak: 'break-all' }}>
                      {s.headHash}
                    </Typography.Text>
                  ),
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              请定期将“事件总数:链头哈希”抄录保存在平台之外，以便发现整条链被重写的情况（xinyong audit verify
              --expect-head）。
            </Typography.Paragraph>
          </>
        )}
      </Card>
      <Card title="最近事件">
        <Space style={{ marginBottom: 12 }}>
          <Input.Search
            placeholder="对象类型，如 record、batch"
            allowClear
            onSearch={(v) => setEntityType(v.trim() || undefined)}
            aria-label="按对象类型筛选"
            style={{ width: 280 }}
          />
        </Space>
        <Table<AuditEvent>
          rowKey="seq"
          size="small"
          loading={events.isFetching}
          dataSource={events.data ?? []}
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          columns={[
            { title: '序号', dataIndex: 'seq', width: 80 },
            { title: '时间', render: (_, e) => formatInstant(e.at), width: 170 },
            { title: '操作者', dataIndex: 'actor' },
            { title: '操作', dataIndex: 'action' },
            { title: '对象', render: (_, e) => `${e.entityType} ${e.entityId}` },
            {
              title: '哈希',
              render: (_, e) => <Typography.Text code>{e.hash.slice(0, 12)}…</Typography.Text>,
            },
          ]}
        />
      </Card>
    </>
  );
}
