import { Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { formatDate, formatInstant } from '../../../lib/format';
import { ROLE_LABELS } from '../../../lib/labels';
import { useSession } from '../../../lib/session';
import { type AccessLogEntry, useAccessLog } from '../api/access';

const PAGE_SIZE = 20;

export function AccessLogPage() {
  const session = useSession();
  const subjectId = session.data?.scope.subjectId;
  const [page, setPage] = useState(1);
  const { data, isFetching } = useAccessLog(subjectId, page, PAGE_SIZE);
  const rows = (data ?? []).slice(0, PAGE_SIZE);
  const more = (data?.length ?? 0) > PAGE_SIZE;
  return (
    <>
      <PageHeader
        title="查询记录"
        description="谁在何时、因何目的、依据什么查询了本主体的非公开信用信息（个人信息保护法第四十五条）。记录保存不少于五年。"
      />
      <Card>
        <Table<AccessLogEntry>
          rowKey="id"
          loading={isFetching}
          dataSource={rows}
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: (page - 1) * PAGE_SIZE + rows.length + (more ? 1 : 0),
            onChange: setPage,
            simple: true,
          }}
          locale={{ emptyText: '暂无非公开信息查询记录' }}
          columns={[
            { title: '时间', render: (_, e) => formatInstant(e.at), width: 170 },
            {
              title: '查询方',
              render: (_, e) => (
                <span>
                  {e.actor.organization ?? e.actor.name}
                  {e.actor.role !== null && (
                    <Tag style={{ marginLeft: 6 }}>{ROLE_LABELS[e.actor.role] ?? e.actor.role}</Tag>
                  )}
                </span>
              ),
            },
            { title: '查询内容', dataIndex: 'resource' },
            { title: '目的', dataIndex: 'purpose' },
            { title: '依据', dataIndex: 'legalBasis' },
            {
              title: '授权',
              render: (_, e) =>
                e.authorisation === null
                  ? '—'
                  : `${e.authorisation.evidenceRef}（${formatDate(e.authorisation.validFrom)} 至 ${formatDate(e.authorisation.validTo)}）`,
            },
          ]}
        />
      </Card>
    </>
  );
}
