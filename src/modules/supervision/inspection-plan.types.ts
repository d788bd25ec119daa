/** An inspector (执法检查人员) in a plan's pool, with conflict-of-interest exclusions (回避). */
export interface PlanInspector {
  /** Code unique within the plan, e.g. 执法证号 or staff number; published with draws. */
  readonly code: string;
  readonly name: string;
  readonly organization: string;
  /** USCCs of subjects the inspector may not inspect. */
  readonly excludeSubjects: string[];
  /** Region-code prefixes (GB/T 2260) the inspector may not inspect in. */
  readonly excludeRegions: string[];
}

/** Which subjects a plan draws from (检查对象名录库). */
export interface PopulationFilter {
  /** GB/T 2260 prefix of the subject's region, e.g. `3302` (all of Ningbo). */
  readonly regionPrefix: string | null;
  readonly subjectKinds: ('legal_entity' | 'individual_business')[];
  /** Prefixes of the registered industry code DJ_HYDM (GB/T 4754), e.g. `C13`; any matches. */
  readonly industryCodes: string[];
  /** Fragments of the registered industry name DJ_HYMC, e.g. 食品; any matches. */
  readonly industryNames: string[];
  /** Catalog items the subject must hold a current active record of (e.g. XZXK: licensees only). */
  readonly requireItems: string[];
  /** Registration statuses left out (e.g. 注销, 吊销). */
  readonly excludeRegStatuses: string[];
}

/**
 * A random-inspection plan (双随机抽查计划) with every default resolved, so its digest commits to everything a
 * draw depends on. Immutable once stored.
 */
export interface InspectionPlanDefinition {
  /** Public plan number, `[A-Za-z0-9-]`, 3–40 characters; written into JC_CCJH. */
  readonly code: string;
  readonly name: string;
  /** Provider code of the inspecting regulator; it must be allowed to submit XZJC. */
  readonly regulator: string;
  /** 检查事项, written into JC_SX of the results. */
  readonly matter: string;
  readonly population: PopulationFilter;
  /** Base sampling ratio, decimal ≤ 6 places in (0, 1], e.g. `0.05`. */
  readonly baseRatio: string;
  /** Evaluation model version (`CODE@VERSION`) whose current grades form the strata; null = one stratum. */
  readonly model: string | null;
  /** Multiplier per grade and `unrated` (decimal ≤ 6 places); probability = min(1, baseRatio × multiplier). */
  readonly multipliers: Readonly<Record<string, string>>;
  readonly inspectors: PlanInspector[];
  readonly inspectorsPerInspection: number;
}
