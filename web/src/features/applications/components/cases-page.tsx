import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Form, Input, Modal, Radio, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { validated } from '../../../lib/forms';
import { can, useSession } from '../../../lib/session';
import { RecordDrawer } from '../../subject/components/record-drawer';
import {
  type Application,
  type ApplicationKind,
  acceptRepair,
  decideObjection,
  decideRepair,
  extendObjection,
  type ObjectionOutcome,
  OPEN_STATUSES,
  SUBTYPE_LABELS,
  statusOf,
  useApplications,
} from '../api/applications';
import { ApplicationDetails, DeadlineTag, formatDue } from './application-result';

const OPEN = OPEN_STATUSES;

function DecideModal({ a, onDone }: { a: Application | null; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ outcome: string; reason: string }>();
  const [saving, setSaving] = useState(false);
  if (a === null) return null;
  const objection = a.kind === 'objection';
  const save = async () => {
    const v = await validated(form);
    if (v === null) return;
    setSaving(true);
    try {
      if (v.outcome === 'extend') await extendObjection(a.no, v.reason);
      else if (objection) await decideObjection(a.no, v.outcome as ObjectionOutcome, v.reason);
      else await decideRepair(a.no, v.outcome === 'approve', v.reason);
      message.success('已办理');
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      title={`办理 ${a.no}`}
      open
      onCancel={onDone}
      onOk={save}
      okText="提交"
      confirmLoading={saving}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="outcome" label="处理结果" rules={[{ required: true, message: '请选择处理结果' }]}>
          {objection ? (
            <Select
              options={[
                { value: 'corrected', label: '异议成立：更正信息' },
                { value: 'revoked', label: '异议成立：撤销信息' },
                { value: 'removed', label: '异议成立：移出名单' },
                { value: 'unchanged', label: '异议不成立：维持原信息' },
                ...(a.status !== 'extended'
                  ? [{ value: 'extend', label: '延期办理（仅一次，须说明理由）' }]
                  : []),
              ]}
            />
          ) : (
            <Radio.Group
              options={[
                { value: 'approve', label: '准予修复（终止公示、停止共享、解除惩戒）' },
                { value: 'reject', label: '不予修复' },
              ]}
            />
          )}
        </Form.Item>
        <Form.Item name="reason" label="理由" rules={[{ required: true, min: 2, message: '请说明理由' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Queue({ kind }: { kind: ApplicationKind }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const session = useSession();
  const { data, isLoading } = useApplications(kind);
  const [filter, setFilter] = useState<'open' | 'overdue' | 'all'>('open');
  const [deciding, setDeciding] = useState<Application | null>(null);
  const [viewing, setViewing] = useState<Application | null>(null);
  const [record, setRecord] = useState<number | null>(null);
  const canDecide = can(session.data, kind === 'objection' ? 'objection.decide' : 'repair.decide');
  const refresh = () => client.invalidateQueries({ queryKey: ['applications', kind] });
  const rows = (data ?? []).filter((a) =>
    filter === 'all' ? true : filter === 'overdue' ? a.overdue : OPEN.has(a.status),
  );
  const accept = async (a: Application) => {
    try {
      await acceptRepair(a.no);
      message.success('已受理');
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <>
      <Radio.Group
        optionType="button"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        style={{ marginBottom: 12 }}
        options={[
          { value: 'open', label: `在办（${(data ?? []).filter((a) => OPEN.has(a.status)).length}）` },
          { value: 'overdue', label: `已超期（${(data ?? []).filter((a) => a.overdue).length}）` },
          { value: 'all', label: '全部' },
        ]}
      />
      <Table<Application>
        rowKey="no"
        loading={isLoading}
        dataSource={rows}
        scroll={{ x: 1000 }}
        locale={{ emptyText: '暂无申请' }}
        columns={[
          {
            title: '申请编号',
            render: (_, a) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setViewing(a)}>
                {a.no}
              </Button>
            ),
          },
          { title: '事项', render: (_, a) => SUBTYPE_LABELS[a.subtype] ?? a.subtype },
          {
            title: '信用记录',
            render: (_, a) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setRecord(a.recordId)}>
                #{a.recordId}
              </Button>
            ),
          },
          { title: '申请人', dataIndex: 'applicantName' },
          { title: '提交日期', render: (_, a) => formatDate(a.filedOn) },
          { title: '办理时限', render: (_, a) => formatDue(a) },
          { title: '倒计时', render: (_, a) => <DeadlineTag a={a} /> },
          { title: '状态', render: (_, a) => <Tag color={statusOf(a).color}>{statusOf(a).text}</Tag> },
          {
            title: '操作',
            render: (_, a) =>
              canDecide &&
              OPEN.has(a.status) && (
                <Space>
                  {kind === 'repair' && a.status === 'submitted' && (
                    <Button size="small" onClick={() => accept(a)}>
                      受理
                    </Button>
                  )}
                  <Button size="small" type="primary" onClick={() => setDeciding(a)}>
                    办理
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <DecideModal
        a={deciding}
        onDone={() => {
          setDeciding(null);
          void refresh();
        }}
      />
      <Drawer open={viewing !== null} onClose={() => setViewing(null)} title={viewing?.no} size={720}>
        {viewing !== null && <ApplicationDetails a={viewing} />}
      </Drawer>
      <RecordDrawer id={record} onClose={() => setRecord(null)} />
    </>
  );
}

/** Objections and repairs on the provider's records (or all, for the credit centre), with statutory countdowns. */
export function CasesPage() {
  return (
    <>
      <PageHeader
        title="异议与修复办理"
        description="针对本单位信用记录的异议申请和信用修复申请。办理时限按法定工作日计算（含调休），临近和超过时限的申请会标出。"
      />
      <Card>
        <Tabs
          items={[
            { key: 'objection', label: '异议申请', children: <Queue kind="objection" /> },
            { key: 'repair', label: '信用修复申请', children: <Queue kind="repair" /> },
          ]}
        />
      </Card>
    </>
  );
}

/** A subject user's own applications. */
export function MyApplicationsPage() {
  return (
    <>
      <PageHeader title="我的申请" description="本主体提交的异议申诉和信用修复申请及其办理进度。" />
      <Card>
        <Tabs
          items={[
            { key: 'objection', label: '异议申诉', children: <Queue kind="objection" /> },
            { key: 'repair', label: '信用修复', children: <Queue kind="repair" /> },
          ]}
        />
      </Card>
    </>
  );
}
