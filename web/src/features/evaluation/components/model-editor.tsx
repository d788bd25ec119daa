import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../../lib/api';
import {
  type CreateModelBody,
  createModelVersion,
  type EvaluationModel,
  MODELS_KEY,
} from '../api/evaluation';

/**
 * A new model version as its JSON definition, starting from a copy of an existing version; the server checks it
 * (codes, points, descending bands, catalog items and fields) and names every problem.
 */
export function ModelEditor({ from, onClose }: { from: EvaluationModel | null; onClose: () => void }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [text, setText] = useState(() => (from === null ? '' : JSON.stringify(from.definition, null, 2)));
  const [makeDefault, setMakeDefault] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    let definition: CreateModelBody['definition'];
    try {
      definition = JSON.parse(text) as CreateModelBody['definition'];
    } catch (e) {
      setProblems([`JSON 格式错误：${e instanceof Error ? e.message : String(e)}`]);
      return;
    }
    setSaving(true);
    try {
      const saved = await createModelVersion({ definition, makeDefault });
      message.success(
        `已保存 ${saved.code} 第 ${saved.version} 版${saved.isDefault ? '，并设为默认模型' : ''}`,
      );
      await client.invalidateQueries({ queryKey: MODELS_KEY });
      onClose();
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
      title={
        from === null ? '新增评价模型版本' : `新增评价模型版本（以 ${from.code} 第 ${from.version} 版为模板）`
      }
      open
      onCancel={onClose}
      width={900}
      footer={[
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button key="save" type="primary" loading={saving} onClick={save} disabled={text.trim() === ''}>
          保存新版本
        </Button>,
      ]}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          修改指标、分值、等级划分后保存。代码相同的保存为该模型的新版本，已发布的版本和评价结果不变；改用新代码则新建模型。
        </Typography.Paragraph>
        <label htmlFor="model-json" className="sr-only">
          评价模型定义（JSON）
        </label>
        <Input.TextArea
          id="model-json"
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={20}
          spellCheck={false}
          style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }}
        />
        <Checkbox checked={makeDefault} onChange={(e) => setMakeDefault(e.target.checked)}>
          设为平台默认模型（此后的评价、分级抽查按新版本进行）
        </Checkbox>
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            title="未能保存"
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            }
          />
        )}
      </Space>
    </Modal>
  );
}
