import { ScheduleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Radio } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../../lib/api';
import { usePageTitle } from '../../../lib/site';
import { type Application, type ApplicationKind, getApplication } from '../api/applications';
import { ApplicationDetails } from './application-result';

interface FormValues {
  kind: ApplicationKind;
  no: string;
}

export function ProgressPage() {
  usePageTitle('办理进度查询');
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const [progress, setProgress] = useState<Application | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const run = useCallback(async (kind: ApplicationKind, no: string) => {
    setLoading(true);
    setProgress(null);
    setFailure(null);
    try {
      setProgress(await getApplication(kind, no));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404)
        setFailure('未找到该编号的申请，请核对申请编号和业务类型。');
      else if (e instanceof ApiError && (e.status === 401 || e.status === 403))
        setFailure('请以提交申请的账号登录后查询，或联系信用中心。');
      else setFailure(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);

  const qKind: ApplicationKind = params.get('kind') === 'repair' ? 'repair' : 'objection';
  const qNo = params.get('no') ?? '';
  useEffect(() => {
    form.setFieldsValue({ kind: qKind, no: qNo });
    if (qNo !== '') void run(qKind, qNo);
  }, [qKind, qNo, form, run]);

  return (
    <div className="page-container">
      <h1 className="page-heading">
        <ScheduleOutlined aria-hidden /> 办理进度查询
      </h1>
      <Card>
        <Form<FormValues>
          form={form}
          layout="inline"
          onFinish={(v) => setParams({ kind: v.kind, no: v.no.trim() })}
          style={{ rowGap: 12 }}
        >
          <Form.Item name="kind" label="业务类型">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'objection', label: '异议申诉' },
                { value: 'repair', label: '信用修复' },
              ]}
            />
          </Form.Item>
          <Form.Item name="no" label="申请编号" rules={[{ required: true, message: '请输入申请编号' }]}>
            <Input maxLength={40} style={{ width: 260 }} autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={loading}>
            查询
          </Button>
        </Form>
      </Card>
      <section aria-live="polite" style={{ marginTop: 16 }}>
        {failure !== null ? (
          <Alert type="warning" showIcon title={failure} />
        ) : progress !== null ? (
          <Card title={`申请编号 ${progress.no}`}>
            <ApplicationDetails a={progress} />
          </Card>
        ) : null}
      </section>
    </div>
  );
}
