import { DownloadOutlined, FileProtectOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Radio,
  Result,
  Row,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../../lib/api';
import { formatDate, formatInstant } from '../../../lib/format';
import { usePageTitle } from '../../../lib/site';
import { downloadReport, type ReportIssued, type ReportKind, requestReport } from '../api/reports';

interface FormValues {
  subject: string;
  kind: ReportKind;
  purpose?: string;
}

export function ReportRequestPage() {
  usePageTitle('信用报告');
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const [issued, setIssued] = useState<ReportIssued | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: FormValues) => {
    setSubmitting(true);
    try {
      setIssued(
        await requestReport({
          subject: values.subject.trim(),
          kind: values.kind,
          ...(values.purpose ? { purpose: values.purpose.trim() } : {}),
        }),
      );
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="page-container">
      <h1 className="page-heading">
        <FileProtectOutlined aria-hidden /> 信用报告下载
      </h1>
      <Row gutter={[20, 20]}>
        <Col xs={24} lg={15}>
          <Card title="申请信用报告">
            {issued !== null ? (
              <Result
                status="success"
                title="信用报告已生成"
                subTitle="请妥善保存报告编号和核验码，报告使用方可在“报告核验”页面核验真伪。"
                extra={[
                  <Button
                    key="download"
                    type="primary"
                    icon={<DownloadOutlined />}
                    onClick={() =>
                      downloadReport(issued).catch((e: unknown) => message.error(errorMessage(e)))
                    }
                  >
                    下载 PDF
                  </Button>,
                  <Link
                    key="verify"
                    to={`/reports/verify?no=${encodeURIComponent(issued.reportNo)}&code=${encodeURIComponent(issued.verificationCode)}`}
                  >
                    <Button>核验此报告</Button>
                  </Link>,
                ]}
              >
                <Descriptions
                  column={1}
                  bordered
                  size="small"
                  items={[
                    { key: 'no', label: '报告编号', children: issued.reportNo },
                    { key: 'code', label: '核验码', children: issued.verificationCode },
                    { key: 'subject', label: '信用主体', children: issued.subject.name },
                    {
                      key: 'kind',
                      label: '报告类型',
                      children: issued.report.kind === 'special' ? '专项信用报告' : '公共信用信息报告',
                    },
                    { key: 'at', label: '出具时间', children: formatInstant(issued.issuedAt) },
                    { key: 'valid', label: '有效期至', children: formatDate(issued.report.validUntil) },
                  ]}
                />
              </Result>
            ) : (
              <Form<FormValues>
                layout="vertical"
                onFinish={submit}
                initialValues={{ subject: params.get('subject') ?? '', kind: 'standard' }}
                requiredMark="optional"
              >
                <Form.Item
                  name="subject"
                  label="统一社会信用代码"
                  rules={[
                    { required: true, message: '请输入统一社会信用代码' },
                    { pattern: /^[0-9A-HJ-NPQRTUWXY]{18}$|^\d+$/i, message: '请输入 18 位统一社会信用代码' },
                  ]}
                  extra={
                    <span>
                      不知道代码？先到 <Link to="/search">信用查询</Link> 查找主体。
                    </span>
                  }
                >
                  <Input maxLength={18} placeholder="例如 91610000XXXXXXXXXX" autoComplete="off" />
                </Form.Item>
                <Form.Item name="kind" label="报告类型" rules={[{ required: true }]}>
                  <Radio.Group
                    options={[
                      { value: 'standard', label: '公共信用信息报告（法人和非法人组织）' },
                      { value: 'special', label: '专项信用报告（替代有无违法违规记录证明）' },
                    ]}
                  />
                </Form.Item>
                <Form.Item name="purpose" label="报告用途">
                  <Input maxLength={100} placeholder="如：政府采购投标、招投标、评优评先" />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={submitting}>
                  生成信用报告
                </Button>
              </Form>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title="办理须知">
            <Typography.Paragraph>
              信用报告依据《公共信用信息报告标准》出具，反映出具时点平台归集并处于公示期内的公共信用信息。
            </Typography.Paragraph>
            <Typography.Paragraph>
              专项信用报告可在政府采购、招标投标等场景替代有无违法违规记录证明，覆盖行政处罚、行政强制、严重失信主体名单等信息。
            </Typography.Paragraph>
            <Alert
              type="info"
              showIcon
              title="报告真伪核验"
              description={
                <span>
                  每份报告附报告编号、核验码和二维码，可在 <Link to="/reports/verify">报告核验</Link>{' '}
                  页面核验。
                </span>
              }
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
