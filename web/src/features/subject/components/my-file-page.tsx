import { Alert, Button, Card, Empty, Space, Tabs } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api';
import { CREDIT_TABS, OTHER_TAB, tabOfItem } from '../../../lib/items';
import { useSession } from '../../../lib/session';
import { PlatformGrade } from '../../evaluation/components/platform-grade';
import { type CreditRecord, useCreditFile } from '../api/credit-file';
import { RecordCard } from './record-card';
import { RecordDrawer } from './record-drawer';

/** The bound subject's whole file (subject view: also records not shown to the public). */
export function MyFilePage() {
  const session = useSession();
  const subjectId = session.data?.scope.subjectId;
  const file = useCreditFile(subjectId === undefined ? '' : String(subjectId));
  const [open, setOpen] = useState<number | null>(null);
  const byTab = useMemo(() => {
    const m = new Map<string, CreditRecord[]>();
    for (const r of (file.data?.groups ?? []).flatMap((g) => g.records))
      m.set(tabOfItem(r.item.code), [...(m.get(tabOfItem(r.item.code)) ?? []), r]);
    return m;
  }, [file.data]);

  if (subjectId === undefined)
    return (
      <>
        <PageHeader title="本主体信用档案" />
        <Alert
          type="info"
          showIcon
          title="账号尚未绑定信用主体"
          description="请先申请绑定所代表的信用主体，审核通过后即可查看完整信用档案。"
          action={
            <Link to="/console/bindings">
              <Button type="primary">申请绑定</Button>
            </Link>
          }
        />
      </>
    );

  const tabs = [...CREDIT_TABS, ...(byTab.has(OTHER_TAB.key) ? [OTHER_TAB] : [])];
  return (
    <>
      <PageHeader
        title={file.data?.subject.name ?? '本主体信用档案'}
        description="本主体的完整信用档案，包括不向社会公示的信息。"
        extra={
          <Space>
            <Link to={`/reports?subject=${encodeURIComponent(file.data?.subject.uscc ?? String(subjectId))}`}>
              <Button type="primary">下载信用报告</Button>
            </Link>
            <Link to="/console/access-log">
              <Button>谁查询了我</Button>
            </Link>
          </Space>
        }
      />
      {file.error !== null ? (
        <Alert type="error" showIcon title={errorMessage(file.error)} />
      ) : (
        <Card loading={file.isLoading}>
          <Tabs
            items={tabs.map((t) => ({
              key: t.key,
              label: `${t.label}（${byTab.get(t.key)?.length ?? 0}）`,
              children: (
                <>
                  {t.key === 'evaluation' &&
                    file.data !== undefined &&
                    file.data.subject.kind !== 'natural_person' && (
                      <PlatformGrade
                        subject={String(subjectId)}
                        subjectId={subjectId}
                        onOpenRecord={setOpen}
                      />
                    )}
                  {(byTab.get(t.key) ?? []).length === 0 ? (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`暂无${t.label}信息`} />
                  ) : (
                    (byTab.get(t.key) ?? []).map((r) => (
                      <RecordCard key={r.id} record={r} onOpen={setOpen} showAllFields={t.key === 'basic'} />
                    ))
                  )}
                </>
              ),
            }))}
          />
        </Card>
      )}
      <RecordDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
}
