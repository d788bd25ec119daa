import fs from 'node:fs';
import path from 'node:path';

/**
 * Deadlines of the objection and repair workflows in statutory working days. Per-region configuration
 * (`<dataDir>/workflow.json`: `{"default": {…}, "610000": {…}}`), because the national and Shaanxi numbers are
 * UNCONFIRMED (REFERENCE §6). Defaults: objections marked at once (within 1 working day, Shanghai 2017 art. 36),
 * the provider decides within 5 working days, one extension of 3 with a reason (Shenzhen 2023 art. 48–51);
 * repairs decided within 10 working days of a complete application (信用中国 practice, REFERENCE §5.2).
 */
export interface WorkflowConfig {
  readonly objectionMarkDays: number;
  readonly objectionDecisionDays: number;
  readonly objectionExtensionDays: number;
  readonly repairDecisionDays: number;
  /** May the anonymous public object to evident errors (with a name and contact)? */
  readonly publicObjections: boolean;
}

export const DEFAULT_WORKFLOW_CONFIG: WorkflowConfig = Object.freeze({
  objectionMarkDays: 1,
  objectionDecisionDays: 5,
  objectionExtensionDays: 3,
  repairDecisionDays: 10,
  publicObjections: false,
});

const KEYS = Object.keys(DEFAULT_WORKFLOW_CONFIG) as (keyof WorkflowConfig)[];

/**
 * The workflow configuration for `region`: the file's entry for the region, over its `default`, over the built-in
 * defaults. @throws Error naming the file and key for a bad value.
 */
export function loadWorkflowConfig(dataDir: string, region: string): WorkflowConfig {
  const file = path.join(dataDir, 'workflow.json');
  if (!fs.existsSync(file)) return DEFAULT_WORKFLOW_CONFIG;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  const merged: Record<string, unknown> = {
    ...DEFAULT_WORKFLOW_CONFIG,
    ...(parsed.default ?? {}),
    ...(parsed[region] ?? {}),
  };
  for (const k of Object.keys(merged))
    if (!KEYS.includes(k as keyof WorkflowConfig)) throw new Error(`${file}: unknown key ${k}`);
  for (const k of KEYS) {
    const v = merged[k];
    if (
      k === 'publicObjections'
        ? typeof v !== 'boolean'
        : !(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 60)
    ) {
      throw new Error(`${file}: ${k} has an invalid value ${JSON.stringify(v)}`);
    }
  }
  return Object.freeze(merged as unknown as WorkflowConfig);
}
