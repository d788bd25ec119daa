import { Alert, Breadcrumb, Card, Descriptions, Skeleton, Table, Tag } from 'antd';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api';
import { formatInstant } from '../../../lib/format';
import { DISCLOSURE_LABELS, labelOf, POLARITY_LABELS, SUBJECT_KIND_LABELS } from '../../../lib/labels';
import { FIELD_TYPE_LABELS, type ItemSpec, NATIONAL_CLASS_LABELS, useCatalogItem } from '../api/catalog';

type Field = ItemSpec['fields'][number];

function requiredText(r: Field['required']): string {
  if (r === true) return '必填';
  if (Array.isArray(r)) return `${r.map((k) => labelOf(SUBJECT_KIND_LABELS, k)).join('、')}必填`;
  return '选填';
}

export function CatalogItemPage() {
  const { item = '' } = useParams();
  const { data, isLoading, error } = useCatalogItem(item);
  if (isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (error !== null || data === undefined)
    return <Alert type="error" showIcon title="无法加载信息项" description={errorMessage(error)} />;
  const s = data.spec;
  return (
    <>
      <Breadcrumb
        className="breadcrumb-bar"
        items={[{ title: <Link to="/console/catalog">信息资源目录</Link> }, { title: s.name }]}
      />
      <PageHeader
        title={`${s.name}（${s.code}）`}
        description={`第 ${data.version} 版 · ${data.origin === 'national' ? '国家基础目录' : '地方补充目录'}`}
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'class', label: '目录类别', children: labelOf(NATIONAL_CLASS_LABELS, s.nationalClass) },
            {
              key: 'kinds',
              label: '适用主体',
              children: s.subjectKinds.map((k) => labelOf(SUBJECT_KIND_LABELS, k)).join('、'),
            },
            { key: 'polarity', label: '信息性质', children: labelOf(POLARITY_LABELS, s.polarity) },
            { key: 'disclosure', label: '公开方式', children: labelOf(DISCLOSURE_LABELS, s.disclosure) },
            {
              key: 'time',
              label: '报送时限',
              children: s.timelinessWorkingDays === null ? '—' : `${s.timelinessWorkingDays} 个工作日`,
            },
            { key: 'keep', label: '保存期限', children: `${s.retentionYears} 年` },
            { key: 'key', label: '业务主键', children: s.businessKey.join(' + ') },
            { key: 'basis', label: '依据', children: s.legalBasis },
            { key: 'digest', label: '定义摘要（SM3）', children: `${data.specDigest.slice(0, 20)}…` },
            { key: 'created', label: '本版发布时间', children: formatInstant(data.createdAt) },
          ]}
        />
      </Card>
      <Card title={`数据项（${s.fields.length}）`} style={{ marginBottom: 16 }}>
        <Table<Field>
          rowKey="code"
          size="small"
          dataSource={s.fields}
          pagination={false}
          scroll={{ x: 800 }}
          columns={[
            { title: '代码', dataIndex: 'code', width: 160 },
            { title: '名称', dataIndex: 'label' },
            { title: '类型', width: 150, render: (_, f) => labelOf(FIELD_TYPE_LABELS, f.type) },
            { title: '必填', width: 160, render: (_, f) => requiredText(f.required) },
            {
              title: '取值',
              render: (_, f) =>
                f.enum === undefined ? (
                  '—'
                ) : (
                  <span>
                    {f.enum.slice(0, 6).map((e) => (
                      <Tag key={e.value}>{e.label}</Tag>
                    ))}
                    {f.enum.length > 6 && `等 ${f.enum.length} 项`}
                  </span>
                ),
            },
          ]}
        />
      </Card>
      <Card title="版本历史">
        <Table
          rowKey="version"
          size="small"
          dataSource={data.versions}
          pagination={false}
          columns={[
            { title: '版本', dataIndex: 'version' },
            {
              title: '状态',
              render: (_, v) =>
                v.version === data.version ? <Tag color="green">现行</Tag> : <Tag>历史版本</Tag>,
            },
            { title: '发布时间', dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
            {
              title: '定义摘要（SM3）',
              dataIndex: 'specDigest',
              render: (v: string) => `${v.slice(0, 20)}…`,
            },
          ]}
        />
      </Card>
    </>
  );
}
