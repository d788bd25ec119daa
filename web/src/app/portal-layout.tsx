import { MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Drawer } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../lib/session';
import { useSiteName } from '../lib/site';
import { PageLoading } from './page-loading';
import { SiteLogo } from './site-logo';

const NAV = [
  { to: '/', label: '首页', end: true },
  { to: '/search', label: '信用查询' },
  { to: '/reports', label: '信用报告', end: true },
  { to: '/reports/verify', label: '报告核验' },
  { to: '/objections/new', label: '异议申诉' },
  { to: '/repairs/new', label: '信用修复' },
  { to: '/progress', label: '办理进度' },
  { to: '/inspections', label: '抽查公示' },
] as const;

function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <ul className="site-nav-list">
      {NAV.map((n) => (
        <li key={n.to}>
          <NavLink to={n.to} end={'end' in n ? n.end : false} onClick={onNavigate}>
            {n.label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

/** The public portal's frame: skip link, header with name and navigation, main content, footer. */
export function PortalLayout() {
  const { siteName, platformName } = useSiteName();
  const session = useSession();
  const signedIn = session.data?.authenticated === true;
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();

  // move focus to the new page's content after client-side navigation (screen readers announce it)
  useEffect(() => {
    if (location.key === 'default') return;
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [location.key]);

  return (
    <div className="portal">
      <a className="skip-link" href="#main">
        跳到主要内容
      </a>
      <header className="site-header">
        <div className="site-topbar">
          <div className="site-container site-topbar-inner">
            <span>欢迎访问{siteName}</span>
            <span className="site-topbar-links">
              {signedIn ? (
                <Link to="/console">
                  <UserOutlined aria-hidden /> {session.data?.user?.displayName ?? '工作台'} · 进入工作台
                </Link>
              ) : (
                <Link to="/login">
                  <UserOutlined aria-hidden /> 登录
                </Link>
              )}
              <a href="/api/docs">开放接口</a>
            </span>
          </div>
        </div>
        <div className="site-brand">
          <div className="site-container site-brand-inner">
            <Link to="/" className="site-brand-link" aria-label={`${siteName} · ${platformName} 首页`}>
              <SiteLogo />
              <span className="site-brand-text">
                <span className="site-name">{siteName}</span>
                <span className="site-platform">{platformName}</span>
              </span>
            </Link>
            <Button
              className="site-menu-button"
              type="text"
              icon={<MenuOutlined />}
              aria-label="打开导航菜单"
              aria-expanded={menuOpen}
              onClick={() => setMenuOpen(true)}
            />
          </div>
        </div>
        <nav className="site-nav" aria-label="主导航">
          <div className="site-container">
            <NavLinks />
          </div>
        </nav>
      </header>
      <Drawer
        title="导航"
        placement="right"
        open={menuOpen}
        onClose={() => setMenuOpen(false)}
        size={280}
        className="site-nav-drawer"
      >
        <nav aria-label="主导航（移动端）">
          <NavLinks onNavigate={() => setMenuOpen(false)} />
        </nav>
      </Drawer>
      <main id="main" tabIndex={-1} className="site-main">
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <div className="site-container">
          <p className="site-footer-title">
            {siteName} · {platformName}
          </p>
          <p>
            数据来源声明：本平台公示的公共信用信息由各信息提供单位依法归集报送，内容以提供单位报送的信息为准；
            公示期限依照国家和本地公共信用信息公示及信用修复规定计算，期满自动停止公示。
          </p>
          <p>
            如认为公示信息存在错误、遗漏或超期公示，可通过<Link to="/objections/new">异议申诉</Link>
            提出；已纠正失信行为的，可申请<Link to="/repairs/new">信用修复</Link>。
          </p>
          <p className="site-footer-meta">
            时间均为北京时间 · <a href="/api/docs">开放接口文档</a> · 基于 xinyong 开源公共信用信息共享平台
          </p>
        </div>
      </footer>
    </div>
  );
}
