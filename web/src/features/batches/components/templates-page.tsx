import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { downloadResponse, errorMessage, rawFetch } from '../../../lib/api';
import { DISCLOSURE_LABELS, labelOf } from '../../../lib/labels';
import { type CatalogEntry, NATIONAL_CLASS_LABELS, useCatalog } from '../../catalog/api/catalog';

export function TemplatesPage() {
  const { message } = App.useApp();
  const { data, isLoading } = useCatalog();
  const download = async (item: string, ext: 'xlsx' | 'csv') => {
    try {
      await downloadResponse(
        await rawFetch(`/api/v1/catalog/${item}/template.${ext}`),
        `${item}-模板.${ext}`,
      );
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <>
      <PageHeader
        title="报送模板"
        description="按信息项下载报送模板：表头为国家标准数据项，XLSX 模板含填写说明和代码表。"
      />
      <Card>
        <Table<CatalogEntry>
          rowKey="code"
          loading={isLoading}
          dataSource={data ?? []}
          pagination={false}
          scroll={{ x: 800 }}
          columns={[
            { title: '信息项', render: (_, i) => <Link to={`/console/catalog/${i.code}`}>{i.name}</Link> },
            { title: '代码', dataIndex: 'code' },
            { title: '目录类别', render: (_, i) => labelOf(NATIONAL_CLASS_LABELS, i.nationalClass) },
            { title: '公开方式', render: (_, i) => labelOf(DISCLOSURE_LABELS, i.disclosure) },
            { title: '字段数', dataIndex: 'fieldCount', align: 'right' },
            {
              title: '时限',
              render: (_, i) =>
                i.timelinessWorkingDays === null ? '—' : <Tag>{i.timelinessWorkingDays} 个工作日</Tag>,
            },
            {
              title: '下载',
              render: (_, i) => (
                <Space>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    onClick={() => download(i.code, 'xlsx')}
                    aria-label={`下载 ${i.name} XLSX 模板`}
                  >
                    XLSX
                  </Button>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    onClick={() => download(i.code, 'csv')}
                    aria-label={`下载 ${i.name} CSV 模板`}
                  >
                    CSV
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
