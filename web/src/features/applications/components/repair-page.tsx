import { FileSearchOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { RequireSignIn } from '../../../components/require-sign-in';
import { errorMessage } from '../../../lib/api';
import { usePageTitle } from '../../../lib/site';
import { type Application, applyForRepair, type Evidence, useWorkflowSettings } from '../api/applications';
import { ApplicationDetails } from './application-result';
import { EvidenceUpload } from './evidence-upload';
import { RecordSummary } from './record-summary';

const COMMITMENT =
  '本主体承诺：已履行行政处罚决定规定的义务，纠正了失信行为；所提交材料真实、合法、有效；今后将依法诚信经营。如有违反，愿意承担相应法律责任。';

interface FormValues {
  recordId: number;
  statement: string;
  commitment: string;
  agreed: boolean;
  evidence?: Evidence[];
}

export function RepairPage() {
  usePageTitle('信用修复');
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const initialRecord = Number(params.get('record') ?? '') || null;
  const [recordId, setRecordId] = useState<number | null>(initialRecord);
  const [receipt, setReceipt] = useState<Application | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const settings = useWorkflowSettings();
  const deadline =
    settings.data === undefined
      ? null
      : `材料齐全、受理之日起 ${settings.data.repairDecisionDays} 个工作日内作出是否准予修复的决定（以法定工作日计）。`;

  const submit = async (v: FormValues) => {
    setSubmitting(true);
    try {
      setReceipt(
        await applyForRepair({
          recordId: v.recordId,
          statement: v.statement.trim(),
          commitment: v.commitment.trim(),
          ...(v.evidence !== undefined && v.evidence.length > 0 ? { evidence: v.evidence } : {}),
        }),
      );
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  const refused = receipt?.status === 'refused';
  return (
    <div className="page-container">
      <h1 className="page-heading">
        <FileSearchOutlined aria-hidden /> 信用修复
      </h1>
      <Row gutter={[20, 20]}>
        <Col xs={24} lg={15}>
          <Card title="申请信用修复">
            {receipt !== null ? (
              <Result
                status={refused ? 'warning' : 'success'}
                title={refused ? '暂不符合信用修复条件' : '信用修复申请已提交'}
                subTitle={refused ? '原因见下方说明。' : '请记下申请编号，凭编号查询办理进度。'}
                extra={
                  <Link to={`/progress?kind=repair&no=${encodeURIComponent(receipt.no)}`}>
                    <Button type="primary">查询办理进度</Button>
                  </Link>
                }
              >
                <ApplicationDetails a={receipt} />
              </Result>
            ) : (
              <RequireSignIn reason="信用修复申请需由信用主体（或其授权的经办人）登录后提交。">
                {deadline !== null && (
                  <Alert
                    type="info"
                    showIcon
                    style={{ marginBottom: 16 }}
                    title="办理时限"
                    description={deadline}
                  />
                )}
                <RecordSummary id={recordId} />
                <Form<FormValues>
                  layout="vertical"
                  onFinish={submit}
                  initialValues={{
                    ...(initialRecord === null ? {} : { recordId: initialRecord }),
                    commitment: COMMITMENT,
                    agreed: false,
                  }}
                >
                  <Form.Item
                    name="recordId"
                    label="信用记录编号"
                    rules={[{ required: true, message: '请填写需要修复的信用记录编号' }]}
                    extra="每条行政处罚信息需分别申请修复。"
                  >
                    <InputNumber
                      min={1}
                      style={{ width: '100%' }}
                      onChange={(v) => setRecordId(typeof v === 'number' ? v : null)}
                    />
                  </Form.Item>
                  <Form.Item
                    name="statement"
                    label="失信行为纠正情况"
                    rules={[{ required: true, min: 5, message: '请说明已履行的义务和纠正情况' }]}
                  >
                    <Input.TextArea
                      rows={4}
                      maxLength={4000}
                      showCount
                      placeholder="如：已于某日缴清罚款，已完成整改并通过复查"
                    />
                  </Form.Item>
                  <Form.Item
                    name="commitment"
                    label="信用承诺书"
                    rules={[{ required: true, message: '请填写信用承诺' }]}
                  >
                    <Input.TextArea rows={4} maxLength={4000} />
                  </Form.Item>
                  <Form.Item
                    name="agreed"
                    valuePropName="checked"
                    rules={[
                      {
                        validator: (_, v) =>
                          v === true ? Promise.resolve() : Promise.reject(new Error('请阅读并确认信用承诺')),
                      },
                    ]}
                  >
                    <Checkbox>已阅读并确认以上信用承诺</Checkbox>
                  </Form.Item>
                  <Form.Item
                    name="evidence"
                    label="证明材料"
                    extra="如缴款凭证、整改报告、复查意见等（PDF、JPEG、PNG、OFD，单个不超过 10 MB）"
                  >
                    <EvidenceUpload />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={submitting}>
                    提交申请
                  </Button>
                </Form>
              </RequireSignIn>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title="办理须知">
            <Typography.Paragraph>
              行政处罚信息公示满最短公示期、且已履行行政处罚决定规定义务、纠正失信行为的，可申请提前终止公示；不符合条件的，平台当即告知原因和最早可申请日期。
            </Typography.Paragraph>
            <Typography.Paragraph>
              平台按规定时限（以工作日计）作出决定，准予修复的，相关信息停止公示和共享。
              {deadline !== null && ` ${deadline}`}
            </Typography.Paragraph>
            <Typography.Paragraph>
              已提交申请的，可在 <Link to="/progress">办理进度</Link> 页面查询。
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
