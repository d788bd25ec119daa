import type { Severity } from './publicity.types.js';

/**
 * The configurable part of severity classification (a deployment may override it; a class supplied by the
 * provider in CF_SXCD always wins). Defaults follow the Order 36 summaries in REFERENCE §5.1 and are documented
 * in docs/publicity.md; none of the thresholds is a confirmed national number.
 */
export interface PublicityConfig {
  /** Penalty types that make a decision 严重 on their own. */
  readonly seriousTypes: readonly string[];
  /** Penalty types that, when they are the only ones, make a decision 轻微. */
  readonly minorOnlyTypes: readonly string[];
  /** A fine at or above this (万元) makes the decision 严重; null = no amount rule. */
  readonly seriousFineWan: string | null;
  /** SAMR Order 45 art. 13 "lower-amount fine" (万元): fine-only decisions at or below it are published 3 months. */
  readonly samrLowFineWan: string;
  /** Class when no rule decides (penalties that are neither minor nor serious). */
  readonly defaultSeverity: Severity;
}

export const DEFAULT_PUBLICITY_CONFIG: PublicityConfig = {
  seriousTypes: [
    'licence_revocation',
    'business_licence_revocation',
    'legacy_licence_action',
    'closure_order',
    'practice_restriction',
    'suspension_order',
    'detention',
  ],
  minorOnlyTypes: ['warning', 'circulated_criticism'],
  seriousFineWan: '100',
  samrLowFineWan: '0.3',
  defaultSeverity: 'general',
};
