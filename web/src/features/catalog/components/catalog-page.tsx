import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Segmented, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { DISCLOSURE_LABELS, labelOf, POLARITY_LABELS } from '../../../lib/labels';
import { can, useSession } from '../../../lib/session';
import { type CatalogEntry, NATIONAL_CLASS_LABELS, useCatalog } from '../api/catalog';
import { LocalItemEditor } from './local-item-editor';

export function CatalogPage() {
  const { data, isLoading } = useCatalog();
  const session = useSession();
  const [origin, setOrigin] = useState<'all' | 'national' | 'local'>('all');
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState(false);
  const rows = useMemo(
    () =>
      (data ?? []).filter(
        (i) =>
          (origin === 'all' || i.origin === origin) &&
          (q === '' || i.name.includes(q) || i.code.toLowerCase().includes(q.toLowerCase())),
      ),
    [data, origin, q],
  );
  return (
    <>
      <PageHeader
        title="信息资源目录"
        description="国家基础目录与本地补充目录的信息项：数据项、公开方式、报送时限和公示规则。"
        extra={
          can(session.data, 'catalog.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(true)}>
              新增地方补充信息项
            </Button>
          ) : undefined
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented
            value={origin}
            onChange={(v) => setOrigin(v as typeof origin)}
            options={[
              { value: 'all', label: '全部' },
              { value: 'national', label: '国家基础目录' },
              { value: 'local', label: '地方补充目录' },
            ]}
          />
          <Input.Search
            placeholder="名称或代码"
            allowClear
            onSearch={setQ}
            style={{ width: 220 }}
            aria-label="按名称或代码筛选"
          />
        </Space>
        <Table<CatalogEntry>
          rowKey="code"
          loading={isLoading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: '信息项', render: (_, i) => <Link to={`/console/catalog/${i.code}`}>{i.name}</Link> },
            { title: '代码', dataIndex: 'code' },
            {
              title: '来源',
              render: (_, i) =>
                i.origin === 'national' ? <Tag color="blue">国家</Tag> : <Tag color="purple">地方</Tag>,
            },
            { title: '版本', dataIndex: 'version', align: 'right' },
            { title: '目录类别', render: (_, i) => labelOf(NATIONAL_CLASS_LABELS, i.nationalClass) },
            { title: '性质', render: (_, i) => labelOf(POLARITY_LABELS, i.polarity) },
            { title: '公开方式', render: (_, i) => labelOf(DISCLOSURE_LABELS, i.disclosure) },
            { title: '字段数', dataIndex: 'fieldCount', align: 'right' },
          ]}
        />
      </Card>
      <LocalItemEditor open={editing} onClose={() => setEditing(false)} />
    </>
  );
}
