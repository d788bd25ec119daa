import { Card, Table, Tag } from 'antd';
import { PageHeader } from '../../../components/page-header';
import { EFFECT_LABELS, useMeasures, useScenarios } from '../api/checks';

interface MeasureSpecView {
  name?: string;
  effect?: string;
  scenarios?: string[];
  legalBasis?: string;
  implementingBody?: string;
}

export function MeasuresPage() {
  const measures = useMeasures();
  const scenarios = useScenarios();
  const scenarioName = (c: string) => scenarios.data?.find((s) => s.code === c)?.name ?? c;
  return (
    <>
      <PageHeader
        title="奖惩措施清单"
        description="失信惩戒和守信激励措施（清单制管理）：适用场景、法律依据和实施单位。措施的新增和修改接口建设中。"
      />
      <Card title="业务场景" style={{ marginBottom: 16 }}>
        <Table
          rowKey="code"
          size="small"
          loading={scenarios.isLoading}
          dataSource={scenarios.data ?? []}
          pagination={false}
          columns={[
            { title: '代码', dataIndex: 'code', width: 200 },
            { title: '名称', dataIndex: 'name', width: 200 },
            { title: '说明', dataIndex: 'description' },
            { title: '依据', dataIndex: 'basis' },
          ]}
        />
      </Card>
      <Card title="措施">
        <Table
          rowKey="code"
          size="small"
          loading={measures.isLoading}
          dataSource={measures.data ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: '代码', dataIndex: 'code', width: 220 },
            { title: '版本', dataIndex: 'version', width: 70 },
            { title: '名称', render: (_, m) => (m.spec as MeasureSpecView).name ?? '—' },
            {
              title: '类型',
              render: (_, m) => {
                const e = (m.spec as MeasureSpecView).effect;
                return e === undefined ? (
                  '—'
                ) : (
                  <Tag color={e === 'bar' ? 'red' : e === 'restrict' ? 'orange' : 'cyan'}>
                    {EFFECT_LABELS[e] ?? e}
                  </Tag>
                );
              },
            },
            {
              title: '适用场景',
              render: (_, m) => ((m.spec as MeasureSpecView).scenarios ?? []).map(scenarioName).join('、'),
            },
            { title: '依据', render: (_, m) => (m.spec as MeasureSpecView).legalBasis ?? '—' },
          ]}
        />
      </Card>
    </>
  );
}
