import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Form, Input, Row, Table, Tag } from 'antd';
import { PageHeader } from '../../../components/page-header';
import { api, errorMessage, unwrap } from '../../../lib/api';
import { formatDate, formatInstant } from '../../../lib/format';
import { can, useSession } from '../../../lib/session';
import { type Authorisation, useAuthorisations } from '../api/access';

/** The date picker's value (a dayjs instance; only format is used). */
interface PickedDate {
  format(template: string): string;
}

interface FormValues {
  subject: string;
  purpose: string;
  period: [PickedDate, PickedDate];
  evidenceRef: string;
}

export function AuthorisationsPage() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const session = useSession();
  const { data, isLoading } = useAuthorisations();
  const [form] = Form.useForm<FormValues>();

  const register = async (v: FormValues) => {
    try {
      unwrap(
        await api.POST('/api/v1/authorisations', {
          body: {
            subject: v.subject.trim().toUpperCase(),
            purpose: v.purpose,
            validFrom: v.period[0].format('YYYY-MM-DD'),
            validTo: v.period[1].format('YYYY-MM-DD'),
            evidenceRef: v.evidenceRef,
          },
        }),
      );
      message.success('授权已登记');
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['authorisations'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const revoke = async (id: number) => {
    try {
      unwrap(await api.POST('/api/v1/authorisations/{id}/revoke', { params: { path: { id } }, body: {} }));
      message.success('授权已撤回');
      await client.invalidateQueries({ queryKey: ['authorisations'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      <PageHeader
        title="主体授权"
        description="登记信用主体出具的查询授权书；授权有效期内可按授权目的查询其非公开信用信息，每次查询都记入主体可见的查询记录。"
      />
      {can(session.data, 'authorisation.register') && (
        <Card title="登记授权" style={{ marginBottom: 16 }}>
          <Form form={form} layout="vertical" onFinish={register}>
            <Row gutter={16}>
              <Col xs={24} md={6}>
                <Form.Item
                  name="subject"
                  label="授权主体证件号码"
                  tooltip="授权书上的统一社会信用代码，或自然人的身份证号码"
                  rules={[
                    { required: true, whitespace: true, message: '请填写统一社会信用代码或身份证号码' },
                  ]}
                >
                  <Input maxLength={40} autoComplete="off" placeholder="统一社会信用代码或身份证号码" />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item
                  name="purpose"
                  label="授权目的"
                  rules={[{ required: true, message: '请填写授权目的' }]}
                >
                  <Input maxLength={500} placeholder="如：贷款审批" />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name="period" label="有效期" rules={[{ required: true, message: '请选择有效期' }]}>
                  <DatePicker.RangePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item
                  name="evidenceRef"
                  label="授权书编号"
                  rules={[{ required: true, message: '请填写授权书编号' }]}
                >
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit">
              登记
            </Button>
          </Form>
        </Card>
      )}
      <Card title="授权列表">
        <Table<Authorisation>
          rowKey="id"
          loading={isLoading}
          dataSource={data ?? []}
          scroll={{ x: 900 }}
          columns={[
            { title: '授权主体', dataIndex: 'subjectName' },
            { title: '被授权单位', dataIndex: 'granteeOrganization' },
            { title: '目的', dataIndex: 'purpose' },
            { title: '有效期', render: (_, a) => `${formatDate(a.validFrom)} 至 ${formatDate(a.validTo)}` },
            { title: '授权书', dataIndex: 'evidenceRef' },
            { title: '登记时间', render: (_, a) => formatInstant(a.registeredAt) },
            {
              title: '状态',
              render: (_, a) =>
                a.revokedAt === null ? (
                  <Button
                    size="small"
                    danger
                    onClick={() => revoke(a.id)}
                    aria-label={`撤回授权 ${a.evidenceRef}`}
                  >
                    撤回
                  </Button>
                ) : (
                  <Tag>已撤回</Tag>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
