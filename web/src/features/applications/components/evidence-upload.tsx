import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Select, Space, Upload } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api';
import { EVIDENCE_TYPES, type Evidence, uploadEvidence } from '../api/applications';

/** Evidence files (证明材料): each is uploaded at once and referenced by its SM3 digest in the application. */
export function EvidenceUpload({
  value = [],
  onChange,
}: {
  value?: Evidence[];
  onChange?: (v: Evidence[]) => void;
}) {
  const { message } = App.useApp();
  const [type, setType] = useState<Evidence['type']>('decision');
  const [names, setNames] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          value={type}
          onChange={setType}
          options={[...EVIDENCE_TYPES]}
          style={{ width: 160 }}
          aria-label="材料类型"
        />
        <Upload
          accept=".pdf,.jpg,.jpeg,.png,.ofd"
          showUploadList={false}
          beforeUpload={async (file) => {
            setBusy(true);
            try {
              const digest = await uploadEvidence(file);
              setNames({ ...names, [digest]: file.name });
              onChange?.([...value.filter((e) => e.digest !== digest), { digest, type }]);
            } catch (e) {
              message.error(errorMessage(e));
            } finally {
              setBusy(false);
            }
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy}>
            上传证明材料
          </Button>
        </Upload>
      </Space>
      {value.length > 0 && (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {value.map((e) => (
            <li key={e.digest}>
              {EVIDENCE_TYPES.find((t) => t.value === e.type)?.label}：
              {names[e.digest] ?? `${e.digest.slice(0, 12)}…`}{' '}
              <Button
                type="link"
                size="small"
                onClick={() => onChange?.(value.filter((x) => x.digest !== e.digest))}
              >
                移除
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Space>
  );
}
