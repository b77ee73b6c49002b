import { invalid } from '../../../../libs/domain/src/index.js';
import {
  ActionSpec, ColumnSpec, CustomActionSpec, DEFAULT_ACTION_KEYS, DefaultActionKey, LINK_TARGETS, LinkTarget, ORDERS, SEPARATOR,
  TableConfig,
} from './table-config.types.js';

/** Job fields a column may show; JSON fields take a dotted path below them. */
export const JOB_FIELDS = [
  'id', 'name', 'description', 'app', 'user', 'groups', 'jobType', 'status', 'statusCode', 'statusMessage',
  'creationTime', 'executeTime', 'startTime', 'completionTime', 'runTime', 'workspace', 'attempt',
] as const;
const JSON_FIELDS = ['extendedProperties', 'spec', 'runtime'];
const PATH_PART = /^[A-Za-z0-9_-]{1,64}$/;
const DEFAULT_ACTIONS: ActionSpec[] = [
  'run', 'pause', 'resume', 'resubmit', SEPARATOR, 'logs', 'monitor', 'results', SEPARATOR, 'terminate', 'delete',
];
export const MAX_TABLE_CONFIG_BYTES = 4096;

type Raw = Record<string, unknown>;

/** Tethys spells fields in snake_case (`creation_time`, `extended_properties.a.b`); accept both. */
function camel(s: string): string {
  return s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function normalizeField(raw: unknown, where: string): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 256) throw invalid(where, 'must be a job field name');
  const [head, ...rest] = raw.split('.');
  const field = camel(head);
  if (rest.length === 0 && (JOB_FIELDS as readonly string[]).includes(field)) return field;
  if (JSON_FIELDS.includes(field) && rest.length > 0 && rest.every((p) => PATH_PART.test(p))) return [field, ...rest].join('.');
  throw invalid(where, `"${raw}" is not a job field; use one of ${JOB_FIELDS.join(', ')} or extendedProperties.<path>`);
}

/** "creationTime" → "Creation Time"; "extendedProperties.a.max_depth" → "Max Depth". */
export function titleFor(field: string): string {
  const last = field.split('.').pop()!;
  return last
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/\b\w/g, (c) => c.toUpperCase());
}

function column(raw: unknown, where: string): ColumnSpec {
  if (typeof raw === 'string') {
    const field = normalizeField(raw, where);
    return { title: titleFor(field), field };
  }
  const pair = Array.isArray(raw) ? { title: raw[0], field: raw[1] } : (raw as Raw | null);
  if (!pair || typeof pair !== 'object') throw invalid(where, 'must be a field name, {title, field} or [title, field]');
  const field = normalizeField(pair.field, `${where}.field`);
  return { title: text(pair.title, `${where}.title`, 100) ?? titleFor(field), field };
}

function text(raw: unknown, where: string, max: number): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > max || /[\x00-\x1f\x7f]/.test(raw)) {
    throw invalid(where, `must be 1-${max} printable characters`);
  }
  return raw;
}

/** An absolute http(s) URL template: no `javascript:` or `data:` links can be planted. */
export function urlTemplate(raw: unknown, where: string): string | undefined {
  if (raw === undefined) return undefined;
  const value = text(raw, where, 1024);
  let parsed: URL | null = null;
  try {
    parsed = new URL(value!.replace(/\{(id|app|user)\}/g, 'x'));
  } catch {
    /* reported below */
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
    throw invalid(where, 'must be an absolute http(s) URL; {id}, {app} and {user} are replaced');
  }
  return value;
}

function list(raw: unknown, where: string, max: number): string[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.length > max) throw invalid(where, `must be a list of up to ${max} names`);
  return raw.map((v, i) => text(v, `${where}[${i}]`, 255)!);
}

function target(raw: unknown, where: string): LinkTarget | undefined {
  if (raw === undefined) return undefined;
  if (!(LINK_TARGETS as readonly unknown[]).includes(raw)) throw invalid(where, `must be one of ${LINK_TARGETS.join(', ')}`);
  return raw as LinkTarget;
}

function action(raw: unknown, where: string, linkTarget: LinkTarget): ActionSpec {
  if (raw === SEPARATOR) return SEPARATOR;
  if (typeof raw === 'string') {
    if ((DEFAULT_ACTION_KEYS as readonly string[]).includes(raw)) return raw as DefaultActionKey;
    throw invalid(where, `"${raw}" is not a default action (${DEFAULT_ACTION_KEYS.join(', ')}) or "|"`);
  }
  const a = raw as Raw | null;
  if (!a || typeof a !== 'object' || Array.isArray(a)) throw invalid(where, 'must be a default action name, "|" or {label, url}');
  const unknown = Object.keys(a).find((k) => !['label', 'url', 'confirmation', 'statuses', 'jobTypes', 'target'].includes(k));
  if (unknown) throw invalid(`${where}.${unknown}`, 'is not a custom action setting (label, url, confirmation, statuses, jobTypes, target)');
  const label = text(a.label, `${where}.label`, 64);
  if (!label) throw invalid(`${where}.label`, 'is required');
  const url = urlTemplate(a.url, `${where}.url`);
  if (!url) throw invalid(`${where}.url`, 'is required: custom actions link to a URL of the calling app');
  const custom: CustomActionSpec = { label, url, target: target(a.target, `${where}.target`) ?? linkTarget };
  const confirmation = text(a.confirmation, `${where}.confirmation`, 500);
  if (confirmation) custom.confirmation = confirmation;
  const statuses = list(a.statuses, `${where}.statuses`, 50);
  if (statuses) custom.statuses = statuses;
  const jobTypes = list(a.jobTypes, `${where}.jobTypes`, 20);
  if (jobTypes) custom.jobTypes = jobTypes;
  return custom;
}

