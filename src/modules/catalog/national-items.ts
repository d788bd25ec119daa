import type { CatalogItemSpec } from './catalog.types.js';
import {
  ABNORMAL_LIST,
  FOCUS_LIST,
  JUDGMENT_DEFAULTER,
  RED_LIST,
  SERIOUS_LIST,
} from './national/list.items.js';
import {
  COMMITMENT_BREACH,
  CREDIT_COMMITMENT,
  EVALUATION_RESULT,
  XZJC,
  XZQZ,
} from './national/other.items.js';
import { REGISTRATION } from './national/registration.item.js';
import { XZCF } from './national/xzcf.item.js';
import { XZXK } from './national/xzxk.item.js';

/** The national (基础目录) items shipped with xinyong, synced into `catalog_item` on start. */
export const NATIONAL_ITEMS: readonly CatalogItemSpec[] = [
  REGISTRATION,
  XZXK,
  XZCF,
  XZQZ,
  XZJC,
  SERIOUS_LIST,
  JUDGMENT_DEFAULTER,
  ABNORMAL_LIST,
  FOCUS_LIST,
  RED_LIST,
  CREDIT_COMMITMENT,
  COMMITMENT_BREACH,
  EVALUATION_RESULT,
];
