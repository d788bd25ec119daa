import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
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
import { useSession } from '../../../lib/session';
import { useCatalog, useCatalogItem } from '../../catalog/api/catalog';
import { useProviders } from '../../providers/api/providers';
import { ProviderSelect } from '../../providers/components/provider-select';
import {
  type ColumnTransform,
  type MappingProfile,
  PROFILES_KEY,
  saveProfile,
  TRANSFORM_LABELS,
  useProfiles,
} from '../api/profiles';

interface ColumnRow {
  header: string;
  field?: string;
  transform?: ColumnTransform;
}

interface FormValues {
  name: string;
  item: string;
  provider?: string;
  description: string;
  columns: ColumnRow[];
  ignore: { header: string; reason?: string }[];
}

const TRANSFORM_OPTIONS = Object.entries(TRANSFORM_LABELS).map(([value, label]) => ({ value, label }));

/** What the editor opens with: a profile to change (custom), to copy (shipped), or a blank one. */
type Editing = { profile: MappingProfile | null; copy: boolean };

function toForm(
  p: MappingProfile | null,
  copy: boolean,
  ownProvider: string | undefined,
): Partial<FormValues> {
  if (p === null) return { columns: [{ header: '' }], ignore: [], description: '', provider: ownProvider };
  const headers = [...new Set([...Object.keys(p.columns), ...Object.keys(p.transforms)])];
  return {
    name: copy ? `${p.name}-copy` : p.name,
    item: p.item,
    provider: ownProvider ?? p.provider ?? undefined,
    description: p.description,
    columns: headers.map((h) => ({
      header: h,
      ...(p.columns[h] === undefined ? {} : { field: p.columns[h] }),
      ...(p.transforms[h] === undefined ? {} : { transform: p.transforms[h] as ColumnTransform }),
    })),
    ignore: Object.entries(p.ignore).map(([header, reason]) => ({ header, reason })),
  };
}

function ProfileEditor({ editing, onClose }: { editing: Editing; onClose: () => void }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const session = useSession();
  const own = session.data?.provider;
  const catalog = useCatalog();
  const [form] = Form.useForm<FormValues>();
  const item = Form.useWatch('item', form);
  const provider = Form.useWatch('provider', form);
  const spec = useCatalogItem(item);
  const providers = useProviders();
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const existing = editing.profile !== null && !editing.copy;
  const allowedItems = own?.items ?? providers.data?.find((p) => p.code === provider)?.items ?? undefined;

  const save = async () => {
    const v = await validated(form);
    if (v === null) return;
    const columns: Record<string, string> = {};
    const transforms: Record<string, ColumnTransform> = {};
    const seen = new Set<string>();
    const local: string[] = [];
    for (const r of v.columns ?? []) {
      const h = r.header.trim();
      if (seen.has(h)) local.push(`表头“${h}”出现了两次`);
      seen.add(h);
      if (r.field !== undefined) columns[h] = r.field;
      if (r.transform !== undefined) transforms[h] = r.transform;
      if (r.field === undefined && r.transform === undefined)
        local.push(`表头“${h}”既未对应数据项也未设置转换`);
    }
    const ignore = Object.fromEntries(
      (v.ignore ?? []).map((r) => [r.header.trim(), (r.reason ?? '').trim() || '不导入']),
    );
    if (local.length > 0) {
      setProblems(local);
      return;
    }
    setSaving(true);
    setProblems([]);
    try {
      const saved = await saveProfile(v.name.trim(), {
        item: v.item,
        provider: own?.code ?? v.provider ?? null,
        description: v.description.trim(),
        columns,
        transforms,
        ignore,
      });
      message.success(`已保存表头映射方案 ${saved.name}`);
      await client.invalidateQueries({ queryKey: PROFILES_KEY });
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

  const fieldOptions = (spec.data?.spec.fields ?? []).map((f) => ({
    value: f.code,
    label: `${f.label}（${f.code}）`,
  }));

  return (
    <Modal
      title={existing ? `修改表头映射方案：${editing.profile?.name}` : '新建表头映射方案'}
      open
      onCancel={onClose}
      onOk={save}
      okText="保存"
      confirmLoading={saving}
      width={920}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={toForm(editing.profile, editing.copy, own?.code)}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="name"
              label="方案名称"
              rules={[
                { required: true, message: '请填写方案名称' },
                { pattern: /^[a-z0-9][a-z0-9-]{1,63}$/, message: '小写字母、数字和连字符，如 sthj-xzcf' },
              ]}
              extra="上传时按名称选用"
            >
              <Input maxLength={64} disabled={existing} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="item" label="信息项" rules={[{ required: true, message: '请选择信息项' }]}>
              <Select
                showSearch
                optionFilterProp="label"
                loading={catalog.isLoading}
                options={(catalog.data ?? [])
                  .filter((i) => allowedItems === undefined || allowedItems.includes(i.code))
                  .map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            {own !== undefined ? (
              <Form.Item label="信息提供单位">
                <Input value={own.name} disabled />
              </Form.Item>
            ) : (
              <Form.Item name="provider" label="信息提供单位" extra="不选为通用方案（各单位均可使用）">
                <ProviderSelect allowClear placeholder="通用方案" />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Form.Item name="description" label="说明">
          <Input maxLength={500} placeholder="如：市生态环境局执法系统导出的行政处罚表" />
        </Form.Item>
        <Typography.Title level={5}>列对应关系</Typography.Title>
        <Typography.Paragraph type="secondary">
          文件中的表头 → 目录数据项。未列出的表头仍可按国家标准代码或中文名称自动识别。
        </Typography.Paragraph>
        <Form.List name="columns">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row key={f.key} gutter={8} align="top">
                  <Col xs={24} md={8}>
                    <Form.Item
                      name={[f.name, 'header']}
                      rules={[{ required: true, message: '请填写表头' }]}
                      label={f.name === 0 ? '文件表头' : undefined}
                    >
                      <Input placeholder="如：决定书编号" aria-label={`第 ${f.name + 1} 列的文件表头`} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={[f.name, 'field']} label={f.name === 0 ? '对应数据项' : undefined}>
                      <Select
                        showSearch
                        allowClear
                        optionFilterProp="label"
                        placeholder={item === undefined ? '先选择信息项' : '选择数据项'}
                        options={fieldOptions}
                        aria-label={`第 ${f.name + 1} 列对应的数据项`}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={20} md={7}>
                    <Form.Item
                      name={[f.name, 'transform']}
                      label={f.name === 0 ? '取值转换（可选）' : undefined}
                    >
                      <Select allowClear placeholder="不转换" options={TRANSFORM_OPTIONS} />
                    </Form.Item>
                  </Col>
                  <Col xs={4} md={1}>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={`删除第 ${f.name + 1} 列`}
                      onClick={() => remove(f.name)}
                      style={{ marginTop: f.name === 0 ? 30 : 0 }}
                    />
                  </Col>
                </Row>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ header: '' })}
                style={{ marginBottom: 16 }}
              >
                添加一列
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5}>不导入的列</Typography.Title>
        <Form.List name="ignore">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row key={f.key} gutter={8}>
                  <Col xs={24} md={8}>
                    <Form.Item name={[f.name, 'header']} rules={[{ required: true, message: '请填写表头' }]}>
                      <Input placeholder="文件表头" aria-label={`不导入的第 ${f.name + 1} 个表头`} />
                    </Form.Item>
                  </Col>
                  <Col xs={20} md={15}>
                    <Form.Item name={[f.name, 'reason']}>
                      <Input placeholder="原因，如：系统内部编号" maxLength={500} />
                    </Form.Item>
                  </Col>
                  <Col xs={4} md={1}>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={`删除不导入的第 ${f.name + 1} 个表头`}
                      onClick={() => remove(f.name)}
                    />
                  </Col>
                </Row>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ header: '' })}
                style={{ marginBottom: 16 }}
              >
                添加不导入的列
              </Button>
            </>
          )}
        </Form.List>
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

