import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { api, errorMessage, unwrap } from '../../../lib/api';
import { formatInstant } from '../../../lib/format';
import { validated } from '../../../lib/forms';
import { ROLE_LABELS } from '../../../lib/labels';
import { providerNames, useProviders } from '../../providers/api/providers';
import { ProviderSelect } from '../../providers/components/provider-select';
import { type User, useUsers } from '../api/access';

type Role = User['role'];
const ROLE_OPTIONS = Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }));

interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  providerId?: number;
  organization?: string;
  scenarios?: string[];
}

function scopeText(u: User, providers: ReadonlyMap<number, string>): string {
  const s = u.scope;
  return [
    s.providerId === undefined ? null : (providers.get(s.providerId) ?? `提供单位 #${s.providerId}`),
    s.organization ?? null,
    s.scenarios === undefined ? null : `场景 ${s.scenarios.join('、')}`,
    s.subjectId === undefined ? null : (u.subjectName ?? `主体 #${s.subjectId}`),
  ]
    .filter((x) => x !== null)
    .join('；');
}

export function UsersPage() {
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const { data, isLoading } = useUsers();
  const providers = providerNames(useProviders().data);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<NewUser>();
  const role = Form.useWatch('role', form);
  const refresh = () => client.invalidateQueries({ queryKey: ['users'] });

  const create = async () => {
    const v = await validated(form);
    if (v === null) return;
    try {
      unwrap(await api.POST('/api/v1/users', { body: v }));
      message.success(`已创建用户 ${v.username}`);
      setCreating(false);
      form.resetFields();
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const toggle = async (u: User) => {
    try {
      if (u.status === 'active')
        unwrap(await api.POST('/api/v1/users/{id}/disable', { params: { path: { id: u.id } } }));
      else unwrap(await api.POST('/api/v1/users/{id}/enable', { params: { path: { id: u.id } } }));
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const resetPassword = (u: User) => {
    let password = '';
    modal.confirm({
      title: `重置 ${u.displayName} 的密码`,
      content: (
        <Input.Password
          autoComplete="new-password"
          onChange={(e) => {
            password = e.target.value;
          }}
          aria-label="新密码"
        />
      ),
      okText: '重置',
      onOk: async () => {
        try {
          unwrap(
            await api.POST('/api/v1/users/{id}/password', {
              params: { path: { id: u.id } },
              body: { password },
            }),
          );
          message.success('密码已重置，该用户的所有会话已结束');
        } catch (e) {
          message.error(errorMessage(e));
          throw e;
        }
      },
    });
  };

  return (
    <>
      <PageHeader
        title="用户管理"
        description="为信用中心、信息提供单位、信用应用单位、监管部门和信用主体开通账号，并设定其范围。"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建用户
          </Button>
        }
      />
      <Card>
        <Table<User>
          rowKey="id"
          loading={isLoading}
          dataSource={data ?? []}
          scroll={{ x: 1000 }}
          columns={[
            { title: '用户名', dataIndex: 'username' },
            { title: '名称', dataIndex: 'displayName' },
            { title: '角色', render: (_, u) => ROLE_LABELS[u.role] ?? u.role },
            { title: '范围', render: (_, u) => scopeText(u, providers) || '—' },
            {
              title: '状态',
              render: (_, u) => (u.status === 'active' ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
            },
            { title: '最近登录', render: (_, u) => formatInstant(u.lastLoginAt) },
            {
              title: '操作',
              render: (_, u) => (
                <Space>
                  <Button size="small" onClick={() => toggle(u)}>
                    {u.status === 'active' ? '停用' : '启用'}
                  </Button>
                  <Button size="small" onClick={() => resetPassword(u)}>
                    重置密码
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        title="新建用户"
        open={creating}
        onCancel={() => setCreating(false)}
        onOk={create}
        okText="创建"
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="username"
            label="用户名"
            rules={[{ required: true, min: 3, message: '至少 3 个字符' }]}
          >
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
            <Select options={ROLE_OPTIONS} />
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
            <>
              <Form.Item
                name="organization"
                label="所属单位"
                rules={[{ required: true, message: '请填写所属单位' }]}
              >
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="scenarios" label="可核查的业务场景">
                <Select mode="tags" placeholder="如 procurement" />
              </Form.Item>
            </>
          )}
          <Form.Item
            name="password"
            label="初始密码"
            rules={[{ required: true, message: '请设置初始密码' }]}
            extra="至少 12 位，包含字母、数字和符号；弱密码会被拒绝"
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
