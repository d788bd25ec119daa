import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Space, Table, Tag } from 'antd';
import { PageHeader } from '../../../components/page-header';
import { api, errorMessage, unwrap } from '../../../lib/api';
import { formatInstant } from '../../../lib/format';
import { can, useSession } from '../../../lib/session';
import { BINDING_STATUS_LABELS, type Binding, useBindings } from '../api/access';

export function BindingsPage() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const session = useSession();
  const { data, isLoading } = useBindings();
  const decide = can(session.data, 'binding.decide');
  const request = can(session.data, 'binding.request');

  const act = async (id: number, action: 'approve' | 'reject' | 'revoke') => {
    try {
      const path = `/api/v1/subject-bindings/{id}/${action}` as const;
      unwrap(await api.POST(path, { params: { path: { id } }, body: {} }));
      message.success('已处理');
      await client.invalidateQueries({ queryKey: ['bindings'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const submit = async (v: { uscc: string; evidence: string }) => {
    try {
      unwrap(
        await api.POST('/api/v1/subject-bindings', {
          body: { uscc: v.uscc.trim().toUpperCase(), evidence: v.evidence },
        }),
      );
      message.success('绑定申请已提交，待信用中心审核');
      await client.invalidateQueries({ queryKey: ['bindings'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      <PageHeader
        title="主体绑定"
        description={
          decide
            ? '审核用户代表信用主体办理业务的绑定申请。'
            : '将账号绑定到所代表的信用主体，审核通过后可查看本主体完整信用档案和查询记录。'
        }
      />
      {request && (
        <Card title="申请绑定信用主体" style={{ marginBottom: 16 }}>
          <Form layout="vertical" onFinish={submit} style={{ maxWidth: 560 }}>
            <Form.Item
              name="uscc"
              label="统一社会信用代码"
              rules={[
                { required: true, pattern: /^[0-9A-Za-z]{18}$/, message: '请输入 18 位统一社会信用代码' },
              ]}
            >
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="evidence"
              label="证明材料编号"
              rules={[{ required: true, message: '请填写证明材料编号' }]}
              extra="营业执照、授权委托书等材料的编号或存档号"
            >
              <Input maxLength={1000} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              提交申请
            </Button>
          </Form>
        </Card>
      )}
      <Card title="绑定申请">
        <Table<Binding>
          rowKey="id"
          loading={isLoading}
          dataSource={data ?? []}
          scroll={{ x: 900 }}
          columns={[
            {
              title: '信用主体',
              render: (_, b) => `${b.subject.name}${b.subject.uscc === null ? '' : `（${b.subject.uscc}）`}`,
            },
            { title: '证明材料', dataIndex: 'evidence' },
            {
              title: '状态',
              render: (_, b) => (
                <Tag color={BINDING_STATUS_LABELS[b.status]?.color}>
                  {BINDING_STATUS_LABELS[b.status]?.text ?? b.status}
                </Tag>
              ),
            },
            { title: '申请时间', render: (_, b) => formatInstant(b.requestedAt) },
            { title: '处理时间', render: (_, b) => formatInstant(b.decidedAt) },
            ...(decide
              ? [
                  {
                    title: '操作',
                    render: (_: unknown, b: Binding) => (
                      <Space>
                        {b.status === 'pending' && (
                          <>
                            <Button size="small" type="primary" onClick={() => act(b.id, 'approve')}>
                              批准
                            </Button>
                            <Button size="small" onClick={() => act(b.id, 'reject')}>
                              驳回
                            </Button>
                          </>
                        )}
                        {b.status === 'approved' && (
                          <Button size="small" danger onClick={() => act(b.id, 'revoke')}>
                            解除
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </>
  );
}
