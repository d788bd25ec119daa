import {
  AuditOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  StarFilled,
  StarOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Breadcrumb, Button, Card, Empty, Result, Skeleton, Space, Tabs, Tag } from 'antd';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { CREDIT_TABS, type CreditTab, OTHER_TAB, tabOfItem } from '../../../lib/items';
import { labelOf, SUBJECT_KIND_LABELS, VIEW_LABELS } from '../../../lib/labels';
import { can, useSession } from '../../../lib/session';
import { usePageTitle } from '../../../lib/site';
import { PlatformGrade } from '../../evaluation/components/platform-grade';
import { unwatchSubject, useWatches, watchSubject } from '../../watch/api/watches';
import { type CreditFile, type CreditRecord, useCreditFile } from '../api/credit-file';
import { RecordCard } from './record-card';
import { RecordDrawer } from './record-drawer';

function SubjectHeader({ file }: { file: CreditFile }) {
  const s = file.subject;
  const registration = file.groups.flatMap((g) => g.records).find((r) => r.item.code === 'REGISTRATION');
  const field = (code: string) => registration?.fields.find((f) => f.code === code)?.text ?? null;
  const legalRep = field('DJ_FDDBR');
  const founded = field('DJ_CLRQ');
  return (
    <Card className="subject-header">
      <h1 className="subject-name">{s.name}</h1>
      <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
        <Tag color="blue">{labelOf(SUBJECT_KIND_LABELS, s.kind)}</Tag>
        {s.regStatus !== null && (
          <Tag color={/存续|在业/.test(s.regStatus) ? 'green' : 'default'}>{s.regStatus}</Tag>
        )}
        {file.view !== 'public' && <Tag color="purple">{VIEW_LABELS[file.view] ?? file.view}</Tag>}
      </Space>
      <dl className="subject-facts">
        <div>
          <dt>统一社会信用代码</dt>
          <dd>{s.uscc ?? '—'}</dd>
        </div>
        {s.idNumber !== null && (
          <div>
            <dt>身份证件号码</dt>
            <dd>{s.idNumber}</dd>
          </div>
        )}
        {legalRep !== null && (
          <div>
            <dt>法定代表人</dt>
            <dd>{legalRep}</dd>
          </div>
        )}
        {founded !== null && (
          <div>
            <dt>成立日期</dt>
            <dd>{founded}</dd>
          </div>
        )}
        <div>
          <dt>所在地区</dt>
          <dd>{s.regionName ?? s.regionCode ?? '—'}</dd>
        </div>
        <div>
          <dt>信息截至</dt>
          <dd>{formatDate(file.asOf)}</dd>
        </div>
      </dl>
    </Card>
  );
}

