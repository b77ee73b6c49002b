import {
  actionRefusal, CustomStatuses, STATUS_CATEGORIES, STATUSES, StatusCategory, StoredStatus, USER_ACTIONS, UserAction, inCategory,
} from '../../../../libs/domain/src/index.js';

/** One status as the page needs it: its categories and the actions the server would accept. */
export interface StatusRule {
  code: string;
  name: string;
  categories: StatusCategory[];
  actions: UserAction[];
}

function rule(status: StoredStatus, name: string, custom: CustomStatuses): StatusRule {
  return {
    code: status.code,
    name,
    categories: STATUS_CATEGORIES.filter((c) => inCategory(status, c, custom)),
    actions: USER_ACTIONS.filter((a) => actionRefusal(a, status, custom) === null),
  };
}

/**
 * The enable rules of the jobs table, computed from the same domain rules
 * the server enforces, so the page and the server cannot disagree: every
 * built-in status, then each custom status of the app (code OTH, by text).
 */
export function statusRules(custom: CustomStatuses): StatusRule[] {
  return [
    ...STATUSES.map(([code, name]) => rule({ code, other: code === 'OTH' ? null : undefined }, name, custom)),
    ...[...custom.keys()].map((text) => rule({ code: 'OTH', other: text }, text, custom)),
  ];
}
