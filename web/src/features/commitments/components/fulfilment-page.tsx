import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api';
import { validated } from '../../../lib/forms';
import { useSession } from '../../../lib/session';
import type { CreditRecord } from '../../subject/api/credit-file';
import { RecordDrawer } from '../../subject/components/record-drawer';
import { type FulfilmentInput, fieldOf, recordFulfilment } from '../api/commitments';
import { CommitmentRecords } from './commitment-records';

function FulfilmentModal({ record, onClose }: { record: CreditRecord; onClose: () => void }) {
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<FulfilmentInput>();
  const [saving, setSaving] = useState(false);
  const status = Form.useWatch('status', form);
  const save = async () => {
    const v = await validated(form);
    if (v === null) return;
    setSaving(true);
    try {
      const res = await recordFulfilment(record.id, { status: v.status, note: v.note.trim() });
      await client.invalidateQueries({ queryKey: ['commitments'] });
      await client.invalidateQueries({ queryKey: ['credit-file'] });
      onClose();
      if (res.breachRecordId === null) message.success('已登记践诺');
      else
        modal.info({
          title: '已登记违诺',
          content: `已生成违背信用承诺记录（记录编号 ${res.breachRecordId}），依法公示并纳入失信信息。`,
        });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      title={`登记履约情况：${fieldOf(record, 'CN_BH') ?? `记录 #${record.id}`}`}
      open
      onCancel={onClose}
      onOk={save}
      okText="登记"
      okButtonProps={{ danger: status === 'breached' }}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {fieldOf(record, 'CN_LX')} · {fieldOf(record, 'CN_SY')}
      </Typography.Paragraph>
      <Form<FulfilmentInput> form={form} layout="vertical" initialValues={{ status: 'kept' }}>
        <Form.Item name="status" label="履约情况" rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'kept', label: '践诺（已履行承诺）' },
              { value: 'breached', label: '违诺（未履行承诺）' },
            ]}
          />
        </Form.Item>
        {status === 'breached' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="登记违诺将生成一条违背信用承诺的失信记录，该主体在修复前不能再适用告知承诺制。"
          />
        )}
        <Form.Item
          name="note"
          label="核查情况说明"
          rules={[{ required: true, min: 2, message: '请说明核查情况' }]}
        >
          <Input.TextArea rows={4} maxLength={2000} placeholder="如：经现场核查，承诺事项均已落实" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 承诺履约核查: the accepting unit looks up a subject's commitments and records whether each was kept. */
export function FulfilmentPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const subject = params.get('subject') ?? '';
  const [editing, setEditing] = useState<CreditRecord | null>(null);
  const [record, setRecord] = useState<number | null>(null);
  const ownCode = session.data?.provider?.code;
  const isAdmin = session.data?.role === 'platform_admin';
  return (
    <>
      <PageHeader
        title="承诺履约核查"
        description={`作为承诺受理单位，核查信用承诺的履行情况并登记践诺或违诺。${
          session.data?.provider === undefined ? '' : `本单位：${session.data.provider.name}。`
        }`}
      />
      <Card>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Input.Search
            key={subject}
            defaultValue={subject}
            style={{ maxWidth: 520 }}
            placeholder="作出承诺的主体的统一社会信用代码"
            enterButton="查询承诺"
            aria-label="作出承诺的主体的统一社会信用代码"
            maxLength={40}
            onSearch={(v) => {
              const t = v.trim().toUpperCase();
              setParams(t === '' ? {} : { subject: t }, { replace: true });
            }}
          />
          {subject !== '' && (
            <CommitmentRecords
              subject={subject}
              onOpen={setRecord}
              action={(r) =>
                r.status === 'active' &&
                (fieldOf(r, 'CN_LYZT') ?? '履约中') === '履约中' &&
                (isAdmin || r.provider.code === ownCode) ? (
                  <Button size="small" onClick={() => setEditing(r)}>
                    登记履约
                  </Button>
                ) : null
              }
            />
          )}
          <Typography.Text type="secondary">只能登记本单位受理的承诺的履约情况。</Typography.Text>
        </Space>
      </Card>
      {editing !== null && <FulfilmentModal record={editing} onClose={() => setEditing(null)} />}
      <RecordDrawer id={record} onClose={() => setRecord(null)} />
    </>
  );
}
