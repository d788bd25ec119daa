import { Card, Result, Typography } from 'antd';

/**
 * A console page whose server API does not exist yet: says what the page will do and which API it waits for,
 * instead of showing made-up data.
 */
export function PlannedFeature({
  title,
  purpose,
  waitsFor,
}: {
  title: string;
  purpose: string;
  waitsFor: readonly string[];
}) {
  return (
    <Card>
      <Result
        status="info"
        title={`${title}（建设中）`}
        subTitle={purpose}
        extra={
          <div style={{ textAlign: 'left', display: 'inline-block' }}>
            <Typography.Text type="secondary">该功能将在以下接口上线后启用：</Typography.Text>
            <ul>
              {waitsFor.map((w) => (
                <li key={w}>
                  <Typography.Text code>{w}</Typography.Text>
                </li>
              ))}
            </ul>
          </div>
        }
      />
    </Card>
  );
}
