import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { ApiError, errorMessage } from '../../../lib/api';
import { formatInstant } from '../../../lib/format';
import { validated } from '../../../lib/forms';
import { can, useSession } from '../../../lib/session';
import { useCatalog } from '../../catalog/api/catalog';
import { useModels } from '../../evaluation/api/evaluation';
import { ProviderSelect } from '../../providers/components/provider-select';
import { createPlan, type InspectionPlan, PLANS_KEY, type PlanInput, usePlans } from '../api/inspections';

interface FormValues {
  code: string;
  name: string;
  regulator: string;
  matter: string;
  baseRatio: string;
  model: string;
  regionPrefix?: string;
  subjectKinds: ('legal_entity' | 'individual_business')[];
  industryNames?: string[];
  requireItems?: string[];
  inspectors: string;
  inspectorsPerInspection: number;
}

const NO_MODEL = '__none__';

/** `编号,姓名,单位` per line (comma, Chinese comma or tab) → inspectors; the line numbers of bad lines. */
export function parseInspectors(text: string): { inspectors: PlanInput['inspectors']; bad: number[] } {
  const inspectors: PlanInput['inspectors'] = [];
  const bad: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const [code = '', name = '', ...org] = line.split(/[,，\t]/).map((p) => p.trim());
    const organization = org.join('，').trim();
    if (!/^[A-Za-z0-9-]{1,32}$/.test(code) || name === '' || organization === '') bad.push(i + 1);
    else inspectors.push({ code, name, organization });
  });
  return { inspectors, bad };
}

