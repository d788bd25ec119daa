import { Alert, Button, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { formatDate, formatInstant } from '../../../lib/format';
import { useCatalog } from '../../catalog/api/catalog';
import { type Contribution, type GradeHistory, type SubjectGrade, signedPoints } from '../api/evaluation';

/** Badge colour by the band's letter: A green, B blue, C orange, D and below red. */
function badgeColor(display: string): string {
  const letter = display.trim().charAt(0).toUpperCase();
  return letter === 'A' ? '#2f8f3a' : letter === 'B' ? '#0f4c97' : letter === 'C' ? '#d48806' : '#c8251e';
}

/** Sum of decimal strings with 2 places, exactly (in hundredths). */
function sumPoints(values: readonly string[]): string {
  const cents = values.reduce((s, v) => s + Math.round(Number(v) * 100), 0);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * A subject's grade and why: score = base + Σ contributions, each contribution with the record versions it was
 * computed from (each opens in the record drawer).
 */
export function GradeExplanation({
  grade,
  history,
  onOpenRecord,
}: {
  grade: SubjectGrade;
  history?: GradeHistory | undefined;
  onOpenRecord: (id: number) => void;
}) {
  const catalog = useCatalog();
  const itemNames = new Map((catalog.data ?? []).map((i) => [i.code, i.name]));
  const total = sumPoints(grade.contributions.map((c) => c.points));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div className="grade-summary">
        <div className="grade-badge" style={{ background: badgeColor(grade.gradeDisplay) }}>
          <span className="sr-only">评价等级 </span>
          {grade.gradeDisplay}
        </div>
        <div>
          <Typography.Title level={3} style={{ margin: 0, fontSize: 20 }}>
            {grade.gradeLabel === '' ? grade.grade : grade.gradeLabel} · {grade.score} 分
          </Typography.Title>
          <Typography.Paragraph style={{ margin: '6px 0 0' }} className="grade-formula">
            得分 = 基础分 {grade.base} {Number(total) < 0 ? '−' : '+'} 指标加减分 {total.replace(/^-/, '')} ={' '}
            <strong>{grade.score}</strong>
          </Typography.Paragraph>
          <Typography.Text type="secondary">
            {grade.model.name}（{grade.model.code} 第 {grade.model.version} 版）· 评价基准日{' '}
            {formatDate(grade.asOfDate)}
            {grade.evaluatedAt !== null && ` · 评价于 ${formatInstant(grade.evaluatedAt)}`}
          </Typography.Text>
        </div>
      </div>
      {grade.unconfirmed && (
        <Alert
          type="warning"
          showIcon
          title="该模型部分指标分值或等级划分为平台配置，尚未对应已确认的国家标准来源，结果仅供分级分类监管参考。"
        />
      )}
      <Table<Contribution>
        rowKey="indicator"
        size="small"
        pagination={false}
        dataSource={grade.contributions}
        locale={{ emptyText: '没有加分或扣分的指标，得分即基础分' }}
        scroll={{ x: 760 }}
        columns={[
          {
            title: '指标',
            render: (_, c) => (
              <span>
                {c.name}
                {!c.confirmed && (
                  <Tag color="orange" style={{ marginLeft: 6 }}>
                    平台配置
                  </Tag>
                )}
              </span>
            ),
          },
          {
            title: '计分',
            align: 'right',
            width: 150,
            render: (_, c) => (
              <span>
                <strong style={{ color: c.points.startsWith('-') ? '#c8251e' : '#2f8f3a' }}>
                  {signedPoints(c.points)}
                </strong>
                {c.capped && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
                    原始 {signedPoints(c.rawPoints)}，封顶 {c.cap}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            title: '依据记录',
            render: (_, c) => (
              <ul className="grade-records">
                {c.records.map((r) => (
                  <li key={`${r.id}-${r.version}`}>
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0, height: 'auto' }}
                      onClick={() => onOpenRecord(r.id)}
                      aria-label={`查看记录 ${r.id}`}
                    >
                      记录 #{r.id}
                    </Button>{' '}
                    <Typography.Text type="secondary">
                      {itemNames.get(r.item) ?? r.item} · 第 {r.version} 版
                      {r.decisionDate !== null && ` · ${formatDate(r.decisionDate)}`}
                      {r.percent !== 100 && ` · 按 ${r.percent}% 计`} · {signedPoints(r.points)}
                    </Typography.Text>
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
      {history !== undefined && history.results.length > 0 && (
        <Descriptions
          size="small"
          title="评价历史"
          column={1}
          bordered
          items={history.results.map((h) => ({
            key: String(h.resultId),
            label: `${formatDate(h.asOfDate)}${h.current ? '（当前）' : ''}`,
            children: `${h.grade} · ${h.score} 分 · 批次 #${h.runId} · ${formatInstant(h.evaluatedAt)}`,
          }))}
        />
      )}
    </Space>
  );
}
