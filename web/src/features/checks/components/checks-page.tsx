import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Row,
  Segmented,
  Select,
  Space,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { errorMessage } from '../../../lib/api';
import { useSession } from '../../../lib/session';
import { type CheckReceipt, parseCheckLine, parseCheckList, runCheck, useScenarios } from '../api/checks';
import { CheckReceiptView } from './check-receipt';

const MAX_BULK = 1000;

export function ChecksPage() {
  const { message } = App.useApp();
  const session = useSession();
  const scenarios = useScenarios();
  const allowed = session.data?.scope.scenarios;
  const options = (scenarios.data ?? [])
    .filter((s) => allowed === undefined || allowed.includes(s.code))
    .map((s) => ({ value: s.code, label: s.name }));
  const [mode, setMode] = useState<'single' | 'bulk'>('single');
  const [scenario, setScenario] = useState<string | undefined>(undefined);
  const [single, setSingle] = useState('');
  const [bulk, setBulk] = useState('');
  const [receipt, setReceipt] = useState<CheckReceipt | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const subjects =
    mode === 'single' ? [parseCheckLine(single)].filter((s) => s !== null) : parseCheckList(bulk);

  const run = async () => {
    if (scenario === undefined) {
      setError('请选择业务场景');
      return;
    }
    if (subjects.length === 0) {
      setError(mode === 'single' ? '请输入统一社会信用代码或名称' : '请粘贴或上传核查名单');
      return;
    }
    if (subjects.length > MAX_BULK) {
      setError(`单次最多核查 ${MAX_BULK} 个主体，当前 ${subjects.length} 个`);
      return;
    }
    setError(null);
    setRunning(true);
    try {
      const r = await runCheck(scenario, subjects);
      setReceipt(r);
      message.success(`核查完成，回执编号 ${r.payload.checkNo}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <PageHeader
        title="信用核查"
        description="在业务办理中核查主体是否属于联合惩戒或激励对象，结果附平台签名回执，可随时核验。"
      />
      <Row gutter={[20, 20]}>
        <Col xs={24} xl={14}>
          <Card>
            <Form layout="vertical">
              <Form.Item label="业务场景" required htmlFor="check-scenario">
                <Select
                  id="check-scenario"
                  value={scenario}
                  onChange={setScenario}
                  options={options}
                  loading={scenarios.isLoading}
                  placeholder="如：政府采购"
                />
              </Form.Item>
              <Form.Item label="核查方式">
                <Segmented
                  value={mode}
                  onChange={(v) => setMode(v as 'single' | 'bulk')}
                  options={[
                    { value: 'single', label: '单个核查' },
                    { value: 'bulk', label: '批量核查' },
                  ]}
                />
              </Form.Item>
              {mode === 'single' ? (
                <Form.Item label="统一社会信用代码或名称" htmlFor="check-single">
                  <Input
                    id="check-single"
                    value={single}
                    onChange={(e) => setSingle(e.target.value)}
                    maxLength={200}
                    onPressEnter={run}
                  />
                </Form.Item>
              ) : (
                <Form.Item
                  label="核查名单"
                  htmlFor="check-bulk"
                  extra={`每行一个统一社会信用代码或名称（CSV 取第一列），最多 ${MAX_BULK} 个；已识别 ${subjects.length} 个`}
                >
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <Input.TextArea
                      id="check-bulk"
                      rows={8}
                      value={bulk}
                      onChange={(e) => setBulk(e.target.value)}
                    />
                    <Upload
                      accept=".csv,.txt"
                      showUploadList={false}
                      beforeUpload={async (f) => {
                        setBulk(await f.text());
                        return false;
                      }}
                    >
                      <Button icon={<UploadOutlined />}>从 CSV / TXT 文件导入</Button>
                    </Upload>
                  </Space>
                </Form.Item>
              )}
              {error !== null && (
                <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />
              )}
              <Button type="primary" size="large" loading={running} onClick={run}>
                开始核查
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="说明">
            <Typography.Paragraph>
              核查结论依据核查时点处于有效期内的失信惩戒和守信激励名单信息，以及对应业务场景的措施清单得出。
            </Typography.Paragraph>
            <Typography.Paragraph>
              按名称核查时，名称需与登记名称一致；匹配到多个主体时请改用统一社会信用代码。
            </Typography.Paragraph>
            <Typography.Paragraph>
              采取或未采取措施后，请在“回执核验与反馈”中登记应用反馈。
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
      {receipt !== null && (
        <div style={{ marginTop: 20 }}>
          <CheckReceiptView receipt={receipt} />
        </div>
      )}
    </>
  );
}
