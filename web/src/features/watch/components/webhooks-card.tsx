import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../../lib/api';
import { formatCount, formatInstant } from '../../../lib/format';
import { disableWebhook, registerWebhook, useWebhooks, type Webhook } from '../api/watches';

/** A random secret for the HMAC signature (shown once, to be kept on the receiving system). */
function randomSecret(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * 推送地址 (webhooks): the same notifications POSTed to the user's own system, signed with HMAC-SM3; delivered,
 * pending and failed counts per address; an address can be disabled.
 */
export function WebhooksCard() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const webhooks = useWebhooks(true);
  const [form] = Form.useForm<{ url: string; secret: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['webhooks'] });

  const register = async (v: { url: string; secret: string }) => {
    setSaving(true);
    setError(null);
    try {
      await registerWebhook(v.url.trim(), v.secret.trim());
      message.success('推送地址已登记，请在接收系统中保存签名密钥');
      form.resetFields();
      await refresh();
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 400 && (e.problem.detail ?? '') !== ''
          ? `地址不可用：${e.problem.detail}`
          : errorMessage(e),
      );
    } finally {
      setSaving(false);
    }
  };
  const disable = async (w: Webhook) => {
    try {
      await disableWebhook(w.id);
      message.success('已停用');
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Card title="推送地址">
      <Typography.Paragraph type="secondary">
        登记本单位系统的接收地址后，上述动态提醒将同时以 JSON 推送到该地址，请求头 x-xinyong-signature
        携带以签名密钥计算的 HMAC-SM3 签名；投递失败的按 1、2、4……64 分钟间隔重试。内网、回环等地址不予登记。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={register}
        initialValues={{ secret: randomSecret() }}
        style={{ marginBottom: 16 }}
      >
        <Form.Item
          name="url"
          label="接收地址"
          rules={[{ required: true, pattern: /^https?:\/\/\S+$/, message: '请填写 http(s):// 开头的地址' }]}
        >
          <Input maxLength={500} placeholder="https://example.gov.cn/xinyong/notify" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="secret"
          label="签名密钥"
          rules={[{ required: true, min: 16, message: '至少 16 个字符' }]}
          extra="已随机生成，可替换；登记后不再显示，请先复制到接收系统"
        >
          <Input.Password maxLength={200} autoComplete="new-password" visibilityToggle />
        </Form.Item>
        {error !== null && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={saving}>
          登记推送地址
        </Button>
      </Form>
      <Table<Webhook>
        rowKey="id"
        size="small"
        loading={webhooks.isLoading}
        dataSource={webhooks.data ?? []}
        pagination={false}
        scroll={{ x: 720 }}
        locale={{ emptyText: '尚未登记推送地址' }}
        columns={[
          {
            title: '地址',
            render: (_, w) => (
              <span style={{ wordBreak: 'break-all' }}>
                {w.url}
                {w.lastError !== null && (
                  <Typography.Text type="danger" style={{ display: 'block', fontSize: 13 }}>
                    最近错误：{w.lastError}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            title: '状态',
            render: (_, w) =>
              w.status === 'active' ? (
                <Tag color="green">启用</Tag>
              ) : (
                <Tag>已停用 {formatInstant(w.disabledAt)}</Tag>
              ),
          },
          { title: '已送达', align: 'right', render: (_, w) => formatCount(w.delivered) },
          { title: '待投递', align: 'right', render: (_, w) => formatCount(w.pending) },
          {
            title: '失败',
            align: 'right',
            render: (_, w) => (
              <span style={{ color: w.failed > 0 ? '#c8251e' : undefined }}>{formatCount(w.failed)}</span>
            ),
          },
          { title: '登记时间', render: (_, w) => formatInstant(w.createdAt) },
          {
            title: '操作',
            render: (_, w) =>
              w.status === 'active' ? (
                <Popconfirm
                  title="停用后不再向该地址推送，确定停用？"
                  onConfirm={() => disable(w)}
                  okText="停用"
                >
                  <Button size="small" danger>
                    停用
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
