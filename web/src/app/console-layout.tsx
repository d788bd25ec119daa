import {
  HomeOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, type MenuProps, Space, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS } from '../lib/labels';
import { type Session, useSignOut } from '../lib/session';
import { useSiteName } from '../lib/site';
import { CONSOLE_MENU, visibleEntries } from './console-menu';
import { PageLoading } from './page-loading';
import { SiteLogo } from './site-logo';

function menuItems(session: Session): MenuProps['items'] {
  return CONSOLE_MENU.flatMap((group) => {
    const entries = visibleEntries(session, group);
    if (entries.length === 0) return [];
    return [
      {
        key: group.key,
        icon: group.icon,
        label: group.label,
        children: entries.map((e) => ({ key: e.path, label: <Link to={e.path}>{e.label}</Link> })),
      },
    ];
  });
}

/** Longest menu path that prefixes the current location (so /console/batches/7 highlights 报送批次). */
function selectedKey(pathname: string): string {
  const paths = CONSOLE_MENU.flatMap((g) => g.entries.map((e) => e.path));
  return (
    paths
      .filter((p) => pathname === p || pathname.startsWith(`${p}/`))
      .sort((a, b) => b.length - a.length)[0] ?? '/console'
  );
}

export function ConsoleLayout({ session }: { session: Session }) {
  const { siteName } = useSiteName();
  const screens = Grid.useBreakpoint();
  const mobile = screens.lg === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const items = menuItems(session);
  const selected = selectedKey(location.pathname);
  const openKeys = CONSOLE_MENU.map((g) => g.key);

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={[selected]}
      defaultOpenKeys={openKeys}
      onClick={() => setDrawer(false)}
    />
  );
  const name = session.user?.displayName ?? session.client?.name ?? '';

  return (
    <Layout className="console-layout">
      <a className="skip-link" href="#console-main">
        跳到主要内容
      </a>
      {!mobile && (
        <Layout.Sider width={232} collapsible collapsed={collapsed} trigger={null} aria-label="工作台导航">
          <Link to="/" className="console-brand" aria-label={`${siteName} 门户首页`}>
            <SiteLogo size={30} />
            {!collapsed && <span>{siteName} · 工作台</span>}
          </Link>
          <nav aria-label="工作台菜单">{menu}</nav>
        </Layout.Sider>
      )}
      <Drawer
        open={mobile && drawer}
        onClose={() => setDrawer(false)}
        placement="left"
        size={260}
        title={`${siteName} · 工作台`}
        styles={{ body: { padding: 0, background: '#0b2f5e' } }}
      >
        <nav aria-label="工作台菜单（移动端）">{menu}</nav>
      </Drawer>
      <Layout>
        <Layout.Header className="console-header" style={{ background: '#fff', padding: '0 20px' }}>
          <Space>
            <Button
              type="text"
              icon={mobile || collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              aria-label={mobile ? '打开菜单' : collapsed ? '展开菜单' : '收起菜单'}
              onClick={() => (mobile ? setDrawer(true) : setCollapsed(!collapsed))}
            />
            <Typography.Text strong>{ROLE_LABELS[session.role ?? ''] ?? '工作台'}</Typography.Text>
          </Space>
          <Space size="middle">
            <Link to="/">
              <HomeOutlined aria-hidden /> {mobile ? '' : '门户首页'}
            </Link>
            <Dropdown
              menu={{
                items: [
                  { key: 'password', label: <Link to="/console/password">修改密码</Link> },
                  { type: 'divider' },
                  {
                    key: 'logout',
                    icon: <LogoutOutlined />,
                    label: '退出登录',
                    onClick: async () => {
                      await signOut();
                      navigate('/');
                    },
                  },
                ],
              }}
            >
              <Button type="text" icon={<UserOutlined />} aria-label={`当前用户 ${name}，打开账户菜单`}>
                {mobile ? '' : name}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        {/* Layout.Content renders the page's one <main> landmark (the skip link's target) */}
        <Layout.Content className="console-content" id="console-main" tabIndex={-1}>
          <div className="console-page">
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </div>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
