import { Alert, Descriptions, Tag, Timeline } from 'antd';
import { formatDate, formatInstant } from '../../../lib/format';
import { type Application, OUTCOME_LABELS, SUBTYPE_LABELS, statusOf } from '../api/applications';

/** Working days left until the statutory deadline, as a tag (red when overdue). */
export function DeadlineTag({
  a,
}: {
  a: Pick<Application, 'dueOn' | 'duePending' | 'workingDaysLeft' | 'overdue' | 'status'>;
}) {
  if (a.status === 'decided' || a.status === 'refused') return <Tag>已办结</Tag>;
  if (a.duePending !== null) return <Tag color="gold">待定：{a.duePending}</Tag>;
  if (a.overdue) return <Tag color="red">已超期</Tag>;
  if (a.workingDaysLeft === null) return <Tag>—</Tag>;
  return <Tag color={a.workingDaysLeft <= 3 ? 'orange' : 'blue'}>剩余 {a.workingDaysLeft} 个工作日</Tag>;
}

/** The due date, or 待定 while the year it falls in has no published holiday arrangement. */
export function formatDue(a: Pick<Application, 'dueOn' | 'duePending'>): string {
  return a.dueOn === null && a.duePending !== null ? '待定' : formatDate(a.dueOn);
}

const EVENT_LABELS: Readonly<Record<string, string>> = {
  submitted: '提交申请',
  returned: '退回补正',
  accepted: '受理',
  extended: '延期',
  decided: '作出决定',
  refused: '不予受理',
};

/** An application's number, status, deadline, outcome and history. */
export function ApplicationDetails({ a }: { a: Application }) {
  const status = statusOf(a);
  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'no', label: '申请编号', children: a.no },
          { key: 'kind', label: '业务类型', children: a.kind === 'objection' ? '异议申诉' : '信用修复' },
          { key: 'subtype', label: '申请事项', children: SUBTYPE_LABELS[a.subtype] ?? a.subtype },
          { key: 'status', label: '当前状态', children: <Tag color={status.color}>{status.text}</Tag> },
          { key: 'filed', label: '提交日期', children: formatDate(a.filedOn) },
          {
            key: 'due',
            label: '办理时限',
            children: (
              <span>
                {formatDue(a)} <DeadlineTag a={a} />
              </span>
            ),
          },
          { key: 'record', label: '信用记录编号', children: a.recordId },
          { key: 'applicant', label: '申请人', children: a.applicantName },
        ]}
      />
      {a.outcome !== null && (
        <Alert
          style={{ marginTop: 12 }}
          type={['corrected', 'revoked', 'removed', 'approved'].includes(a.outcome) ? 'success' : 'info'}
          showIcon
          title={OUTCOME_LABELS[a.outcome] ?? a.outcome}
          description={a.outcomeReason ?? undefined}
        />
      )}
      {a.missing !== null && a.missing.length > 0 && (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          title="需补正的材料"
          description={a.missing.join('；')}
        />
      )}
      {a.events.length > 0 && (
        <Timeline
          style={{ marginTop: 20 }}
          items={a.events.map((e) => ({
            key: `${e.at}-${e.to}`,
            content: (
              <span>
                {formatInstant(e.at)} {EVENT_LABELS[e.to] ?? e.to}
                {e.note !== null && e.note !== '' && `：${e.note}`}
              </span>
            ),
          }))}
        />
      )}
    </>
  );
}
