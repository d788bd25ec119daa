import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { api, errorMessage, unwrap } from '../../../lib/api';
import { formatInstant } from '../../../lib/format';
import { validated } from '../../../lib/forms';
import { ROLE_LABELS } from '../../../lib/labels';
import { providerNames, useProviders } from '../../providers/api/providers';
import { ProviderSelect } from '../../providers/components/provider-select';
import { type ApiClient, useClients } from '../api/access';

interface NewClient {
  name: string;
  role: 'provider_operator' | 'provider_reviewer' | 'credit_user' | 'regulator';
  providerId?: number;
  organization?: string;
  rateLimit?: number;
}

export function ClientsPage() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const { data, isLoading } = useClients();
  const providers = providerNames(useProviders().data);
  const [creating, setCreating] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const [form] = Form.useForm<NewClient>();
  const role = Form.useWatch('role', form);
  const refresh = () => client.invalidateQueries({ queryKey: ['clients'] });

  const create = async () => {
    const v = await validated(form);
    if (v === null) return;
    try {
      const issued = unwrap(await api.POST('/api/v1/clients', { body: v }));
      setCreating(false);
      setToken(issued.token);
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const act = async (c: ApiClient, action: 'revoke' | 'rotate') => {
    try {
      if (action === 'revoke') {
        unwrap(await api.POST('/api/v1/clients/{id}/revoke', { params: { path: { id: c.id } } }));
        message.success('已吊销');
      } else {
        const issued = unwrap(
          await api.POST('/api/v1/clients/{id}/rotate', { params: { path: { id: c.id } }, body: {} }),
        );
        setToken(issued.token);
      }
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      <PageHeader
        title="接入系统"
        description="部门业务系统推送数据、应用单位系统调用核查接口时使用的 API 密钥。密钥只在创建和轮换时显示一次。"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            登记接入系统
          </Button>
        }
      />
      <Card>
        <Table<ApiClient>
          rowKey="id"
          loading={isLoading}
          dataSource={data ?? []}
          scroll={{ x: 1000 }}
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '密钥编号', dataIndex: 'keyId' },
            { title: '角色', render: (_, c) => ROLE_LABELS[c.role] ?? c.role },
            {
              title: '范围',
              render: (_, c) =>
                c.scope.providerId !== undefined
                  ? (providers.get(c.scope.providerId) ?? `提供单位 #${c.scope.providerId}`)
                  : (c.scope.organization ?? '—'),
            },
            { title: '限流（次/分）', render: (_, c) => c.rateLimit ?? '默认' },
            {
              title: '状态',
              render: (_, c) => (c.status === 'active' ? <Tag color="green">有效</Tag> : <Tag>已吊销</Tag>),
            },
            { title: '最近使用', render: (_, c) => formatInstant(c.lastUsedAt) },
            {
              title: '操作',
              render: (_, c) =>
                c.status === 'active' && (
                  <Space>
                    <Button size="small" onClick={() => act(c, 'rotate')}>
                      轮换密钥
                    </Button>
                    <Button size="small" danger onClick={() => act(c, 'revoke')}>
                      吊销
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Modal
        title="登记接入系统"
        open={creating}
        onCancel={() => setCreating(false)}
        onOk={create}
        okText="登记"
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="name" label="系统名称" rules={[{ required: true, message: '请填写系统名称' }]}>
            <Input maxLength={100} placeholder="如：市生态环境局数据交换" />
          </Form.Item>
          <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
            <Select
              options={(['provider_operator', 'provider_reviewer', 'credit_user', 'regulator'] as const).map(
                (r) => ({ value: r, label: ROLE_LABELS[r] }),
              )}
            />
          </Form.Item>
          {(role === 'provider_operator' || role === 'provider_reviewer') && (
            <Form.Item
              name="providerId"
              label="信息提供单位"
              rules={[{ required: true, message: '请选择信息提供单位' }]}
            >
              <ProviderSelect valueKind="id" />
            </Form.Item>
          )}
          {role === 'credit_user' && (
            <Form.Item
              name="organization"
              label="所属单位"
              rules={[{ required: true, message: '请填写所属单位' }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          )}
          <Form.Item name="rateLimit" label="限流（次/分钟，可选）">
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title="请立即保存密钥"
        open={token !== null}
        onCancel={() => setToken(null)}
        onOk={() => setToken(null)}
        okText="我已保存"
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert
          type="warning"
          showIcon
          title="密钥只显示这一次，关闭后无法再次查看。"
          style={{ marginBottom: 12 }}
        />
        <Typography.Paragraph copyable={{ text: token ?? '' }} code style={{ wordBreak: 'break-all' }}>
          {token}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          调用时在请求头中携带：Authorization: Bearer &lt;密钥&gt;
        </Typography.Text>
      </Modal>
    </>
  );
}
