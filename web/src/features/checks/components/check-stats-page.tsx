import { Card, Table } from 'antd';
import { PageHeader } from '../../../components/page-header';
import { formatCount } from '../../../lib/format';
import { useCheckStats, useScenarios } from '../api/checks';

export function CheckStatsPage() {
  const { data, isLoading } = useCheckStats(true);
  const scenarios = useScenarios();
  const name = (code: string) => scenarios.data?.find((s) => s.code === code)?.name ?? code;
  return (
    <>
      <PageHeader
        title="核查统计"
        description="各业务场景的核查量、核查结论分布，以及各项措施的触发和应用反馈情况。"
      />
      <Card title="按业务场景" style={{ marginBottom: 16 }}>
        <Table
          rowKey="scenario"
          loading={isLoading}
          dataSource={data?.byScenario ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: '业务场景', render: (_, r) => name(r.scenario) },
            { title: '核查次数', align: 'right', render: (_, r) => formatCount(r.checks) },
            { title: '核查主体', align: 'right', render: (_, r) => formatCount(r.subjects) },
            { title: '禁止', align: 'right', render: (_, r) => formatCount(r.barred) },
            { title: '提示（待核实依据）', align: 'right', render: (_, r) => formatCount(r.prompt) },
            { title: '限制', align: 'right', render: (_, r) => formatCount(r.restricted) },
            { title: '激励', align: 'right', render: (_, r) => formatCount(r.incentive) },
            { title: '未发现限制', align: 'right', render: (_, r) => formatCount(r.clear) },
            { title: '未确定主体', align: 'right', render: (_, r) => formatCount(r.unresolved) },
            { title: '未获授权', align: 'right', render: (_, r) => formatCount(r.notAuthorised) },
          ]}
        />
      </Card>
      <Card title="按措施">
        <Table
          rowKey="measure"
          loading={isLoading}
          dataSource={data?.byMeasure ?? []}
          pagination={false}
          columns={[
            { title: '措施代码', dataIndex: 'measure' },
            { title: '触发', align: 'right', render: (_, r) => formatCount(r.triggered) },
            { title: '已采取', align: 'right', render: (_, r) => formatCount(r.applied) },
            { title: '未采取', align: 'right', render: (_, r) => formatCount(r.notApplied) },
          ]}
        />
      </Card>
    </>
  );
}
