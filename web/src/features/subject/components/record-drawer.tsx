import {
  Alert,
  Collapse,
  Descriptions,
  Drawer,
  Grid,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { errorMessage } from '../../../lib/api';
import { formatDate, formatInstant } from '../../../lib/format';
import { RECORD_STATUS_LABELS, SEVERITY_LABELS, VIEW_LABELS } from '../../../lib/labels';
import { fieldText, useRecordDetail } from '../api/credit-file';
import { CHANGE_KIND_LABELS } from '../api/publicity-window';
import { ObjectionTag, recordTitle } from './record-card';

/** Record detail: every field, how its publicity window was computed, and its versions. */
export function RecordDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { data, isLoading, error } = useRecordDetail(id);
  const screens = Grid.useBreakpoint();
  const record = data?.record;
  const p = data?.publicity;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      title={record === undefined ? '记录详情' : recordTitle(record)}
      destroyOnHidden
    >
      {isLoading ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : error !== null ? (
        <Alert type="error" showIcon title="无法加载记录" description={errorMessage(error)} />
      ) : record === undefined || p === undefined || data === undefined ? null : (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Space wrap>
            <Tag color={RECORD_STATUS_LABELS[record.status]?.color}>
              {RECORD_STATUS_LABELS[record.status]?.text ?? record.status}
            </Tag>
            {p.severity !== null && <Tag color="volcano">{SEVERITY_LABELS[p.severity] ?? p.severity}</Tag>}
            <ObjectionTag state={record.objection} />
            <Tag>{VIEW_LABELS[data.view] ?? data.view}</Tag>
            <Typography.Text type="secondary">第 {record.version} 版</Typography.Text>
          </Space>

          <section aria-label="记录内容">
            <Descriptions
              bordered
              size="small"
              column={1}
              items={[
                { key: 'subject', label: '信用主体', children: data.subject.name },
                { key: 'provider', label: '信息提供单位', children: record.provider.name },
                ...record.fields
                  .filter((f) => fieldText(f) !== null)
                  .map((f) => ({
                    key: f.code,
                    label: f.label,
                    children: <span className="field-text">{fieldText(f)}</span>,
                  })),
              ]}
            />
          </section>

          <section aria-labelledby="publicity-heading">
            <Typography.Title level={5} id="publicity-heading">
              公示期说明
            </Typography.Title>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'published', label: '是否公示', children: p.published ? '向社会公示' : '不予公示' },
                { key: 'start', label: '公示起始日', children: formatDate(p.start) },
                {
                  key: 'end',
                  label: '公示期至',
                  children:
                    record.publicity.lastDay === null
                      ? '无固定期限（随主体登记状态公示）'
                      : formatDate(record.publicity.lastDay),
                },
                ...(p.earliestRepair === null
                  ? []
                  : [{ key: 'repair', label: '最早可申请信用修复', children: formatDate(p.earliestRepair) }]),
                ...(p.citation === null ? [] : [{ key: 'citation', label: '依据', children: p.citation }]),
                ...(p.ruleSetId === null ? [] : [{ key: 'rule', label: '规则版本', children: p.ruleSetId }]),
              ]}
            />
            {p.steps.length > 0 && (
              <Collapse
                size="small"
                items={[
                  {
                    key: 'steps',
                    label: '计算过程',
                    children: (
                      <ol style={{ margin: 0, paddingLeft: 20 }}>
                        {p.steps.map((s) => (
                          <li key={s}>{s}</li>
                        ))}
                      </ol>
                    ),
                  },
                ]}
              />
            )}
          </section>

          <section aria-labelledby="history-heading">
            <Typography.Title level={5} id="history-heading">
              版本记录
            </Typography.Title>
            <Timeline
              items={[record, ...data.history]
                .filter((v, i, all) => all.findIndex((w) => w.version === v.version) === i)
                .sort((a, b) => b.version - a.version)
                .map((v) => ({
                  key: v.version,
                  color: v.version === record.version ? 'blue' : 'gray',
                  content: (
                    <div>
                      <strong>
                        第 {v.version} 版 · {CHANGE_KIND_LABELS[v.change.kind] ?? v.change.kind}
                      </strong>
                      <div style={{ color: '#5b6472', fontSize: 13 }}>
                        {formatInstant(v.change.at)}
                        {v.change.reason !== null && ` · 原因：${v.change.reason}`}
                      </div>
                    </div>
                  ),
                }))}
            />
          </section>
          {record.provenance !== null && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              报送时间 {formatInstant(record.provenance.receivedAt)}
              {record.provenance.batchId !== null && ` · 批次 ${record.provenance.batchId}`}
              {record.provenance.row !== null && ` 第 ${record.provenance.row} 行`}
              {record.provenance.late && ' · 超过 7 个工作日报送'}
            </Typography.Paragraph>
          )}
        </Space>
      )}
    </Drawer>
  );
}
