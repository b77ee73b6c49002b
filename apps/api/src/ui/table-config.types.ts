/**
 * Settings of the jobs table page, chosen by the calling service when it
 * mints a view link (the original's JobsTable options). Validated here once,
 * then carried signed inside the link.
 */
export const DEFAULT_ACTION_KEYS = ['run', 'pause', 'resume', 'resubmit', 'logs', 'monitor', 'results', 'terminate', 'delete'] as const;
export type DefaultActionKey = (typeof DEFAULT_ACTION_KEYS)[number];
export const SEPARATOR = '|';

export interface ColumnSpec {
  title: string;
  field: string;
}

export interface CustomActionSpec {
  label: string;
  /** Absolute http(s) URL of the calling app; `{id}`, `{app}` and `{user}` are replaced. */
  url: string;
  confirmation?: string;
  /** Enabled only in these statuses (names, codes or categories such as "terminal"); always when absent. */
  statuses?: string[];
  jobTypes?: string[];
  target: LinkTarget;
}

export type ActionSpec = DefaultActionKey | typeof SEPARATOR | CustomActionSpec;
export const LINK_TARGETS = ['_blank', '_top', '_parent', '_self'] as const;
export type LinkTarget = (typeof LINK_TARGETS)[number];
export const ORDERS = ['creationTime', '-creationTime', 'id', '-id'] as const;

export interface TableConfig {
  title: string;
  columns: ColumnSpec[];
  actions: ActionSpec[];
  monitorUrl?: string;
  resultsUrl?: string;
  linkTarget: LinkTarget;
  showStatus: boolean;
  showActions: boolean;
  showDetails: boolean;
  pageSize: number;
  orderBy: (typeof ORDERS)[number];
  filters: { status: string[]; jobType: string[] };
  /** Origins allowed to embed the page in a frame (CSP frame-ancestors). */
  frameAncestors: string[];
}
