import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { usePageTitle } from '../lib/site';

export function NotFoundPage() {
  usePageTitle('页面不存在');
  return (
    <div className="page-container">
      <Result
        status="404"
        title="页面不存在"
        subTitle="您访问的页面不存在或已被移除，请检查地址后重试。"
        extra={
          <Link to="/">
            <Button type="primary">返回首页</Button>
          </Link>
        }
      />
    </div>
  );
}