function flag(raw: unknown, where: string, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'boolean') throw invalid(where, 'must be true or false');
  return raw;
}

function origin(raw: unknown, where: string): string {
  let parsed: URL | null = null;
  try {
    parsed = typeof raw === 'string' ? new URL(raw) : null;
  } catch {
    /* reported below */
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== raw) {
    throw invalid(where, 'must be an origin such as "https://portal.example.org" (scheme, host and port only)');
  }
  return parsed.origin;
}

const SETTINGS = [
  'title', 'columns', 'actions', 'monitorUrl', 'resultsUrl', 'linkTarget', 'showStatus', 'showActions', 'showDetails',
  'pageSize', 'orderBy', 'filters', 'frameAncestors',
];

/** Validates the `table` settings of a view link request and fills in defaults; errors name the setting. */
export function parseTableConfig(input: unknown): TableConfig {
  const raw = (input ?? {}) as Raw;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalid('table', 'must be an object of table settings');
  const unknown = Object.keys(raw).find((k) => !SETTINGS.includes(k));
  if (unknown) throw invalid(`table.${unknown}`, `is not a table setting (${SETTINGS.join(', ')})`);
  const linkTarget = target(raw.linkTarget, 'table.linkTarget') ?? '_blank';
  const columns = raw.columns === undefined ? ['name', 'jobType', 'creationTime', 'runTime'] : raw.columns;
  if (!Array.isArray(columns) || columns.length > 30) throw invalid('table.columns', 'must be a list of up to 30 columns');
  const actions = raw.actions === undefined ? DEFAULT_ACTIONS : raw.actions;
  if (!Array.isArray(actions) || actions.length > 40) throw invalid('table.actions', 'must be a list of up to 40 actions');
  const pageSize = raw.pageSize ?? 25;
  if (!Number.isInteger(pageSize) || (pageSize as number) < 1 || (pageSize as number) > 200) {
    throw invalid('table.pageSize', 'must be a whole number from 1 to 200');
  }
  const orderBy = raw.orderBy ?? '-creationTime';
  if (!(ORDERS as readonly unknown[]).includes(orderBy)) throw invalid('table.orderBy', `must be one of ${ORDERS.join(', ')}`);
  const filters = (raw.filters ?? {}) as Raw;
  if (typeof filters !== 'object' || Array.isArray(filters) || Object.keys(filters).some((k) => !['status', 'jobType'].includes(k))) {
    throw invalid('table.filters', 'must be {status?: [...], jobType?: [...]}');
  }
  const frameAncestors = raw.frameAncestors ?? [];
  if (!Array.isArray(frameAncestors) || frameAncestors.length > 10) throw invalid('table.frameAncestors', 'must be a list of up to 10 origins');
  const config: TableConfig = {
    title: text(raw.title, 'table.title', 200) ?? 'Jobs',
    columns: columns.map((c, i) => column(c, `table.columns[${i}]`)),
    actions: actions.map((a, i) => action(a, `table.actions[${i}]`, linkTarget)),
    linkTarget,
    showStatus: flag(raw.showStatus, 'table.showStatus', true),
    showActions: flag(raw.showActions, 'table.showActions', true),
    showDetails: flag(raw.showDetails, 'table.showDetails', true),
    pageSize: pageSize as number,
    orderBy: orderBy as TableConfig['orderBy'],
    filters: { status: list(filters.status, 'table.filters.status', 20) ?? [], jobType: list(filters.jobType, 'table.filters.jobType', 10) ?? [] },
    frameAncestors: frameAncestors.map((o, i) => origin(o, `table.frameAncestors[${i}]`)),
  };
  const monitorUrl = urlTemplate(raw.monitorUrl, 'table.monitorUrl');
  if (monitorUrl) config.monitorUrl = monitorUrl;
  const resultsUrl = urlTemplate(raw.resultsUrl, 'table.resultsUrl');
  if (resultsUrl) config.resultsUrl = resultsUrl;
  if (JSON.stringify(config).length > MAX_TABLE_CONFIG_BYTES) {
    throw invalid('table', `is too large (at most ${MAX_TABLE_CONFIG_BYTES} bytes once filled in): it travels inside the link`);
  }
  return config;
}
