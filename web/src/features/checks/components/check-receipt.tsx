import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { formatDate, formatInstant } from '../../../lib/format';
import { subjectPath } from '../../subject/api/subject-path';
import { type CheckReceipt, type CheckResult, EFFECT_LABELS, VERDICT_LABELS } from '../api/checks';

function queryText(q: Record<string, string>): string {
  return (
    // the server sends an id number in its one fixed mask; shown as sent
    q.uscc ?? q.name ?? q.ric ?? Object.values(q).join(' ')
  );
}

/** A signed check receipt: every subject's verdict, the records that triggered it and the measures that apply. */
export function CheckReceiptView({ receipt }: { receipt: CheckReceipt }) {
  const p = receipt.payload;
  const saveJson = () => {
    const blob = new Blob([JSON.stringify(receipt, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `核查回执-${p.checkNo}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const counts = p.results.reduce<Record<string, number>>((acc, r) => {
    acc[r.verdict] = (acc[r.verdict] ?? 0) + 1;
    return acc;
  }, {});
  return (
    <Card
      title={`核查回执 ${p.checkNo}`}
      extra={
        <Space>
          <Link to={`/console/check-verify?no=${encodeURIComponent(p.checkNo)}`}>
            <Button>核验 / 反馈</Button>
          </Link>
          <Button icon={<DownloadOutlined />} onClick={saveJson}>
            保存回执
          </Button>
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'scenario', label: '业务场景', children: p.scenario.name },
          { key: 'at', label: '核查时间', children: formatInstant(p.checkedAt) },
          { key: 'asof', label: '数据截至', children: formatDate(p.asOfDate) },
          { key: 'org', label: '核查单位', children: p.organization ?? '—' },
          { key: 'by', label: '核查人', children: p.requestedBy },
          {
            key: 'sig',
            label: '平台签名',
            children: (
              <Typography.Text copyable={{ text: receipt.signature }}>
                {receipt.algorithm} · {receipt.keyId}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Space wrap style={{ margin: '12px 0' }}>
        {Object.entries(counts).map(([v, n]) => (
          <Tag key={v} color={VERDICT_LABELS[v]?.color}>
            {VERDICT_LABELS[v]?.text ?? v}：{n}
          </Tag>
        ))}
      </Space>
      <Table<CheckResult>
        rowKey="index"
        size="small"
        dataSource={p.results}
        pagination={p.results.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 900 }}
        expandable={{
          rowExpandable: (r) => r.triggers.length > 0 || r.candidates.length > 0,
          expandedRowRender: (r) => (
            <div>
              {r.triggers.length > 0 && (
                <>
                  <Typography.Text strong>触发记录</Typography.Text>
                  <ul>
                    {r.triggers.map((t) => (
                      <li key={t.recordId}>
                        {t.itemName} {t.documentNumber ?? ''} · {t.provider} · 决定日期{' '}
                        {formatDate(t.decisionDate)}
                        {t.validUntil !== null && ` · 有效期至 ${formatDate(t.validUntil)}`}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {r.candidates.length > 0 && (
                <>
                  <Typography.Text strong>可能的主体</Typography.Text>
                  <ul>
                    {r.candidates.map((c) => (
                      <li key={c.subjectId}>
                        {c.name}（{c.uscc ?? '无代码'}）：{c.explanation}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          ),
        }}
        columns={[
          { title: '序号', dataIndex: 'index', width: 70, render: (i: number) => i + 1 },
          { title: '查询条件', render: (_, r) => queryText(r.query) },
          {
            title: '信用主体',
            render: (_, r) =>
              r.subject === null ? (
                '—'
              ) : (
                <Link to={subjectPath(r.subject.uscc ?? String(r.subject.id))}>{r.subject.name}</Link>
              ),
          },
          {
            title: '核查结论',
            render: (_, r) => {
              const v = VERDICT_LABELS[r.verdict];
              return <Tag color={v?.color}>{v?.text ?? r.verdict}</Tag>;
            },
          },
          {
            title: '适用措施',
            render: (_, r) =>
              r.measures.length === 0
                ? '—'
                : r.measures.map((m) => (
                    <div key={m.code}>
                      <Tag color={m.effect === 'bar' ? 'red' : m.effect === 'restrict' ? 'orange' : 'cyan'}>
                        {EFFECT_LABELS[m.effect]}
                      </Tag>
                      {m.name}
                      {m.effect === 'bar' && !m.basisConfirmed && (
                        <Typography.Text type="warning">
                          （法律依据待确认，仅作提示，需人工核实）
                        </Typography.Text>
                      )}
                    </div>
                  )),
          },
          { title: '说明', dataIndex: 'note', render: (n: string | null) => n ?? '' },
        ]}
      />
    </Card>
  );
}
