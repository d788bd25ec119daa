import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Result, Select, Space, Switch, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api';
import { can, useSession } from '../../../lib/session';
import { type CheckVerification, type FeedbackItem, sendFeedback, verifyCheck } from '../api/checks';
import { CheckReceiptView } from './check-receipt';

interface Row extends FeedbackItem {
  key: string;
  subject: string;
  measureName: string;
}

function FeedbackForm({ verification }: { verification: CheckVerification }) {
  const { message } = App.useApp();
  const receipt = verification.receipt;
  const initial: Row[] =
    receipt?.payload.results.flatMap((r) =>
      r.measures.map((m) => ({
        key: `${r.index}-${m.code}`,
        index: r.index,
        measure: m.code,
        measureName: m.name,
        subject: r.subject?.name ?? '—',
        applied: true,
      })),
    ) ?? [];
  const [rows, setRows] = useState<Row[]>(initial);
  const [saving, setSaving] = useState(false);
  if (initial.length === 0)
    return <Alert type="info" showIcon title="本次核查没有触发任何措施，无需反馈。" />;
  const update = (key: string, patch: Partial<Row>) =>
    setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const save = async () => {
    setSaving(true);
    try {
      const n = await sendFeedback(
        verification.checkNo,
        rows.map(({ index, measure, applied, outcome, note }) => ({
          index,
          measure,
          applied,
          ...(outcome ? { outcome } : {}),
          ...(note ? { note } : {}),
        })),
      );
      message.success(`已登记 ${n} 条应用反馈`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <Table<Row>
        rowKey="key"
        size="small"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: '主体', dataIndex: 'subject' },
          { title: '措施', dataIndex: 'measureName' },
          {
            title: '是否采取',
            render: (_, r) => (
              <Switch
                checked={r.applied}
                onChange={(v) => update(r.key, { applied: v })}
                checkedChildren="已采取"
                unCheckedChildren="未采取"
                aria-label={`${r.subject} ${r.measureName} 是否采取`}
              />
            ),
          },
          {
            title: '结果',
            render: (_, r) => (
              <Select
                allowClear
                style={{ width: 160 }}
                value={r.outcome}
                onChange={(v?: string) => update(r.key, { outcome: v })}
                aria-label="应用结果"
                options={[
                  { value: '不予受理', label: '不予受理' },
                  { value: '取消资格', label: '取消资格' },
                  { value: '从严审核', label: '从严审核' },
                  { value: '容缺受理', label: '容缺受理（激励）' },
                  { value: '其他', label: '其他' },
                ]}
              />
            ),
          },
          {
            title: '备注',
            render: (_, r) => (
              <Input
                value={r.note}
                onChange={(e) => update(r.key, { note: e.target.value })}
                maxLength={1000}
                aria-label="备注"
              />
            ),
          },
        ]}
      />
      <Button type="primary" style={{ marginTop: 12 }} loading={saving} onClick={save}>
        提交应用反馈
      </Button>
    </>
  );
}

export function CheckVerifyPage() {
  const [params, setParams] = useSearchParams();
  const session = useSession();
  const no = params.get('no') ?? '';
  const [result, setResult] = useState<CheckVerification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const run = useCallback(async (n: string) => {
    setLoading(true);
    setError(null);
    setResult(null);
    try {
      setResult(await verifyCheck(n));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    if (no !== '') void run(no);
  }, [no, run]);

  return (
    <>
      <PageHeader
        title="回执核验与反馈"
        description="输入核查回执编号，核验平台签名是否有效，并登记措施的应用反馈。"
      />
      <Card style={{ marginBottom: 16 }}>
        <Form
          layout="inline"
          onFinish={(v: { no: string }) => setParams({ no: v.no.trim().toUpperCase() })}
          initialValues={{ no }}
          key={no}
        >
          <Form.Item
            name="no"
            label="回执编号"
            rules={[
              {
                required: true,
                pattern: /^HC\d{8}[0-9A-Fa-f]{12}$/,
                message: '回执编号格式为 HC + 8 位日期 + 12 位校验码',
              },
            ]}
          >
            <Input style={{ width: 300 }} autoComplete="off" placeholder="HC2026…" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={loading}>
            核验
          </Button>
        </Form>
      </Card>
      {error !== null && <Alert type="error" showIcon title={error} />}
      {result !== null && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Card>
            <Result
              style={{ padding: 12 }}
              icon={
                result.valid ? (
                  <CheckCircleFilled style={{ color: '#2f8f3a' }} />
                ) : (
                  <CloseCircleFilled style={{ color: '#c8251e' }} />
                )
              }
              title={result.valid ? '回执有效：内容与平台签名一致' : '回执无效'}
              subTitle={`摘要${result.digestMatches ? '一致' : '不一致'} · 签名${result.signatureValid ? '有效' : '无效'} · 核查主体 ${result.subjectCount} 个`}
            />
          </Card>
          {result.receipt !== null && <CheckReceiptView receipt={result.receipt} />}
          {can(session.data, 'check.feedback') && result.receipt !== null && (
            <Card title="应用反馈">
              <FeedbackForm verification={result} />
            </Card>
          )}
        </Space>
      )}
    </>
  );
}
