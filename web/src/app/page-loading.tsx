import { Spin } from 'antd';

export function PageLoading() {
  return (
    <div className="page-loading" role="status" aria-live="polite">
      <Spin size="large" />
      <span className="sr-only">正在加载…</span>
    </div>
  );
}
