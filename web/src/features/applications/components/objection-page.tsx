import { AuditOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Select,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { RequireSignIn } from '../../../components/require-sign-in';
import { errorMessage } from '../../../lib/api';
import { useSession } from '../../../lib/session';
import { usePageTitle } from '../../../lib/site';
import {
  type Application,
  type Evidence,
  fileObjection,
  OBJECTION_GROUNDS,
  type ObjectionInput,
  useWorkflowSettings,
  type WorkflowSettings,
} from '../api/applications';
import { ApplicationDetails } from './application-result';
import { EvidenceUpload } from './evidence-upload';
import { RecordSummary } from './record-summary';

interface FormValues {
  recordId: number;
  grounds: ObjectionInput['grounds'];
  statement: string;
  applicantName?: string;
  contact?: string;
  evidence?: Evidence[];
}

/** 办理时限 of objections in working days, from the deployment's workflow settings. */
export function objectionDeadlines(w: WorkflowSettings): string {
  return `收到异议后 ${w.objectionMarkDays} 个工作日内标注“异议处理中”，${w.objectionDecisionDays} 个工作日内核查处理并告知结果；情况复杂的可延长一次，最长 ${w.objectionExtensionDays} 个工作日。`;
}

export function ObjectionPage() {
  usePageTitle('异议申诉');
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const session = useSession();
  const signedIn = session.data?.authenticated === true;
  const settings = useWorkflowSettings();
  // anonymous objections only where the deployment accepts them; until the settings arrive, ask to sign in
  const publicObjections = settings.data?.publicObjections === true;
  const initialRecord = Number(params.get('record') ?? '') || null;
  const [recordId, setRecordId] = useState<number | null>(initialRecord);
  const [receipt, setReceipt] = useState<Application | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (v: FormValues) => {
    setSubmitting(true);
    try {
      setReceipt(
        await fileObjection({
          recordId: v.recordId,
          grounds: v.grounds,
          statement: v.statement.trim(),
          ...(v.applicantName ? { applicantName: v.applicantName.trim() } : {}),
          ...(v.contact ? { contact: v.contact.trim() } : {}),
          ...(v.evidence !== undefined && v.evidence.length > 0 ? { evidence: v.evidence } : {}),
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
        <AuditOutlined aria-hidden /> 异议申诉
      </h1>
      <Row gutter={[20, 20]}>
        <Col xs={24} lg={15}>
          <Card title="提交异议申请">
            {receipt !== null ? (
              <Result
                status="success"
                title="异议申请已提交"
                subTitle="处理期间相关信息将标注“异议处理中”。请记下申请编号，凭编号查询办理进度。"
                extra={
                  <Link to={`/progress?kind=objection&no=${encodeURIComponent(receipt.no)}`}>
                    <Button type="primary">查询办理进度</Button>
                  </Link>
                }
              >
                <ApplicationDetails a={receipt} />
              </Result>
            ) : (
              <RequireSignIn
                allowAnonymous={publicObjections}
                reason="请信用主体（或其授权的经办人）登录后提出异议，可选择异议类型并上传证明材料。"
              >
                {settings.data !== undefined && (
                  <Alert
                    type="info"
                    showIcon
                    style={{ marginBottom: 16 }}
                    title="办理时限"
                    description={objectionDeadlines(settings.data)}
                  />
                )}
                {!signedIn && (
                  <Alert
                    type="info"
                    showIcon
                    style={{ marginBottom: 16 }}
                    title="未登录时仅可就“信息内容有误”提出异议，并须留下姓名和联系方式"
                    description={
                      <span>
                        信用主体请 <Link to="/login?next=%2Fobjections%2Fnew">登录</Link>{' '}
                        后提交，可选择全部异议类型并上传证明材料。
                      </span>
                    }
                  />
                )}
                <RecordSummary id={recordId} />
                <Form<FormValues>
                  layout="vertical"
                  onFinish={submit}
                  initialValues={{
                    ...(initialRecord === null ? {} : { recordId: initialRecord }),
                    grounds: 'error',
                  }}
                >
                  <Form.Item
                    name="recordId"
                    label="信用记录编号"
                    rules={[{ required: true, message: '请填写异议所针对的信用记录编号' }]}
                    extra="在信用主体页面点击记录下方“对此信息有异议”会自动填写。"
                  >
                    <InputNumber
                      min={1}
                      style={{ width: '100%' }}
                      onChange={(v) => setRecordId(typeof v === 'number' ? v : null)}
                    />
                  </Form.Item>
                  <Form.Item
                    name="grounds"
                    label="异议类型"
                    rules={[{ required: true, message: '请选择异议类型' }]}
                  >
                    <Select
                      options={
                        signedIn
                          ? [...OBJECTION_GROUNDS]
                          : OBJECTION_GROUNDS.filter((g) => g.value === 'error')
                      }
                    />
                  </Form.Item>
                  <Form.Item
                    name="statement"
                    label="异议内容说明"
                    rules={[{ required: true, min: 5, message: '请说明异议理由（至少 5 个字）' }]}
                  >
                    <Input.TextArea
                      rows={5}
                      maxLength={4000}
                      showCount
                      placeholder="请说明哪些信息有误、正确的信息是什么"
                    />
                  </Form.Item>
                  <Row gutter={16}>
                    <Col xs={24} sm={12}>
                      <Form.Item
                        name="applicantName"
                        label="申请人"
                        rules={[{ required: !signedIn, message: '请填写申请人姓名或单位名称' }]}
                      >
                        <Input maxLength={100} autoComplete="name" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12}>
                      <Form.Item
                        name="contact"
                        label="联系方式"
                        rules={[{ required: !signedIn, min: 5, message: '请填写联系电话或电子邮箱' }]}
                      >
                        <Input maxLength={100} autoComplete="tel" />
                      </Form.Item>
                    </Col>
                  </Row>
                  {signedIn && (
                    <Form.Item name="evidence" label="证明材料（可选）">
                      <EvidenceUpload />
                    </Form.Item>
                  )}
                  <Button type="primary" htmlType="submit" loading={submitting}>
                    提交异议
                  </Button>
                </Form>
              </RequireSignIn>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title="办理须知">
            <Typography.Paragraph>
              信用主体认为平台公示的信息存在错误、遗漏，或超期公示的，可提出异议申请。平台按规定时限（以工作日计，依法定节假日安排）核查处理，并将结果告知申请人。
            </Typography.Paragraph>
            {settings.data !== undefined && (
              <Typography.Paragraph>{objectionDeadlines(settings.data)}</Typography.Paragraph>
            )}
            <Typography.Paragraph>异议处理期间，相关信息在页面上标注“异议处理中”。</Typography.Paragraph>
            <Typography.Paragraph>
              已提交申请的，可在 <Link to="/progress">办理进度</Link> 页面查询。
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
