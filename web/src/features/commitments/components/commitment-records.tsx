import { Alert, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import type { CreditRecord } from '../../subject/api/credit-file';
import { fieldOf, fulfilmentColor, useCommitmentRecords } from '../api/commitments';

/** A subject's credit commitments with their 履约状态; `action` adds a button per record (e.g. 登记履约). */
export function CommitmentRecords({
  subject,
  action,
  onOpen,
}: {
  subject: string;
  action?: (r: CreditRecord) => ReactNode;
  onOpen: (id: number) => void;
}) {
  const { data, isLoading, error } = useCommitmentRecords(subject);
  if (error !== null) return <Alert type="error" showIcon title={errorMessage(error)} />;
  const records = (data?.groups ?? [])
    .flatMap((g) => g.records)
    .filter((r) => r.item.code === 'CREDIT_COMMITMENT');
  return (
    <Table<CreditRecord>
      rowKey="id"
      size="small"
      loading={isLoading}
      dataSource={records}
      scroll={{ x: 820 }}
      locale={{ emptyText: '暂无信用承诺' }}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      columns={[
        {
          title: '承诺编号',
          width: 200,
          render: (_, r) => (
            <Typography.Link onClick={() => onOpen(r.id)} style={{ whiteSpace: 'nowrap' }}>
              {fieldOf(r, 'CN_BH') ?? `记录 #${r.id}`}
            </Typography.Link>
          ),
        },
        { title: '承诺类型', render: (_, r) => fieldOf(r, 'CN_LX') ?? '—' },
        { title: '承诺事由', render: (_, r) => fieldOf(r, 'CN_SY') ?? '—', ellipsis: true },
        { title: '受理单位', render: (_, r) => r.provider.name },
        { title: '承诺日期', render: (_, r) => formatDate(fieldOf(r, 'CN_RQ') ?? r.decisionDate) },
        {
          title: '履约状态',
          render: (_, r) => {
            const s = fieldOf(r, 'CN_LYZT');
            return <Tag color={fulfilmentColor(s)}>{s ?? '—'}</Tag>;
          },
        },
        ...(action === undefined
          ? []
          : [{ title: '操作', key: 'action', render: (_: unknown, r: CreditRecord) => action(r) }]),
      ]}
    />
  );
}
