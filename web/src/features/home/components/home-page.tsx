import {
  AuditOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
} from '@ant-design/icons';
import { Card, Col, Empty, Input, Row, Skeleton, Statistic } from 'antd';
import { Link, useNavigate } from 'react-router';
import { formatDate } from '../../../lib/format';
import { PUBLICITY_COLUMNS } from '../../../lib/items';
import { usePageTitle, usePortalOverview, useSiteName } from '../../../lib/site';
import { subjectPath } from '../../subject/api/subject-path';
import { type FeedItem, useLatestPublicity } from '../api/publicity';

function PublicityColumn({ item, title, tone }: { item: FeedItem; title: string; tone: string }) {
  const { data, isLoading, isError } = useLatestPublicity(item);
  const headingId = `col-${item}`;
  return (
    <Card
      className={`publicity-card tone-${tone}`}
      title={
        <h2 id={headingId} style={{ fontSize: 17, margin: 0 }}>
          {title}
        </h2>
      }
    >
      {isLoading ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : isError ? (
        <Empty description="暂时无法加载，请稍后刷新" />
      ) : data === undefined || data.length === 0 ? (
        <Empty description="暂无公示信息" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <ul className="publicity-list" aria-labelledby={headingId}>
          {data.map((e) => (
            <li key={e.recordId}>
              <span className="publicity-main">
                <Link
                  className="publicity-name"
                  to={`${subjectPath(e.subject.uscc ?? String(e.subject.id))}?record=${e.recordId}`}
                >
                  {e.subject.name}
                </Link>
                <span className="publicity-meta">
                  {[e.title, e.documentNumber, e.provider].filter((x) => x !== null && x !== '').join(' · ')}
                </span>
              </span>
              <span className="publicity-date">{formatDate(e.decisionDate)}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

const QUICK_LINKS = [
  { to: '/reports', icon: <FileProtectOutlined />, label: '信用报告下载' },
  { to: '/reports/verify', icon: <SafetyCertificateOutlined />, label: '信用报告核验' },
  { to: '/objections/new', icon: <AuditOutlined />, label: '异议申诉' },
  { to: '/repairs/new', icon: <FileSearchOutlined />, label: '信用修复' },
  { to: '/progress', icon: <ScheduleOutlined />, label: '办理进度查询' },
];

function HeadlineFigures() {
  const { data, isLoading } = usePortalOverview();
  const count = (item: string) => data?.publicRecords.byItem.find((b) => b.item === item)?.count ?? 0;
  const figures = [
    { title: '信用主体', value: data?.subjects.total, suffix: '个' },
    { title: '公示中的信用记录', value: data?.publicRecords.total, suffix: '条' },
    { title: '行政许可', value: data === undefined ? undefined : count('XZXK'), suffix: '条' },
    { title: '行政处罚', value: data === undefined ? undefined : count('XZCF'), suffix: '条' },
    { title: '信息提供单位', value: data?.providers, suffix: '家' },
  ];
  return (
    <section aria-label="数据概览" className="figures">
      <Row gutter={[16, 16]}>
        {figures.map((f) => (
          <Col key={f.title} xs={12} sm={8} lg={{ flex: '20%' }}>
            <Card className="figure-card" size="small">
              <Statistic title={f.title} value={f.value ?? 0} suffix={f.suffix} loading={isLoading} />
            </Card>
          </Col>
        ))}
      </Row>
      {data !== undefined && (
        <p style={{ color: '#5b6472', fontSize: 13, marginTop: 8 }}>统计截至 {formatDate(data.asOf)}</p>
      )}
    </section>
  );
}

export function HomePage() {
  usePageTitle(undefined);
  const navigate = useNavigate();
  const { siteName } = useSiteName();
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <div className="site-container">
          <h1 id="hero-title">{siteName} · 信用信息查询</h1>
          <p className="hero-sub">
            查询企业、个体工商户等信用主体的行政许可、行政处罚、守信激励与失信惩戒等公共信用信息
          </p>
          <search className="hero-search">
            <label htmlFor="home-search" className="sr-only">
              主体名称或统一社会信用代码
            </label>
            <Input.Search
              id="home-search"
              size="large"
              placeholder="请输入企业名称、统一社会信用代码或工商注册号"
              enterButton="查 询"
              allowClear
              maxLength={100}
              onSearch={(value) => {
                const q = value.trim();
                if (q !== '') navigate(`/search?q=${encodeURIComponent(q)}`);
              }}
            />
          </search>
          <nav className="hero-links" aria-label="便民服务">
            {QUICK_LINKS.map((l) => (
              <Link key={l.to} to={l.to}>
                <span aria-hidden>{l.icon}</span> {l.label}
              </Link>
            ))}
          </nav>
        </div>
      </section>
      <div className="site-container">
        <HeadlineFigures />
        <section aria-label="信用信息公示" style={{ marginTop: 8 }}>
          <Row gutter={[20, 20]}>
            {PUBLICITY_COLUMNS.map((c) => (
              <Col key={c.item} xs={24} lg={12}>
                <PublicityColumn item={c.item} title={c.title} tone={c.tone} />
              </Col>
            ))}
          </Row>
        </section>
      </div>
    </>
  );
}
