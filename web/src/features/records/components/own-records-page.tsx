import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { validated } from '../../../lib/forms';
import { RECORD_STATUS_LABELS } from '../../../lib/labels';
import { can, useSession } from '../../../lib/session';
import { useCatalogItem } from '../../catalog/api/catalog';
import { useSubjectSearch } from '../../search/api/search-subjects';
import { type CreditRecord, fieldText, useCreditFile } from '../../subject/api/credit-file';
import { ObjectionTag, recordTitle } from '../../subject/components/record-card';
import { RecordDrawer } from '../../subject/components/record-drawer';
import { correctRecord, type FieldValue, revokeRecord } from '../api/change-record';

const IDENTITY = /(_XDR_MC|_XDR_SHXYM|_XDR_ZJHM|_XDR_LB)$/;

function CorrectModal({ record, onDone }: { record: CreditRecord | null; onDone: () => void }) {
  const { message } = App.useApp();
  const item = useCatalogItem(record?.item.code);
  const [form] = Form.useForm<Record<string, string>>();
  const [saving, setSaving] = useState(false);
  if (record === null) return null;
  const enumFields = new Set(
    (item.data?.spec.fields ?? []).filter((f) => f.type === 'enum').map((f) => f.code),
  );
  const initial = Object.fromEntries(
    record.fields.map((f) => [
      f.code,
      enumFields.has(f.code)
        ? (fieldText(f) ?? '')
        : typeof f.value === 'string'
          ? f.value
          : (fieldText(f) ?? ''),
    ]),
  );
  const save = async () => {
    const values = await validated(form);
    if (values === null) return;
    const { reason, ...rest } = values;
    const changed: Record<string, FieldValue> = {};
    for (const [code, v] of Object.entries(rest))
      if ((v ?? '') !== (initial[code] ?? '')) changed[code] = v === '' ? null : v;
    if (Object.keys(changed).length === 0) {
      message.info('没有修改任何字段');
      return;
    }
    setSaving(true);
    try {
      const res = await correctRecord(record.id, changed, reason ?? '');
      message.success(`已更正：${res.changed.length} 个字段，生成新版本`);
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      title={`更正：${recordTitle(record)}`}
      open
      onCancel={onDone}
      onOk={save}
      okText="提交更正"
      confirmLoading={saving}
      width={760}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="更正会生成记录的新版本，原版本保留可查；请写明更正原因。"
      />
      <Form form={form} layout="vertical" initialValues={initial}>
        {record.fields
          .filter((f) => !IDENTITY.test(f.code))
          .map((f) => (
            <Form.Item key={f.code} name={f.code} label={`${f.label}（${f.code}）`}>
              <Input />
            </Form.Item>
          ))}
        <Form.Item
          name="reason"
          label="更正原因"
          rules={[{ required: true, min: 2, message: '请填写更正原因' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RevokeModal({ record, onDone }: { record: CreditRecord | null; onDone: () => void }) {
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  if (record === null) return null;
  const save = async () => {
    setSaving(true);
    try {
      await revokeRecord(record.id, reason.trim());
      message.success('记录已撤销，停止公示');
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      title={`撤销：${recordTitle(record)}`}
      open
      onCancel={onDone}
      onOk={save}
      okText="确认撤销"
      okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph>
        撤销后该记录停止公示，原记录保留备查。行政处罚决定被依法撤销的，应在三日内撤回公示并说明理由。
      </Typography.Paragraph>
      <label htmlFor="revoke-reason">撤销原因</label>
      <Input.TextArea
        id="revoke-reason"
        rows={3}
        maxLength={1000}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
    </Modal>
  );
}

export function OwnRecordsPage() {
  const session = useSession();
  const client = useQueryClient();
  const [q, setQ] = useState('');
  const [subject, setSubject] = useState<string | null>(null);
  const search = useSubjectSearch(q, 1);
  const file = useCreditFile(subject ?? '');
  const [open, setOpen] = useState<number | null>(null);
  const [correcting, setCorrecting] = useState<CreditRecord | null>(null);
  const [revoking, setRevoking] = useState<CreditRecord | null>(null);
  const records = (file.data?.groups ?? [])
    .flatMap((g) => g.records)
    .filter((r) => r.item.code !== 'REGISTRATION');
  const done = async () => {
    setCorrecting(null);
    setRevoking(null);
    await client.invalidateQueries({ queryKey: ['credit-file'] });
  };
  return (
    <>
      <PageHeader
        title="本单位信用记录"
        description="按主体名称或代码查找本单位报送的记录，核对后可更正或撤销；每次变更都生成新版本并记入审计链。"
      />
      <Card style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder="主体名称或统一社会信用代码"
          enterButton="查找主体"
          allowClear
          onSearch={(v) => {
            setQ(v.trim());
            setSubject(null);
          }}
          aria-label="主体名称或统一社会信用代码"
          style={{ maxWidth: 560 }}
        />
        {q !== '' && subject === null && (
          <Table
            style={{ marginTop: 12 }}
            size="small"
            rowKey="id"
            loading={search.isFetching}
            dataSource={search.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: <Empty description="未找到主体" /> }}
            columns={[
              { title: '名称', dataIndex: 'name' },
              { title: '统一社会信用代码', dataIndex: 'uscc', render: (v: string | null) => v ?? '—' },
              {
                title: '',
                render: (_, s) => (
                  <Button size="small" onClick={() => setSubject(s.uscc ?? String(s.id))}>
                    查看记录
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      {subject !== null && (
        <Card title={file.data?.subject.name ?? '信用记录'} loading={file.isLoading}>
          {file.error !== null ? (
            <Alert type="error" showIcon title={errorMessage(file.error)} />
          ) : (
            <Table<CreditRecord>
              rowKey="id"
              size="small"
              dataSource={records}
              pagination={false}
              scroll={{ x: 1000 }}
              columns={[
                {
                  title: '记录',
                  render: (_, r) => (
                    <Button
                      type="link"
                      onClick={() => setOpen(r.id)}
                      style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                    >
                      {recordTitle(r)}
                    </Button>
                  ),
                },
                { title: '提供单位', render: (_, r) => r.provider.name },
                {
                  title: '状态',
                  render: (_, r) => (
                    <Space size={4} wrap>
                      <Tag color={RECORD_STATUS_LABELS[r.status]?.color}>
                        {RECORD_STATUS_LABELS[r.status]?.text ?? r.status}
                      </Tag>
                      <ObjectionTag state={r.objection} />
                      {r.provenance?.late === true && <Tag color="orange">逾期报送</Tag>}
                    </Space>
                  ),
                },
                { title: '版本', dataIndex: 'version', align: 'right' },
                { title: '决定日期', render: (_, r) => formatDate(r.decisionDate) },
                {
                  title: '公示期至',
                  render: (_, r) => formatDate(r.publicity.lastDay),
                },
                {
                  title: '操作',
                  render: (_, r) =>
                    r.status !== 'active' ? null : (
                      <Space>
                        {can(session.data, 'record.correct') && (
                          <Button size="small" onClick={() => setCorrecting(r)}>
                            更正
                          </Button>
                        )}
                        {can(session.data, 'record.revoke') && (
                          <Button size="small" danger onClick={() => setRevoking(r)}>
                            撤销
                          </Button>
                        )}
                      </Space>
                    ),
                },
              ]}
            />
          )}
        </Card>
      )}
      <RecordDrawer id={open} onClose={() => setOpen(null)} />
      <CorrectModal record={correcting} onDone={done} />
      <RevokeModal record={revoking} onDone={done} />
    </>
  );
}
