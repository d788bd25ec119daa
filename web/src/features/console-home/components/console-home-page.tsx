import { Card, Col, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import { CONSOLE_MENU, visibleEntries } from '../../../app/console-menu';
import { PageHeader } from '../../../components/page-header';
import { formatDate } from '../../../lib/format';
import { ROLE_LABELS } from '../../../lib/labels';
import { useSession } from '../../../lib/session';
import { usePortalOverview } from '../../../lib/site';

export function ConsoleHomePage() {
  const { data: session } = useSession();
  const overview = usePortalOverview();
  if (session === undefined) return null;
  const name = session.user?.displayName ?? session.client?.name ?? '';
  const groups = CONSOLE_MENU.map((g) => ({
    group: g,
    entries: visibleEntries(session, g).filter((e) => e.path !== '/console'),
  })).filter((g) => g.entries.length > 0);
  return (
    <>
      <PageHeader
        title={`您好，${name}`}
        description={`${ROLE_LABELS[session.role ?? ''] ?? ''} · 以下是您可以办理的业务`}
      />
      {overview.data !== undefined && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {[
            { title: '信用主体', value: overview.data.subjects.total },
            { title: '公示中的信用记录', value: overview.data.publicRecords.total },
            { title: '信息提供单位', value: overview.data.providers },
          ].map((s) => (
            <Col key={s.title} xs={24} sm={8}>
              <Card size="small">
                <Statistic title={s.title} value={s.value} />
              </Card>
            </Col>
          ))}
          <Col span={24}>
            <Typography.Text type="secondary">统计截至 {formatDate(overview.data.asOf)}</Typography.Text>
          </Col>
        </Row>
      )}
      <Row gutter={[16, 16]}>
        {groups.map(({ group, entries }) => (
          <Col key={group.key} xs={24} md={12} xl={8}>
            <Card
              title={
                <span>
                  <span aria-hidden>{group.icon}</span> {group.label}
                </span>
              }
              style={{ height: '100%' }}
            >
              <ul style={{ margin: 0, paddingLeft: 18, lineHeight: 2 }}>
                {entries.map((e) => (
                  <li key={e.path}>
                    <Link to={e.path}>{e.label}</Link>
                  </li>
                ))}
              </ul>
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
