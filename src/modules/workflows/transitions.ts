import { AppError } from '../../platform/errors.js';
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
  if (!allowed.includes(to)) {
    throw new AppError(
      'illegal_transition',
      `a ${kind} that is ${from} cannot become ${to}${allowed.length === 0 ? ' (it is final)' : `; allowed: ${allowed.join(', ')}`}`,
      { extras: { from, to, allowed } },
    );
  }
}