function WatchButton({ subject, subjectId }: { subject: string; subjectId: number }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const session = useSession();
  const allowed = can(session.data, 'watch.manage');
  const watches = useWatches(allowed);
  if (!allowed) return null;
  const watched = watches.data?.some((w) => w.subjectId === subjectId) ?? false;
  const toggle = async () => {
    try {
      if (watched) {
        await unwatchSubject(subject);
        message.success('已取消关注');
      } else {
        await watchSubject(subject);
        message.success('已关注，该主体信用信息变化时将在工作台提醒');
      }
      await client.invalidateQueries({ queryKey: ['watches'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Button icon={watched ? <StarFilled /> : <StarOutlined />} onClick={toggle} loading={watches.isLoading}>
      {watched ? '已关注' : '关注'}
    </Button>
  );
}

function TabContent({
  tab,
  records,
  onOpen,
}: {
  tab: CreditTab;
  records: CreditRecord[];
  onOpen: (id: number) => void;
}) {
  if (records.length === 0)
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={tab.key === 'evaluation' ? '暂无各部门公示的信用评价信息' : `暂无${tab.label}信息`}
      />
    );
  return (
    <div>
      {records.map((r) => (
        <RecordCard key={r.id} record={r} onOpen={onOpen} showAllFields={tab.key === 'basic'} />
      ))}
    </div>
  );
}

/** 信用评价: the platform's own grade (where the reader may see it), then the departments' published results. */
function EvaluationTab({
  file,
  tab,
  records,
  onOpen,
}: {
  file: CreditFile;
  tab: CreditTab;
  records: CreditRecord[];
  onOpen: (id: number) => void;
}) {
  return (
    <>
      {file.subject.kind !== 'natural_person' && (
        <PlatformGrade
          subject={file.subject.uscc ?? String(file.subject.id)}
          subjectId={file.subject.id}
          onOpenRecord={onOpen}
        />
      )}
      <TabContent tab={tab} records={records} onOpen={onOpen} />
    </>
  );
}

export function SubjectPage() {
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { data, isLoading, error } = useCreditFile(code);
  usePageTitle(data?.subject.name ?? '信用档案');

  const openRecord = params.get('record');
  const recordId = openRecord !== null && /^\d+$/.test(openRecord) ? Number(openRecord) : null;
  const activeTab = params.get('tab') ?? 'basic';

  const byTab = useMemo(() => {
    const map = new Map<string, CreditRecord[]>();
    for (const r of data?.groups.flatMap((g) => g.records) ?? []) {
      const key = tabOfItem(r.item.code);
      map.set(key, [...(map.get(key) ?? []), r]);
    }
    return map;
  }, [data]);

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: key === 'tab' });
  };

  if (isLoading)
    return (
      <div className="page-container">
        <Skeleton active paragraph={{ rows: 12 }} />
      </div>
    );
  if (error !== null || data === undefined)
    return (
      <div className="page-container">
        {error instanceof ApiError && error.status === 404 ? (
          <Result
            status="404"
            title="未找到该信用主体"
            subTitle="请核对统一社会信用代码，或使用名称重新查询。"
            extra={
              <Link to="/search">
                <Button type="primary">返回信用查询</Button>
              </Link>
            }
          />
        ) : (
          <Alert type="error" showIcon title="信用档案加载失败" description={errorMessage(error)} />
        )}
      </div>
    );

  const subjectKey = data.subject.uscc ?? String(data.subject.id);
  const tabs = [...CREDIT_TABS, ...(byTab.has(OTHER_TAB.key) ? [OTHER_TAB] : [])];
  return (
    <div className="page-container">
      <Breadcrumb
        className="breadcrumb-bar"
        items={[
          { title: <Link to="/">首页</Link> },
          { title: <Link to="/search">信用查询</Link> },
          { title: data.subject.name },
        ]}
      />
      <SubjectHeader file={data} />
      <Space wrap style={{ margin: '16px 0' }}>
        <Link to={`/reports?subject=${encodeURIComponent(subjectKey)}`}>
          <Button type="primary" icon={<FileProtectOutlined />}>
            下载信用报告
          </Button>
        </Link>
        <Link to={`/objections/new?subject=${encodeURIComponent(subjectKey)}`}>
          <Button icon={<AuditOutlined />}>异议申诉</Button>
        </Link>
        <Link to={`/repairs/new?subject=${encodeURIComponent(subjectKey)}`}>
          <Button icon={<FileSearchOutlined />}>信用修复</Button>
        </Link>
        <WatchButton subject={subjectKey} subjectId={data.subject.id} />
      </Space>
      <Card>
        <Tabs
          activeKey={activeTab}
          onChange={(key) => setParam('tab', key)}
          items={tabs.map((tab) => {
            const records = byTab.get(tab.key) ?? [];
            return {
              key: tab.key,
              label: (
                <span>
                  {tab.label}{' '}
                  <Badge
                    count={records.length}
                    showZero
                    color={
                      records.length === 0
                        ? '#bfbfbf'
                        : tab.key === 'penalty' || tab.key === 'discipline'
                          ? '#c8251e'
                          : '#0f4c97'
                    }
                    aria-label={`${records.length} 条`}
                  />
                </span>
              ),
              children:
                tab.key === 'evaluation' ? (
                  <EvaluationTab
                    file={data}
                    tab={tab}
                    records={records}
                    onOpen={(id) => setParam('record', String(id))}
                  />
                ) : (
                  <TabContent tab={tab} records={records} onOpen={(id) => setParam('record', String(id))} />
                ),
            };
          })}
        />
      </Card>
      <RecordDrawer id={recordId} onClose={() => setParam('record', null)} />
    </div>
  );
}
