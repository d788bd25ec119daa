import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Input, List, Row, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { api, errorMessage, unwrap } from '../../../lib/api';
import { formatInstant } from '../../../lib/format';
import { subjectPath } from '../../subject/api/subject-path';
import {
  NOTIFICATION_KIND_LABELS,
  unwatchSubject,
  useNotifications,
  useWatches,
  watchSubject,
} from '../api/watches';
import { WebhooksCard } from './webhooks-card';

export function WatchesPage() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const watches = useWatches(true);
  const notifications = useNotifications(true);
  const names = new Map((watches.data ?? []).map((w) => [w.subjectId, w.name]));

  const add = async (code: string) => {
    if (code.trim() === '') return;
    try {
      await watchSubject(code.trim().toUpperCase());
      message.success('已关注');
      await client.invalidateQueries({ queryKey: ['watches'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const remove = async (subject: string) => {
    try {
      await unwatchSubject(subject);
      await client.invalidateQueries({ queryKey: ['watches'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const unread = (notifications.data ?? []).filter((n) => n.readAt === null).map((n) => n.id);
  const markRead = async () => {
    if (unread.length === 0) return;
    try {
      unwrap(await api.POST('/api/v1/notifications/read', { body: { ids: unread.slice(0, 500) } }));
      await client.invalidateQueries({ queryKey: ['notifications'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      <PageHeader
        title="关注与提醒"
        description="关注业务往来的信用主体，其信用记录新增、变更、撤销、修复或列入移出名单时，将在此提醒，也可推送到本单位系统。"
      />
      <Row gutter={[20, 20]}>
        <Col xs={24} lg={10}>
          <Card title={`关注的主体（${watches.data?.length ?? 0}）`}>
            <Input.Search
              placeholder="输入统一社会信用代码"
              enterButton="关注"
              onSearch={add}
              aria-label="要关注的统一社会信用代码"
              style={{ marginBottom: 12 }}
            />
            <List
              loading={watches.isLoading}
              dataSource={watches.data ?? []}
              locale={{ emptyText: '暂无关注的主体' }}
              renderItem={(w) => (
                <List.Item
                  actions={[
                    <Button
                      key="rm"
                      size="small"
                      type="link"
                      onClick={() => remove(w.uscc ?? String(w.subjectId))}
                    >
                      取消关注
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={<Link to={subjectPath(w.uscc ?? String(w.subjectId))}>{w.name}</Link>}
                    description={`${w.uscc ?? '—'} · 关注于 ${formatInstant(w.since)}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            title="动态提醒"
            extra={
              <Button size="small" onClick={markRead} disabled={unread.length === 0}>
                全部标为已读
              </Button>
            }
          >
            <List
              loading={notifications.isLoading}
              dataSource={notifications.data ?? []}
              locale={{ emptyText: '暂无动态' }}
              renderItem={(n) => (
                <List.Item>
                  <List.Item.Meta
                    title={
                      <span>
                        {n.readAt === null && <Tag color="red">新</Tag>}
                        {NOTIFICATION_KIND_LABELS[n.kind] ?? n.kind} ·{' '}
                        {n.subjectId === null
                          ? '平台通知'
                          : (names.get(n.subjectId) ?? `主体 #${n.subjectId}`)}
                      </span>
                    }
                    description={
                      <Typography.Text type="secondary">
                        {formatInstant(n.createdAt)}
                        {n.recordId !== null && ` · 记录 #${n.recordId}`}
                      </Typography.Text>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col span={24}>
          <WebhooksCard />
        </Col>
      </Row>
    </>
  );
}
