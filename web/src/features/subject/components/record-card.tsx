import { Button, Card, Descriptions, Space, Tag } from 'antd';
import { Link } from 'react-router';
import { formatDate } from '../../../lib/format';
import { RECORD_STATUS_LABELS, SEVERITY_LABELS } from '../../../lib/labels';
import { type CreditRecord, fieldText } from '../api/credit-file';
import { publicityUntil } from '../api/publicity-window';

/** Fields that repeat the subject's own identity (shown once in the page header). */
const IDENTITY = /(_XDR_|^DJ_(MC|TYSHXYDM|ZCH|ZZJGDM)$|_XDR$|_ZJHM$)/;
/** Fields the card already shows elsewhere (title, provider, decision date) or that only the drawer needs. */
const SECONDARY = /(文号|文书号|统一社会信用代码|法定代表人|数据来源|决定日期|备注)/;
/** Fields worth a line on the card; everything is in the detail drawer. */
const MAX_FIELDS = 8;

export function recordTitle(r: CreditRecord): string {
  const doc = r.fields.find((f) => /文号|编号|决定书|文书号/.test(f.label) && fieldText(f) !== null);
  const text = doc === undefined ? null : fieldText(doc);
  return text === null ? r.item.name : `${r.item.name} · ${text}`;
}

export function ObjectionTag({ state }: { state: string }) {
  return state === 'under_objection' ? <Tag color="orange">异议处理中</Tag> : null;
}

export function RecordCard({
  record,
  onOpen,
  showAllFields = false,
}: {
  record: CreditRecord;
  onOpen: (id: number) => void;
  showAllFields?: boolean;
}) {
  const status = RECORD_STATUS_LABELS[record.status];
  const fields = record.fields.filter(
    (f) => fieldText(f) !== null && (showAllFields || (!IDENTITY.test(f.code) && !SECONDARY.test(f.label))),
  );
  const shown = showAllFields ? fields : fields.slice(0, MAX_FIELDS);
  const until = publicityUntil(record.publicity.lastDay);
  const negative = record.publicity.severity !== null;
  return (
    <Card
      className="record-card"
      size="small"
      title={recordTitle(record)}
      extra={
        <Button type="link" onClick={() => onOpen(record.id)} aria-label={`查看详情：${recordTitle(record)}`}>
          查看详情
        </Button>
      }
    >
      <Space wrap size={[6, 6]} style={{ marginBottom: 8 }}>
        {status !== undefined && record.status !== 'active' && <Tag color={status.color}>{status.text}</Tag>}
        {record.publicity.severity !== null && (
          <Tag color={record.publicity.severity === 'serious' ? 'red' : 'volcano'}>
            {SEVERITY_LABELS[record.publicity.severity]}
          </Tag>
        )}
        <ObjectionTag state={record.objection} />
        {until !== null && <Tag color="blue">{until}</Tag>}
        {!record.publicity.visibleToPublic && <Tag>不向社会公示</Tag>}
      </Space>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={shown.map((f) => ({
          key: f.code,
          label: f.label,
          children: <span className="field-text">{fieldText(f)}</span>,
        }))}
      />
      <div className="record-meta">
        <span>信息提供单位：{record.provider.name}</span>
        {record.decisionDate !== null && <span>决定日期：{formatDate(record.decisionDate)}</span>}
        {negative && record.publicity.earliestRepair !== null && record.status === 'active' && (
          <span>
            可申请信用修复日期：{formatDate(record.publicity.earliestRepair)}（
            <Link to={`/repairs/new?record=${record.id}`}>申请信用修复</Link>）
          </span>
        )}
        <span>
          <Link to={`/objections/new?record=${record.id}`}>对此信息有异议</Link>
        </span>
      </div>
    </Card>
  );
}
