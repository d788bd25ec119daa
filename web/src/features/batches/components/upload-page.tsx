import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Progress,
  Row,
  Select,
  Switch,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api';
import { can, useSession } from '../../../lib/session';
import { useCatalog } from '../../catalog/api/catalog';
import { useProfiles } from '../../profiles/api/profiles';
import { useProviders } from '../../providers/api/providers';
import { ProviderSelect } from '../../providers/components/provider-select';
import { uploadBatch } from '../api/batches';

interface FormValues {
  item: string;
  /** Only the credit centre names the provider; a provider's staff upload for their own. */
  provider?: string;
  profile?: string;
  dryRun: boolean;
}

const ACCEPT = '.csv,.xlsx,.json,.txt';

export function UploadPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const catalog = useCatalog();
  const session = useSession();
  const own = session.data?.provider;
  const providers = useProviders();
  const profiles = useProfiles(can(session.data, 'profile.manage'));
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const provider = Form.useWatch('provider', form);
  const item = Form.useWatch('item', form);
  // the items the chosen (or own) provider may report
  const allowedItems = own?.items ?? providers.data?.find((p) => p.code === provider)?.items;
  const providerCode = own?.code ?? provider;
  const usableProfiles = (profiles.data ?? []).filter(
    (p) =>
      (item === undefined || p.item === item) &&
      (p.provider === null || providerCode === undefined || p.provider === providerCode),
  );

  const submit = async (v: FormValues) => {
    if (file === null) {
      setError('请选择要上传的文件');
      return;
    }
    setError(null);
    setProgress(0);
    try {
      const { batchId } = await uploadBatch(
        {
          file,
          item: v.item,
          ...(own === undefined && v.provider !== undefined ? { provider: v.provider } : {}),
          ...(v.profile === undefined ? {} : { profile: v.profile }),
          dryRun: v.dryRun,
        },
        setProgress,
      );
      message.success(v.dryRun ? '文件已提交试校验' : '文件已上传，正在校验入库');
      navigate(`/console/batches/${batchId}`);
    } catch (e) {
      setError(errorMessage(e));
      setProgress(null);
    }
  };

  return (
    <>
      <PageHeader
        title="上传数据"
        description="上传 CSV、XLSX 或 JSON 文件，系统逐行校验后入库；有问题的行会列出行号、字段和原因。"
        extra={
          <Link to="/console/templates">
            <Button>下载报送模板</Button>
          </Link>
        }
      />
      <Row gutter={[20, 20]}>
        <Col xs={24} xl={15}>
          <Card>
            <Form<FormValues>
              form={form}
              layout="vertical"
              onFinish={submit}
              initialValues={{ dryRun: false }}
            >
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  {own !== undefined ? (
                    <Form.Item label="信息提供单位" extra="以本账号所属单位的名义报送">
                      <Input value={own.name} disabled aria-label="信息提供单位" />
                    </Form.Item>
                  ) : (
                    <Form.Item
                      name="provider"
                      label="信息提供单位"
                      rules={[{ required: true, message: '请选择信息提供单位' }]}
                      extra="代所选单位报送"
                    >
                      <ProviderSelect
                        onChange={() => form.setFieldsValue({ item: undefined, profile: undefined })}
                      />
                    </Form.Item>
                  )}
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="item" label="信息项" rules={[{ required: true, message: '请选择信息项' }]}>
                    <Select
                      showSearch
                      optionFilterProp="label"
                      loading={catalog.isLoading}
                      placeholder="如：行政处罚"
                      onChange={() => form.setFieldValue('profile', undefined)}
                      options={(catalog.data ?? [])
                        .filter((i) => allowedItems === undefined || allowedItems.includes(i.code))
                        .map((i) => ({
                          value: i.code,
                          label: `${i.name}（${i.code}）`,
                        }))}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="profile"
                    label="表头映射方案（可选）"
                    extra={
                      <span>
                        文件表头与国家标准不一致时使用已保存的方案
                        {can(session.data, 'profile.manage') && (
                          <>
                            （<Link to="/console/profiles">管理方案</Link>）
                          </>
                        )}
                      </span>
                    }
                  >
                    <Select
                      allowClear
                      loading={profiles.isLoading}
                      placeholder={usableProfiles.length === 0 ? '暂无适用的方案' : '不使用方案'}
                      options={usableProfiles.map((p) => ({
                        value: p.name,
                        label: p.description === '' ? p.name : `${p.name}（${p.description}）`,
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="dryRun" label="仅试校验（不入库）" valuePropName="checked">
                    <Switch />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item label="数据文件" required>
                <Upload.Dragger
                  accept={ACCEPT}
                  multiple={false}
                  maxCount={1}
                  beforeUpload={(f) => {
                    setFile(f);
                    setError(null);
                    return false;
                  }}
                  onRemove={() => setFile(null)}
                  fileList={
                    file === null
                      ? []
                      : [{ uid: 'file', name: file.name, size: file.size, status: 'done' as const }]
                  }
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined aria-hidden />
                  </p>
                  <p className="ant-upload-text">点击或将文件拖到此处</p>
                  <p className="ant-upload-hint">
                    支持 CSV（UTF-8 / GB18030）、XLSX、JSON，单个文件不超过 512 MB
                  </p>
                </Upload.Dragger>
              </Form.Item>
              {progress !== null && <Progress percent={Math.round(progress * 100)} aria-label="上传进度" />}
              {error !== null && (
                <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />
              )}
              <Button type="primary" htmlType="submit" loading={progress !== null} size="large">
                上传并校验
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title="报送说明">
            <Typography.Paragraph>
              表头可使用国家标准数据项代码（如
              CF_WSH）、中文名称（如“行政处罚决定书文号”）或已保存的映射方案。
            </Typography.Paragraph>
            <Typography.Paragraph>
              校验不通过的行不会入库，其余行正常接收；同一业务主键再次报送时自动生成新版本。
            </Typography.Paragraph>
            <Typography.Paragraph>
              行政许可、行政处罚信息应在作出决定之日起 7 个工作日内报送，逾期报送会被记录。
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </>
  );
}