/** 表头映射方案: saved header mappings of departments' export files; chosen by name when uploading. */
export function ProfilesPage() {
  const { data, isLoading, error } = useProfiles();
  const catalog = useCatalog();
  const providers = useProviders();
  const itemNames = new Map((catalog.data ?? []).map((i) => [i.code, i.name]));
  const providerNames = new Map((providers.data ?? []).map((p) => [p.code, p.name]));
  const [editing, setEditing] = useState<Editing | null>(null);
  return (
    <>
      <PageHeader
        title="表头映射方案"
        description="本单位导出文件的表头与目录数据项不一致时，保存一份对应关系；上传时选用该方案即可自动识别各列。"
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ profile: null, copy: false })}
          >
            新建方案
          </Button>
        }
      />
      {error !== null && (
        <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />
      )}
      <Card>
        <Table<MappingProfile>
          rowKey="name"
          loading={isLoading}
          dataSource={data ?? []}
          scroll={{ x: 900 }}
          locale={{ emptyText: '暂无表头映射方案' }}
          columns={[
            {
              title: '方案',
              render: (_, p) => (
                <Space size={6} wrap>
                  <span>{p.name}</span>
                  {p.origin === 'shipped' ? <Tag>平台随附</Tag> : <Tag color="blue">自定义</Tag>}
                </Space>
              ),
            },
            { title: '信息项', render: (_, p) => itemNames.get(p.item) ?? p.item },
            {
              title: '信息提供单位',
              render: (_, p) =>
                p.provider === null ? '通用' : (providerNames.get(p.provider) ?? p.provider),
            },
            { title: '对应列数', align: 'right', render: (_, p) => Object.keys(p.columns).length },
            { title: '说明', dataIndex: 'description', ellipsis: true },
            {
              title: '操作',
              render: (_, p) =>
                p.origin === 'shipped' ? (
                  <Button size="small" onClick={() => setEditing({ profile: p, copy: true })}>
                    复制为新方案
                  </Button>
                ) : (
                  <Space>
                    <Button size="small" onClick={() => setEditing({ profile: p, copy: false })}>
                      修改
                    </Button>
                    <Button size="small" onClick={() => setEditing({ profile: p, copy: true })}>
                      复制
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      {editing !== null && <ProfileEditor editing={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
