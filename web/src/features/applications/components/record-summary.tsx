import { Alert, Descriptions, Skeleton } from 'antd';
import { errorMessage } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { useRecordDetail } from '../../subject/api/credit-file';
import { recordTitle } from '../../subject/components/record-card';

/** The record an application is about, so the applicant sees what they are objecting to or repairing. */
export function RecordSummary({ id }: { id: number | null }) {
  const { data, isLoading, error } = useRecordDetail(id);
  if (id === null) return null;
  if (isLoading) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (error !== null)
    return <Alert type="warning" showIcon title="无法加载该记录" description={errorMessage(error)} />;
  if (data === undefined) return null;
  const p = data.record.publicity;
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      style={{ marginBottom: 20 }}
      items={[
        { key: 'subject', label: '信用主体', children: data.subject.name },
        { key: 'record', label: '信用记录', children: recordTitle(data.record) },
        { key: 'provider', label: '信息提供单位', children: data.record.provider.name },
        { key: 'decision', label: '决定日期', children: formatDate(data.record.decisionDate) },
        {
          key: 'window',
          label: '公示期',
          children: `${formatDate(p.start)} 至 ${p.lastDay === null ? '—' : formatDate(p.lastDay)}`,
        },
        ...(p.earliestRepair === null
          ? []
          : [{ key: 'repair', label: '最早可申请修复', children: formatDate(p.earliestRepair) }]),
      ]}
    />
  );
}
