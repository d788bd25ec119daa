import { Alert, Button, Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../../lib/api';
import { labelOf, MATCH_LABELS, SUBJECT_KIND_LABELS } from '../../../lib/labels';
import { usePageTitle } from '../../../lib/site';
import { subjectPath } from '../../subject/api/subject-path';
import { PAGE_SIZE, type SubjectHit, useSubjectSearch } from '../api/search-subjects';

const BY_LABELS: Readonly<Record<string, string>> = {
  uscc: '按统一社会信用代码',
  reg_no: '按工商注册号',
  org_code: '按组织机构代码',
  name: '按名称',
};

function statusColor(status: string | null): string {
  if (status === null) return 'default';
  if (/存续|在业|开业|正常/.test(status)) return 'green';
  if (/吊销|注销|撤销|迁出/.test(status)) return 'default';
  return 'blue';
}

function Hit({ hit }: { hit: SubjectHit }) {
  const match = MATCH_LABELS[hit.match];
  return (
    <List.Item>
      <List.Item.Meta
        title={
          <Space wrap size={8}>
            <Link to={subjectPath(hit.uscc ?? String(hit.id))} style={{ fontSize: 17 }}>
              {hit.name}
            </Link>
            {hit.regStatus !== null && <Tag color={statusColor(hit.regStatus)}>{hit.regStatus}</Tag>}
            {match !== undefined && <Tag color={match.color}>{match.text}</Tag>}
          </Space>
        }
        description={
          <Space wrap size={[20, 4]}>
            <span>统一社会信用代码：{hit.uscc ?? '—'}</span>
            <span>主体类型：{labelOf(SUBJECT_KIND_LABELS, hit.kind)}</span>
            <span title={hit.regionCode ?? undefined}>
              所在地区：{hit.regionName ?? hit.regionCode ?? '—'}
            </span>
          </Space>
        }
      />
    </List.Item>
  );
}

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const { data, isFetching, error } = useSubjectSearch(q, page);
  usePageTitle(q === '' ? '信用查询' : `“${q}”的查询结果`);

  const go = (nextQ: string, nextPage: number) => {
    const p = new URLSearchParams();
    if (nextQ !== '') p.set('q', nextQ);
    if (nextPage > 1) p.set('page', String(nextPage));
    setParams(p);
  };

  return (
    <div className="page-container">
      <h1 className="page-heading">信用查询</h1>
      <Card>
        <search>
          <label htmlFor="search-q" className="sr-only">
            主体名称或统一社会信用代码
          </label>
          <Input.Search
            id="search-q"
            key={q}
            defaultValue={q}
            size="large"
            placeholder="请输入企业名称、统一社会信用代码、工商注册号或组织机构代码"
            enterButton="查询"
            maxLength={100}
            allowClear
            loading={isFetching}
            onSearch={(value) => go(value.trim(), 1)}
          />
        </search>
        <Typography.Paragraph type="secondary" style={{ marginTop: 10, marginBottom: 0 }}>
          支持名称关键字检索和代码精确查询。自然人信息不提供公开检索。
        </Typography.Paragraph>
      </Card>

      {q !== '' && (
        <section aria-live="polite" aria-busy={isFetching} style={{ marginTop: 16 }}>
          {error !== null ? (
            <Alert type="error" showIcon title="查询失败" description={errorMessage(error)} />
          ) : (
            <Card
              title={
                <span>
                  “{q}”的查询结果
                  {data !== undefined && (
                    <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginLeft: 8 }}>
                      {BY_LABELS[data.by] ?? ''} · 第 {page} 页
                    </Typography.Text>
                  )}
                </span>
              }
            >
              <List
                loading={isFetching && data === undefined}
                dataSource={data?.items ?? []}
                locale={{
                  emptyText: <Empty description="未查询到相关信用主体，请核对名称或代码后重试" />,
                }}
                renderItem={(hit) => <Hit hit={hit} />}
              />
              {data !== undefined && (page > 1 || data.hasMore) && (
                <nav
                  aria-label="分页"
                  style={{ display: 'flex', justifyContent: 'center', gap: 12, marginTop: 16 }}
                >
                  <Button disabled={page <= 1} onClick={() => go(q, page - 1)}>
                    上一页
                  </Button>
                  <span style={{ alignSelf: 'center' }}>第 {page} 页</span>
                  <Button disabled={!data.hasMore} onClick={() => go(q, page + 1)}>
                    下一页
                  </Button>
                </nav>
              )}
              {data !== undefined && data.items.length === PAGE_SIZE && !data.hasMore && page > 1 && (
                <Typography.Paragraph type="secondary">已到最后一页</Typography.Paragraph>
              )}
            </Card>
          )}
        </section>
      )}
    </div>
  );
}
