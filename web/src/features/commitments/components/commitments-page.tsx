import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Result,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { ApiError, api, errorMessage, unwrap } from '../../../lib/api';
import { useSession } from '../../../lib/session';
import { useCatalogItem } from '../../catalog/api/catalog';
import { ProviderSelect } from '../../providers/components/provider-select';
import { useCreditFile } from '../../subject/api/credit-file';
import { subjectPath } from '../../subject/api/subject-path';
import { RecordDrawer } from '../../subject/components/record-drawer';
import { makeCommitment } from '../api/commitments';
import { CommitmentRecords } from './commitment-records';

interface FormValues {
  type: string;
  reason: string;
  text: string;
  acceptingUnit: string;
  matter?: string;
  validFrom?: string;
  validTo?: string;
}

interface Picked {
  readonly id: number;
  readonly name: string;
  readonly code: string;
}

const TEMPLATE =
  '本单位承诺：所提交的材料真实、合法、有效；严格遵守相关法律法规，依法诚信经营；如违背承诺，愿意承担相应法律责任，接受相关部门依法依规实施的失信惩戒措施，并同意将本承诺及履约情况纳入信用记录、依法公示。';

/** The credit centre finds the subject a commitment is made for (at the counter) by its code. */
function SubjectFinder({ onPick }: { onPick: (s: Picked | null) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const find = async (code: string) => {
    const q = code.trim().toUpperCase();
    if (q === '') return;
    setLoading(true);
    setError(null);
    try {
      const res = unwrap(await api.GET('/api/v1/subjects', { params: { query: { q, limit: 5 } } }));
      const hit =
        res.items.find((h) => h.match === 'code') ?? (res.items.length === 1 ? res.items[0] : undefined);
      if (hit === undefined) {
        setError('未找到该代码对应的信用主体');
        onPick(null);
      } else onPick({ id: hit.id, name: hit.name, code: hit.uscc ?? String(hit.id) });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search
        placeholder="作出承诺的主体的统一社会信用代码"
        enterButton="查找主体"
        aria-label="作出承诺的主体的统一社会信用代码"
        maxLength={40}
        loading={loading}
        onSearch={find}
      />
      {error !== null && <Alert type="warning" showIcon title={error} />}
    </Space>
  );
}

/** 信用承诺: a subject (or the credit centre on its behalf) makes a commitment to an accepting unit. */
export function CommitmentsPage() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const session = useSession();
  const isSubject = session.data?.role === 'subject_user';
  const ownId = session.data?.scope.subjectId;
  const own = useCreditFile(isSubject && ownId !== undefined ? String(ownId) : '');
  const [picked, setPicked] = useState<Picked | null>(null);
  const item = useCatalogItem('CREDIT_COMMITMENT');
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState<{ recordId: number; number: string } | null>(null);
  const [record, setRecord] = useState<number | null>(null);

  const subject: Picked | null = isSubject
    ? ownId === undefined
      ? null
      : {
          id: ownId,
          name: own.data?.subject.name ?? '本主体',
          code: own.data?.subject.uscc ?? String(ownId),
        }
    : picked;
  const types = item.data?.spec.fields.find((f) => f.code === 'CN_LX')?.enum ?? [];

  const submit = async (v: FormValues) => {
    if (subject === null) return;
    setSaving(true);
    setProblems([]);
    try {
      const res = await makeCommitment({
        subjectId: subject.id,
        type: v.type,
        reason: v.reason.trim(),
        text: v.text.trim(),
        acceptingUnit: v.acceptingUnit,
        ...(v.matter === undefined || v.matter.trim() === '' ? {} : { matter: v.matter.trim() }),
        ...(v.validFrom === undefined || v.validFrom === '' ? {} : { validFrom: v.validFrom }),
        ...(v.validTo === undefined || v.validTo === '' ? {} : { validTo: v.validTo }),
      });
      setDone(res);
      message.success(`信用承诺已记录：${res.number}`);
      await client.invalidateQueries({ queryKey: ['commitments'] });
      await client.invalidateQueries({ queryKey: ['credit-file'] });
    } catch (e) {
      const details =
        e instanceof ApiError
          ? (e.problem.errors ?? []).map((d) => `${d.field ?? ''} ${d.message}`.trim())
          : [];
      setProblems(details.length > 0 ? details : [errorMessage(e)]);
    } finally {
      setSaving(false);
    }
  };

  if (isSubject && ownId === undefined)
    return (
      <>
        <PageHeader title="信用承诺" />
        <Alert
          type="info"
          showIcon
          title="账号尚未绑定信用主体"
          description="请先申请绑定所代表的信用主体，审核通过后即可作出信用承诺。"
          action={
            <Link to="/console/bindings">
              <Button type="primary">申请绑定</Button>
            </Link>
          }
        />
      </>
    );

  return (
    <>
      <PageHeader
        title="信用承诺"
        description="向受理单位作出信用承诺（审批替代、证明事项告知承诺、主动公示等）。承诺记入信用档案并依法公示，受理单位据实登记践诺或违诺。"
      />
      <Row gutter={[20, 20]}>
        <Col xs={24} xl={16}>
          <Card title="作出信用承诺">
            {done !== null && subject !== null ? (
              <Result
                status="success"
                title="信用承诺已记录"
                subTitle="承诺已记入信用档案，受理单位将根据履约情况登记践诺或违诺。"
                extra={[
                  <Link key="view" to={`${subjectPath(subject.code)}?tab=commitment&record=${done.recordId}`}>
                    <Button type="primary">在信用档案中查看</Button>
                  </Link>,
                  <Button
                    key="again"
                    onClick={() => {
                      setDone(null);
                      form.resetFields();
                    }}
                  >
                    再作一项承诺
                  </Button>,
                ]}
              >
                <Descriptions
                  bordered
                  size="small"
                  column={1}
                  items={[
                    { key: 'no', label: '承诺编号', children: done.number },
                    { key: 'record', label: '信用记录编号', children: done.recordId },
                    { key: 'subject', label: '承诺主体', children: subject.name },
                  ]}
                />
              </Result>
            ) : (
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                {isSubject ? (
                  <Typography.Text>
                    承诺主体：<strong>{subject?.name}</strong>
                    {subject !== null && subject.code !== String(subject.id) && `（${subject.code}）`}
                  </Typography.Text>
                ) : (
                  <>
                    <SubjectFinder onPick={setPicked} />
                    {picked !== null && (
                      <Alert type="success" showIcon title={`承诺主体：${picked.name}（${picked.code}）`} />
                    )}
                  </>
                )}
                <Form<FormValues>
                  form={form}
                  layout="vertical"
                  onFinish={submit}
                  disabled={subject === null}
                  initialValues={{ text: TEMPLATE }}
                >
                  <Row gutter={16}>
                    <Col xs={24} md={12}>
                      <Form.Item
                        name="type"
                        label="承诺类型"
                        rules={[{ required: true, message: '请选择承诺类型' }]}
                      >
                        <Select
                          loading={item.isLoading}
                          options={types.map((t) => ({ value: t.value, label: t.label }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item
                        name="acceptingUnit"
                        label="承诺受理单位"
                        rules={[{ required: true, message: '请选择受理单位' }]}
                      >
                        <ProviderSelect item="CREDIT_COMMITMENT" placeholder="接受承诺的部门" />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Form.Item
                    name="reason"
                    label="承诺事由"
                    rules={[{ required: true, min: 2, message: '请填写承诺事由' }]}
                  >
                    <Input maxLength={1000} placeholder="如：申请食品经营许可，以告知承诺替代现场核查" />
                  </Form.Item>
                  <Form.Item name="matter" label="承诺事项（可选）">
                    <Input maxLength={500} placeholder="如：食品经营许可证核发" />
                  </Form.Item>
                  <Form.Item
                    name="text"
                    label="承诺内容"
                    rules={[{ required: true, min: 10, message: '请填写承诺内容（至少 10 个字）' }]}
                  >
                    <Input.TextArea rows={5} maxLength={8000} showCount />
                  </Form.Item>
                  <Row gutter={16}>
                    <Col xs={24} md={12}>
                      <Form.Item name="validFrom" label="有效期自（可选）">
                        <Input type="date" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item
                        name="validTo"
                        label="有效期至（可选）"
                        dependencies={['validFrom']}
                        rules={[
                          ({ getFieldValue }) => ({
                            validator: (_, v: string | undefined) => {
                              const from = getFieldValue('validFrom') as string | undefined;
                              return v === undefined ||
                                v === '' ||
                                from === undefined ||
                                from === '' ||
                                v >= from
                                ? Promise.resolve()
                                : Promise.reject(new Error('有效期至不能早于有效期自'));
                            },
                          }),
                        ]}
                      >
                        <Input type="date" />
                      </Form.Item>
                    </Col>
                  </Row>
                  {problems.length > 0 && (
                    <Alert
                      type="error"
                      showIcon
                      title="未能记录承诺"
                      style={{ marginBottom: 16 }}
                      description={
                        <ul style={{ margin: 0, paddingLeft: 18 }}>
                          {problems.map((p) => (
                            <li key={p}>{p}</li>
                          ))}
                        </ul>
                      }
                    />
                  )}
                  <Button type="primary" htmlType="submit" loading={saving}>
                    提交信用承诺
                  </Button>
                </Form>
              </Space>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title="承诺须知">
            <Typography.Paragraph>
              <strong>审批替代型</strong>：以承诺替代部分审批条件或材料，先行办理、事后核查。
            </Typography.Paragraph>
            <Typography.Paragraph>
              <strong>证明事项告知承诺型</strong>：以承诺代替提交证明材料，受理单位事后核查。
            </Typography.Paragraph>
            <Typography.Paragraph>
              <strong>主动公示型、行业自律型</strong>：主动向社会作出、接受社会监督的承诺。
            </Typography.Paragraph>
            <Typography.Paragraph>
              <strong>信用修复型</strong>：申请信用修复时作出的承诺。
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              承诺记入信用档案并依法公示。经核查违背承诺的，受理单位登记违诺，生成失信记录，且在修复前不能再适用告知承诺制。
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col span={24}>
          <Card title={subject === null ? '已作出的信用承诺' : `${subject.name}的信用承诺`}>
            {subject === null ? (
              <Typography.Text type="secondary">查找主体后显示其信用承诺及履约状态。</Typography.Text>
            ) : (
              <CommitmentRecords subject={String(subject.id)} onOpen={setRecord} />
            )}
          </Card>
        </Col>
      </Row>
      <RecordDrawer id={record} onClose={() => setRecord(null)} />
    </>
  );
}