function NewPlanModal({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const models = useModels();
  const catalog = useCatalog();
  const [form] = Form.useForm<FormValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const defaultModel = models.data?.find((m) => m.isDefault);

  const save = async () => {
    const v = await validated(form);
    if (v === null) return;
    const { inspectors, bad } = parseInspectors(v.inspectors);
    if (bad.length > 0) {
      setProblems([`检查人员第 ${bad.join('、')} 行格式不正确：每行“编号,姓名,所在单位”`]);
      return;
    }
    setSaving(true);
    setProblems([]);
    try {
      const plan = await createPlan({
        code: v.code.trim(),
        name: v.name.trim(),
        regulator: v.regulator,
        matter: v.matter.trim(),
        baseRatio: v.baseRatio.trim(),
        model: v.model === NO_MODEL ? null : v.model,
        population: {
          regionPrefix:
            v.regionPrefix === undefined || v.regionPrefix.trim() === '' ? null : v.regionPrefix.trim(),
          subjectKinds: v.subjectKinds,
          ...(v.industryNames === undefined || v.industryNames.length === 0
            ? {}
            : { industryNames: v.industryNames }),
          ...(v.requireItems === undefined || v.requireItems.length === 0
            ? {}
            : { requireItems: v.requireItems }),
        },
        inspectors,
        inspectorsPerInspection: v.inspectorsPerInspection,
      });
      message.success(`已创建抽查计划 ${plan.code}`);
      await client.invalidateQueries({ queryKey: PLANS_KEY });
      onClose();
      navigate(`/console/inspections/${plan.id}`);
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

  return (
    <Modal
      title="新建双随机抽查计划"
      open
      onCancel={onClose}
      onOk={save}
      okText="创建"
      confirmLoading={saving}
      width={820}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{
          baseRatio: '0.05',
          subjectKinds: ['legal_entity', 'individual_business'],
          inspectorsPerInspection: 2,
          model: defaultModel === undefined ? undefined : `${defaultModel.code}@${defaultModel.version}`,
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item
              name="code"
              label="计划编号"
              rules={[
                { required: true, message: '请填写计划编号' },
                { pattern: /^[A-Za-z0-9-]{3,40}$/, message: '3–40 位字母、数字或连字符' },
              ]}
            >
              <Input maxLength={40} placeholder="如 SCJG-2026-Q4" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="name" label="计划名称" rules={[{ required: true, message: '请填写计划名称' }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="regulator"
              label="检查部门"
              rules={[{ required: true, message: '请选择检查部门' }]}
            >
              <ProviderSelect item="XZJC" placeholder="报送行政检查结果的部门" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="model"
              label="按信用等级分层"
              extra="抽查比例 = 基础比例 × 该等级的系数（信用等级越低，抽查越多）"
            >
              <Select
                loading={models.isLoading}
                options={[
                  ...(models.data ?? []).map((m) => ({
                    value: `${m.code}@${m.version}`,
                    label: `${m.name}（第 ${m.version} 版）${m.isDefault ? ' · 默认' : ''}`,
                  })),
                  { value: NO_MODEL, label: '不分层（所有主体同一比例）' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="matter" label="检查事项" rules={[{ required: true, message: '请填写检查事项' }]}>
              <Input maxLength={500} placeholder="如：企业年度报告公示信息抽查" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="baseRatio"
              label="基础抽查比例"
              rules={[{ required: true, pattern: /^[01](\.\d{1,6})?$/, message: '0–1 之间的小数，如 0.05' }]}
            >
              <Input maxLength={8} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="regionPrefix"
              label="行政区划（可选）"
              rules={[{ pattern: /^\d{2,6}$/, message: '2–6 位代码' }]}
            >
              <Input maxLength={6} placeholder="如 3302" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="inspectorsPerInspection" label="每户检查人员数">
              <InputNumber min={1} max={10} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="subjectKinds"
              label="检查对象类型"
              rules={[{ required: true, type: 'array', min: 1, message: '至少选择一类' }]}
            >
              <Checkbox.Group
                options={[
                  { value: 'legal_entity', label: '法人及非法人组织' },
                  { value: 'individual_business', label: '个体工商户' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="industryNames" label="行业（可选，名称包含）">
              <Select mode="tags" placeholder="如 餐饮、食品" tokenSeparators={[',', '，']} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="requireItems" label="须有以下信息的主体（可选）">
              <Select
                mode="multiple"
                optionFilterProp="label"
                placeholder="如：只抽查有行政许可信息的主体"
                options={(catalog.data ?? []).map((i) => ({
                  value: i.code,
                  label: `${i.name}（${i.code}）`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="inspectors"
              label="执法检查人员名录"
              rules={[{ required: true, message: '请填写检查人员' }]}
              extra="每行一人：编号,姓名,所在单位。每户检查对象随机匹配指定人数的检查人员。"
            >
              <Input.TextArea
                rows={5}
                placeholder={'ZF-001,张明,市场监管局执法支队\nZF-002,李华,市场监管局执法支队'}
              />
            </Form.Item>
          </Col>
        </Row>
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            title="未能创建"
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            }
          />
        )}
      </Form>
    </Modal>
  );
}

/** 双随机抽查 (console): plans with their strata probabilities; regulators and the credit centre create plans. */
export function InspectionsPage() {
  const session = useSession();
  const { data, isLoading, error } = usePlans();
  const [creating, setCreating] = useState(false);
  const manage = can(session.data, 'inspection.manage');
  return (
    <>
      <PageHeader
        title="双随机抽查"
        description="按信用等级设定抽查比例，以公开随机数随机抽取检查对象并匹配执法检查人员，抽取结果向社会公示、可复核。"
        extra={
          <Space>
            <Link to="/inspections">
              <Button>公示页面</Button>
            </Link>
            {manage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                新建抽查计划
              </Button>
            )}
          </Space>
        }
      />
      {error !== null && (
        <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />
      )}
      <Card>
        <Table<InspectionPlan>
          rowKey="id"
          loading={isLoading}
          dataSource={data ?? []}
          scroll={{ x: 960 }}
          locale={{ emptyText: '暂无抽查计划' }}
          columns={[
            {
              title: '计划',
              render: (_, p) => (
                <span>
                  <Link to={`/console/inspections/${p.id}`}>{p.name}</Link>
                  <br />
                  <span style={{ color: '#5b6472', fontSize: 13 }}>{p.code}</span>
                </span>
              ),
            },
            { title: '检查部门', render: (_, p) => p.regulator.name },
            { title: '检查事项', render: (_, p) => p.definition.matter, ellipsis: true },
            { title: '基础比例', align: 'right', render: (_, p) => p.definition.baseRatio },
            {
              title: '分层',
              render: (_, p) => (p.definition.model === null ? '不分层' : `按 ${p.definition.model} 等级`),
            },
            { title: '检查人员', align: 'right', render: (_, p) => p.definition.inspectors.length },
            {
              title: '状态',
              render: (_, p) => (p.status === 'active' ? <Tag color="green">进行中</Tag> : <Tag>已关闭</Tag>),
            },
            { title: '创建时间', render: (_, p) => formatInstant(p.createdAt) },
          ]}
        />
      </Card>
      {creating && <NewPlanModal onClose={() => setCreating(false)} />}
    </>
  );
}
