import { Select } from 'antd';
import { type Provider, useProviders } from '../api/providers';

/**
 * A provider (信息提供单位) chosen by name from the published list. `valueKind` says whether the form stores the
 * provider's code or its numeric id; `item` limits the list to providers that report that catalog item.
 */
export function ProviderSelect({
  value,
  onChange,
  valueKind = 'code',
  item,
  id,
  placeholder = '选择信息提供单位',
  allowClear = false,
  includeSuspended = false,
}: {
  value?: string | number | null;
  onChange?: (value: string | number | undefined) => void;
  valueKind?: 'code' | 'id';
  item?: string;
  id?: string;
  placeholder?: string;
  allowClear?: boolean;
  includeSuspended?: boolean;
}) {
  const { data, isLoading } = useProviders();
  const shown = (data ?? []).filter(
    (p: Provider) =>
      (includeSuspended || p.status === 'active') && (item === undefined || p.items.includes(item)),
  );
  return (
    <Select
      id={id}
      showSearch
      optionFilterProp="label"
      loading={isLoading}
      allowClear={allowClear}
      placeholder={placeholder}
      value={value ?? undefined}
      onChange={(v: string | number | undefined) => onChange?.(v)}
      options={shown.map((p) => ({
        value: valueKind === 'id' ? p.id : p.code,
        label: `${p.name}（${p.code}）`,
      }))}
    />
  );
}
