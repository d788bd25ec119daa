import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api, errorMessage, unwrap } from '../../../lib/api';
import type { paths } from '../../../lib/api-types';
import { useCatalog } from '../api/catalog';

type ItemBody = paths['/api/v1/catalog']['post']['requestBody']['content']['application/json'];

/**
 * Adds a local supplementary item (or a new version of one) as its JSON definition, starting from a copy of an
 * existing item; the server validates it and names every problem.
 */
export function LocalItemEditor({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const catalog = useCatalog();
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const startFrom = async (code: string) => {
    try {
      const item = unwrap(await api.GET('/api/v1/catalog/{item}', { params: { path: { item: code } } }));
      setText(
        JSON.stringify(
          { ...item.spec, code: `LOCAL_${item.spec.code}`, name: `${item.spec.name}（地方补充）` },
          null,
          2,
        ),
      );
      setProblems([]);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const save = async () => {
    let body: ItemBody;
    try {
      body = JSON.parse(text) as ItemBody;
    } catch (e) {
      setProblems([`JSON 格式错误：${e instanceof Error ? e.message : String(e)}`]);
      return;
    }
    setSaving(true);
    try {
      const saved = unwrap(await api.POST('/api/v1/catalog', { body }));
      message.success(`已保存 ${saved.code} 第 ${saved.version} 版`);
      await client.invalidateQueries({ queryKey: ['catalog'] });
      onClose();
      navigate(`/console/catalog/${saved.code}`);
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
      title="新增地方补充信息项"
      open={open}
      onCancel={onClose}
      width={860}
      footer={[
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button key="save" type="primary" loading={saving} onClick={save} disabled={text.trim() === ''}>
          保存
        </Button>,
      ]}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          以现有信息项为模板，修改代码、名称、数据项和公示规则后保存。代码已存在的地方信息项将保存为新版本；国家基础目录信息项不能修改。
        </Typography.Paragraph>
        <Select
          showSearch
          optionFilterProp="label"
          placeholder="选择模板信息项"
          style={{ width: '100%' }}
          onChange={startFrom}
          options={(catalog.data ?? []).map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` }))}
          aria-label="选择模板信息项"
        />
        <label htmlFor="item-json" className="sr-only">
          信息项定义（JSON）
        </label>
        <Input.TextArea
          id="item-json"
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={18}
          spellCheck={false}
          style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }}
        />
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
