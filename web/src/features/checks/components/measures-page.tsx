import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Modal, Table, Tag } from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api';
import { can, useSession } from '../../../lib/session';
import { decideMeasureBasis, EFFECT_LABELS, useMeasures, useScenarios } from '../api/checks';

interface MeasureSpecView {
  name?: string;
  effect?: string;
  scenarios?: string[];
  legalBasis?: string;
  implementingBody?: string;
  nationalListEntry?: string | null;
}

/** 确认 / 撤回 a measure's legal basis (platform admins); a withdrawal asks for the reason. */
function BasisButton({ code, confirmed }: { code: string; confirmed: boolean }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  const decide = async (next: boolean, note?: string) => {
    try {
      await decideMeasureBasis(code, next, note);
      message.success(next ? '已确认法律依据' : '已撤回确认');
      setWithdrawing(false);
      await client.invalidateQueries({ queryKey: ['measures'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return confirmed ? (
    <>
      <Button size="small" danger onClick={() => setWithdrawing(true)}>
        撤回确认
      </Button>
      <Modal
        title="撤回法律依据确认"
        open={withdrawing}
        okText="撤回"
        okButtonProps={{ disabled: reason.trim() === '' }}
        onOk={() => void decide(false, reason)}
        onCancel={() => setWithdrawing(false)}
      >
        <Input.TextArea
          rows={3}
          placeholder="撤回理由（必填）"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  ) : (
    <Button size="small" type="primary" onClick={() => void decide(true, '已核实设定依据原文')}>
      确认依据
    </Button>
  );
}

export function MeasuresPage() {
  const measures = useMeasures();
  const scenarios = useScenarios();
  const session = useSession();
  const admin = can(session.data, 'measure.confirm_basis');
  const scenarioName = (c: string) => scenarios.data?.find((s) => s.code === c)?.name ?? c;
  return (
    <>
      <PageHeader
        title="奖惩措施清单"
        description="失信惩戒和守信激励措施（清单制管理）：适用场景、法律依据和实施单位。法律依据未经确认的禁止类措施在核查中只作提示（需人工核实法律依据），不作禁止结论；管理员核实依据后予以确认（记入审计链）。措施的新增和修改接口建设中。"
      />
      <Card title="业务场景" style={{ marginBottom: 16 }}>
        <Table
          rowKey="code"
          size="small"
          loading={scenarios.isLoading}
          dataSource={scenarios.data ?? []}
          pagination={false}
          columns={[
            { title: '代码', dataIndex: 'code', width: 200 },
            { title: '名称', dataIndex: 'name', width: 200 },
            { title: '说明', dataIndex: 'description' },
            { title: '依据', dataIndex: 'basis' },
          ]}
        />
      </Card>
      <Card title="措施">
        <Table
          rowKey="code"
          size="small"
          loading={measures.isLoading}
          dataSource={measures.data ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: '代码', dataIndex: 'code', width: 220 },
            { title: '版本', dataIndex: 'version', width: 70 },
            { title: '名称', render: (_, m) => (m.spec as MeasureSpecView).name ?? '—' },
            {
              title: '类型',
              render: (_, m) => {
                const e = (m.spec as MeasureSpecView).effect;
                return e === undefined ? (
                  '—'
                ) : (
                  <Tag color={e === 'bar' ? 'red' : e === 'restrict' ? 'orange' : 'cyan'}>
                    {EFFECT_LABELS[e] ?? e}
                  </Tag>
                );
              },
            },
            {
              title: '适用场景',
              render: (_, m) => ((m.spec as MeasureSpecView).scenarios ?? []).map(scenarioName).join('、'),
            },
            { title: '依据', render: (_, m) => (m.spec as MeasureSpecView).legalBasis ?? '—' },
            {
              title: '基础清单条目',
              render: (_, m) => (m.spec as MeasureSpecView).nationalListEntry ?? '地方措施或激励措施',
            },
            {
              title: '依据确认',
              width: 190,
              render: (_, m) => (
                <>
                  {m.basisConfirmed ? <Tag color="green">已确认</Tag> : <Tag color="gold">待确认</Tag>}
                  {admin && <BasisButton code={m.code} confirmed={m.basisConfirmed} />}
                </>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
