import { useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api';
import { validated } from '../../../lib/forms';
import {
  type DrawItem,
  type DrawView,
  RESULT_LABELS,
  type ResultInput,
  recordResults,
} from '../api/inspections';

/** The date picker's value (a dayjs instance; only format is used). */
interface PickedDate {
  format(template: string): string;
}

interface FormValues {
  result: ResultInput['result'];
  date: PickedDate;
  note?: string;
}

const RESULT_OPTIONS = (['no_issue', 'rectify', 'case_opened', 'not_found'] as const).map((value) => ({
  value,
  label: RESULT_LABELS[value]?.text ?? value,
}));

/**
 * 录入检查结果 for one drawn subject: the result becomes a 行政检查 record of the plan's regulator (entering it
 * again corrects it as a new version). Dates between the draw date and today.
 */
export function ResultEntryButton({ draw, item }: { draw: DrawView; item: DrawItem }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

  const save = async () => {
    const v = await validated(form);
    if (v === null) return;
    setSaving(true);
    try {
      const out = await recordResults(draw.plan.id, draw.id, [
        {
          seq: item.seq,
          result: v.result,
          date: v.date.format('YYYY-MM-DD'),
          ...(v.note === undefined || v.note.trim() === '' ? {} : { note: v.note.trim() }),
        },
      ]);
      const refused = out.rejected[0];
      if (refused !== undefined) {
        message.error(refused.message);
        return;
      }
      message.success(`已录入 ${item.subject.name} 的检查结果`);
      setOpen(false);
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['inspections'] });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} aria-label={`录入 ${item.subject.name} 的检查结果`}>
        {item.result === null ? '录入结果' : '更正结果'}
      </Button>
      <Modal
        open={open}
        title={`录入检查结果：${item.subject.name}`}
        okText="保存"
        cancelText="取消"
        confirmLoading={saving}
        onOk={save}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          检查结果作为行政检查记录归集到该主体的信用档案，并计入下一次信用评价。再次录入视为更正，保留原版本。
        </Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="result" label="检查结果" rules={[{ required: true, message: '请选择检查结果' }]}>
            <Select options={RESULT_OPTIONS} placeholder="请选择" />
          </Form.Item>
          <Form.Item name="date" label="检查日期" rules={[{ required: true, message: '请选择检查日期' }]}>
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d: PickedDate) => {
                const day = d.format('YYYY-MM-DD');
                return day < draw.drawDate || day > today;
              }}
            />
          </Form.Item>
          <Form.Item name="note" label="检查情况说明">
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
