import { Alert, Button } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useSession } from '../lib/session';

/**
 * Renders children for a signed-in user (or for anyone when `allowAnonymous`); otherwise explains why and links to
 * sign-in (returning here).
 */
export function RequireSignIn({
  children,
  reason,
  allowAnonymous = false,
}: {
  children: ReactNode;
  reason: string;
  allowAnonymous?: boolean;
}) {
  const { data, isLoading } = useSession();
  const location = useLocation();
  if (isLoading) return null;
  if (allowAnonymous || data?.authenticated === true) return <>{children}</>;
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <Alert
      type="info"
      showIcon
      title="请先登录"
      description={reason}
      action={
        <Link to={`/login?next=${next}`}>
          <Button type="primary">登录</Button>
        </Link>
      }
    />
  );
}
