import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { ApiError, errorMessage } from '../../../lib/api';
import { validated } from '../../../lib/forms';
import { SECTOR_LABELS } from '../../../lib/labels';
import { can, useSession } from '../../../lib/session';
import { useCatalog } from '../../catalog/api/catalog';
import {
  PROVIDERS_KEY,
  type Provider,
  type ProviderInput,
  saveProvider,
  useProviders,
} from '../api/providers';

interface FormValues {
  code: string;
  name: string;
  uscc?: string;
  regionCode: string;
  sector: ProviderInput['sector'];
  items: string[];
  status: 'active' | 'suspended';
}

const SECTOR_OPTIONS = Object.entries(SECTOR_LABELS).map(([value, label]) => ({ value, label }));

function ProviderModal({
  provider,
  open,
  onClose,
}: {
  provider: Provider | null;
  open: boolean;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const catalog = useCatalog();
  const [form] = Form.useForm<FormValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const editing = provider !== null;

  const save = async () => {
    const v = await validated(form);
    if (v === null) return;
    setSaving(true);
    setProblems([]);
    try {
      const saved = await saveProvider(v.code.trim(), {
        name: v.name.trim(),
        uscc: v.uscc === undefined || v.uscc.trim() === '' ? null : v.uscc.trim().toUpperCase(),
        regionCode: v.regionCode.trim(),
        sector: v.sector,
        items: v.items,
        status: v.status,
      });
      message.success(`已保存 ${saved.name}`);
      await client.invalidateQueries({ queryKey: PROVIDERS_KEY });
      onClose();
    } catch (e) {
      const details =
        e instanceof ApiError
          ? (e.problem.errors ?? []).map((d) => `${d.field ?? ''} ${d.message}`.trim())
          : [];
      setProblems(details.length > 0 ? details : [errorMessage(e)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={editing ? `修改信息提供单位：${provider.name}` : '新增信息提供单位'}
      open={open}
      onCancel={onClose}
      onOk={save}
      okText="保存"
      confirmLoading={saving}
      width={720}
      destroyOnHidden
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          provider === null
            ? { status: 'active', items: [], sector: 'general' }
            : {
                code: provider.code,
                name: provider.name,
                uscc: provider.uscc ?? '',
                regionCode: provider.regionCode,
                sector: provider.sector as ProviderInput['sector'],
                items: provider.items,
                status: provider.status,
              }
        }
      >
        <Form.Item
          name="code"
          label="单位代码"
          rules={[
            { required: true, message: '请填写单位代码' },
            {
              pattern: /^[a-z0-9][a-z0-9-]{1,39}$/,
              message: '小写字母、数字和连字符，2–40 位，如 sx-xa-swj',
            },
          ]}
          extra={editing ? '单位代码创建后不能修改' : '平台内唯一，用于接口报送和数据来源标识'}
        >
          <Input maxLength={40} disabled={editing} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请填写单位名称' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="uscc" label="统一社会信用代码（可选）">
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="regionCode"
              label="行政区划代码"
              rules={[{ required: true, pattern: /^\d{6}$/, message: '6 位行政区划代码，如 610100' }]}
            >
              <Input maxLength={6} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="sector"
              label="行业领域"
              rules={[{ required: true, message: '请选择行业领域' }]}
              extra="决定行政处罚信息适用的最短公示期"
            >
              <Select options={SECTOR_OPTIONS} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="status" label="状态">
              <Select
                options={[
                  { value: 'active', label: '启用' },
                  { value: 'suspended', label: '暂停报送' },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="items" label="可报送的信息项">
          <Select
            mode="multiple"
            optionFilterProp="label"
            loading={catalog.isLoading}
            placeholder="选择该单位负责报送的目录信息项"
            options={(catalog.data ?? []).map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` }))}
          />
        </Form.Item>
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            title="未能保存"
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            }
          />
        )}
      </Form>
    </Modal>
  );
}

/** Providers (信息提供单位): the published list of data sources; the credit centre adds and changes them. */
export function ProvidersPage() {
  const session = useSession();
  const { data, isLoading, error } = useProviders();
  const catalog = useCatalog();
  const itemNames = new Map((catalog.data ?? []).map((i) => [i.code, i.name]));
  const manage = can(session.data, 'provider.manage');
  const [editing, setEditing] = useState<Provider | null>(null);
  const [open, setOpen] = useState(false);

  const edit = (p: Provider | null) => {
    setEditing(p);
    setOpen(true);
  };

  return (
    <>
      <PageHeader
        title="信息提供单位"
        description="向平台报送公共信用信息的部门和单位，以及各自负责报送的目录信息项。该名录向社会公开。"
        extra={
          manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => edit(null)}>
              新增单位
            </Button>
          ) : undefined
        }
      />
      {error !== null && (
        <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />
      )}
      <Card>
        <Table<Provider>
          rowKey="code"
          loading={isLoading}
          dataSource={data ?? []}
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: '单位名称',
              render: (_, p) => (
                <span>
                  {p.name}
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {p.code}
                  </Typography.Text>
                </span>
              ),
            },
            { title: '行业领域', dataIndex: 'sectorName' },
            { title: '行政区划', dataIndex: 'regionCode' },
            { title: '统一社会信用代码', render: (_, p) => p.uscc ?? '—' },
            {
              title: '可报送信息项',
              render: (_, p) =>
                p.items.length === 0 ? (
                  '—'
                ) : (
                  <Space size={[4, 4]} wrap>
                    {p.items.map((i) => (
                      <Tag key={i} title={i}>
                        {itemNames.get(i) ?? i}
                      </Tag>
                    ))}
                  </Space>
                ),
            },
            {
              title: '状态',
              render: (_, p) =>
                p.status === 'active' ? <Tag color="green">启用</Tag> : <Tag color="orange">暂停报送</Tag>,
            },
            ...(manage
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    render: (_: unknown, p: Provider) => (
                      <Button size="small" onClick={() => edit(p)} aria-label={`修改 ${p.name}`}>
                        修改
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {open && <ProviderModal provider={editing} open={open} onClose={() => setOpen(false)} />}
    </>
  );
}
