import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Result,
  Row,
  Space,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../../lib/api';
import { formatDate, formatInstant } from '../../../lib/format';
import { usePageTitle } from '../../../lib/site';
import {
  parseVerificationText,
  type ReportVerification,
  VERIFY_STATUS_LABELS,
  verifyReport,
} from '../api/reports';
import { QrScanButton } from './qr-scanner';

interface FormValues {
  no: string;
  code: string;
}

export function ReportVerifyPage() {
  usePageTitle('信用报告核验');
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const [result, setResult] = useState<ReportVerification | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const run = useCallback(async (no: string, code: string) => {
    setChecking(true);
    setResult(null);
    setFailure(null);
    try {
      setResult(await verifyReport(no.trim(), code.trim()));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setFailure('未找到该编号的信用报告，请核对报告编号。');
      else setFailure(errorMessage(e));
    } finally {
      setChecking(false);
    }
  }, []);

  // the QR code on a report encodes …/reports/verify?no=…&code=…: opening it verifies at once
  const qNo = params.get('no') ?? '';
  const qCode = params.get('code') ?? '';
  useEffect(() => {
    if (qNo !== '' && qCode !== '') {
      form.setFieldsValue({ no: qNo, code: qCode });
      void run(qNo, qCode);
    }
  }, [qNo, qCode, form, run]);

  const onScanned = (text: string) => {
    const parsed = parseVerificationText(text);
    if (parsed === null) message.warning('二维码内容不是本平台的报告核验信息');
    else setParams({ no: parsed.no, code: parsed.code });
  };

  return (
    <div className="page-container">
      <h1 className="page-heading">
        <SafetyCertificateOutlined aria-hidden /> 信用报告核验
      </h1>
      <Row gutter={[20, 20]}>
        <Col xs={24} lg={12}>
          <Card title="输入报告编号和核验码">
            <Form<FormValues>
              form={form}
              layout="vertical"
              onFinish={(v) => setParams({ no: v.no.trim(), code: v.code.trim() })}
            >
              <Form.Item name="no" label="报告编号" rules={[{ required: true, message: '请输入报告编号' }]}>
                <Input maxLength={40} autoComplete="off" placeholder="报告首页右上角的编号" />
              </Form.Item>
              <Form.Item name="code" label="核验码" rules={[{ required: true, message: '请输入核验码' }]}>
                <Input maxLength={40} autoComplete="off" placeholder="报告首页的核验码" />
              </Form.Item>
              <Space wrap>
                <Button type="primary" htmlType="submit" loading={checking}>
                  核验
                </Button>
                <QrScanButton onText={onScanned} />
              </Space>
            </Form>
            <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
              也可以用手机扫描报告上的二维码，直接打开核验结果。
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <section aria-live="polite">
            {failure !== null ? (
              <Alert type="error" showIcon title="核验未通过" description={failure} />
            ) : result !== null ? (
              <Card>
                <Result
                  icon={
                    result.valid ? (
                      <CheckCircleFilled style={{ color: '#2f8f3a' }} />
                    ) : (
                      <CloseCircleFilled style={{ color: '#c8251e' }} />
                    )
                  }
                  title={VERIFY_STATUS_LABELS[result.status] ?? (result.valid ? '核验通过' : '核验未通过')}
                  subTitle={
                    result.valid
                      ? '该编号的报告由本平台出具，平台存档完整有效。请核对手中报告的编号、主体和出具日期与下方一致；如需核对 PDF 文件本身是否被改动，可用命令行 xinyong report verify 或接口 POST /api/v1/reports/verify 上传文件核验。'
                      : (result.reason ?? '报告编号与核验码不匹配，或报告内容已被篡改。')
                  }
                />
                {result.subject !== undefined && (
                  <Descriptions
                    bordered
                    size="small"
                    column={1}
                    items={[
                      { key: 'no', label: '报告编号', children: result.reportNo },
                      ...(result.subject === undefined
                        ? []
                        : [
                            { key: 'subject', label: '信用主体', children: result.subject.name },
                            { key: 'uscc', label: '统一社会信用代码', children: result.subject.uscc ?? '—' },
                          ]),
                      ...(result.issuedAt === undefined
                        ? []
                        : [{ key: 'at', label: '出具时间', children: formatInstant(result.issuedAt) }]),
                      ...(result.kindLabel === undefined
                        ? []
                        : [{ key: 'kind', label: '报告类型', children: result.kindLabel }]),
                      ...(result.asOf === undefined
                        ? []
                        : [{ key: 'asOf', label: '信息截至', children: formatDate(result.asOf) }]),
                    ]}
                  />
                )}
              </Card>
            ) : (
              <Card>
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  核验结果将显示在这里。
                </Typography.Paragraph>
              </Card>
            )}
          </section>
        </Col>
      </Row>
    </div>
  );
}
