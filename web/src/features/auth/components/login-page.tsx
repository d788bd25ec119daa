import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../../lib/api';
import { useSignIn } from '../../../lib/session';
import { usePageTitle, useSiteName } from '../../../lib/site';

interface FormValues {
  username: string;
  password: string;
}

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(next: string | null): string {
  return next?.startsWith('/') === true && !next.startsWith('//') ? next : '/console';
}

export function LoginPage() {
  usePageTitle('登录');
  const { siteName } = useSiteName();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (v: FormValues) => {
    setSubmitting(true);
    setError(null);
    try {
      await signIn(v.username.trim(), v.password);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="page-container" style={{ maxWidth: 460 }}>
      <Card>
        <h1 className="page-heading" style={{ textAlign: 'center' }}>
          登录{siteName}
        </h1>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          信息提供单位、信用应用单位、监管部门、信用主体及信用中心工作人员登录
        </Typography.Paragraph>
        {error !== null && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />
        )}
        <Form<FormValues> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input
              prefix={<UserOutlined aria-hidden />}
              autoComplete="username"
              maxLength={64}
              size="large"
            />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password
              prefix={<LockOutlined aria-hidden />}
              autoComplete="current-password"
              maxLength={256}
              size="large"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            登录
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 13, marginBottom: 0 }}>
          账号由信用中心统一开通。连续多次输入错误密码，账号将被临时锁定。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
