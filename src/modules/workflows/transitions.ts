import { illegalTransition } from '../../platform/errors.js';
import type { ApplicationKind, ApplicationStatus } from './workflow.table.js';

/**
 * Allowed state changes, per kind (an explicit transition table; anything else is refused).
 * Objection: submitted → extended (once) → decided, or submitted → decided.
 * Repair: submitted → returned (once, listing everything missing) → submitted → accepted → extended (once) →
 * decided; an ineligible application is refused at once.
 */
export const TRANSITIONS: Readonly<
  Record<ApplicationKind, Readonly<Partial<Record<ApplicationStatus, readonly ApplicationStatus[]>>>>
> = {
  objection: {
    submitted: ['extended', 'decided'],
    extended: ['decided'],
  },
  repair: {
    submitted: ['returned', 'accepted', 'refused'],
    returned: ['submitted', 'refused'],
    accepted: ['extended', 'decided'],
    extended: ['decided'],
  },
};

/** @throws AppError illegal_transition naming the state and what is allowed from it */
export function assertTransition(
  kind: ApplicationKind,
  from: ApplicationStatus,
  to: ApplicationStatus,
): void {
  const allowed = TRANSITIONS[kind][from] ?? [];
  if (!allowed.includes(to))
    throw illegalTransition(
      APPLICATION_KIND_LABELS[kind],
      (s) => APPLICATION_STATUS_LABELS[s],
      from,
      to,
      allowed,
    );
}

/** 申请类别 as people read them. */
export const APPLICATION_KIND_LABELS: Readonly<Record<ApplicationKind, string>> = {
  objection: '异议申请',
  repair: '信用修复申请',
};

/** 办理状态 as the portal shows them. */
export const APPLICATION_STATUS_LABELS: Readonly<Record<ApplicationStatus, string>> = {
  submitted: '已提交，待受理',
  returned: '退回补正',
  accepted: '已受理，办理中',
  extended: '已延期，办理中',
  decided: '已办结',
  refused: '不予受理',
};
