/**
 * The status model of the original Tethys Jobs API: eleven statuses with
 * three-letter codes, their categories, and custom ("Other") statuses.
 * Pure data and functions, no I/O.
 */
export const STATUSES = [
  ['PEN', 'Pending'],
  ['SUB', 'Submitted'],
  ['RUN', 'Running'],
  ['VAR', 'Various'],
  ['PAS', 'Paused'],
  ['COM', 'Complete'],
  ['ERR', 'Error'],
  ['ABT', 'Aborted'],
  ['VCP', 'Various-Complete'],
  ['RES', 'Results-Ready'],
  ['OTH', 'Other'],
] as const;

export type StatusCode = (typeof STATUSES)[number][0];
export type StatusName = (typeof STATUSES)[number][1];

export const STATUS_CODES: readonly StatusCode[] = STATUSES.map(([code]) => code);
const NAME_BY_CODE = new Map<StatusCode, StatusName>(STATUSES.map(([c, n]) => [c, n]));
const CODE_BY_NAME = new Map<string, StatusCode>(STATUSES.map(([c, n]) => [n.toLowerCase(), c]));

export const OTHER_STATUS_KEY = '__other_status__';

export type StatusCategory = 'pre-running' | 'running' | 'active' | 'non-terminal' | 'terminal';
export const STATUS_CATEGORIES: readonly StatusCategory[] = ['pre-running', 'running', 'active', 'non-terminal', 'terminal'];

/** Categories of the built-in statuses, as in Tethys' class-level lists. */
const BUILT_IN: Record<StatusCategory, readonly StatusCode[]> = {
  'pre-running': ['PEN', 'SUB'],
  running: ['RUN', 'VAR'],
  active: ['SUB', 'RUN', 'VAR', 'PAS'],
  'non-terminal': ['PEN', 'SUB', 'RUN', 'VAR', 'PAS'],
  terminal: ['COM', 'ERR', 'ABT', 'VCP', 'RES'],
};

/** Which categories a custom status joins when classified (Tethys `add_custom_*_status`). */
export const CUSTOM_CLASSIFICATION: Record<'pre-running' | 'running' | 'active' | 'terminal', readonly StatusCategory[]> = {
  'pre-running': ['pre-running', 'non-terminal'],
  running: ['running', 'active', 'non-terminal'],
  active: ['active', 'non-terminal'],
  terminal: ['terminal'],
};
export type CustomStatusKind = keyof typeof CUSTOM_CLASSIFICATION;
export const CUSTOM_STATUS_KINDS = Object.keys(CUSTOM_CLASSIFICATION) as CustomStatusKind[];

/** An app's classification of its custom status texts: text → kind. */
export type CustomStatuses = ReadonlyMap<string, CustomStatusKind>;

export function statusName(code: StatusCode): StatusName {
  return NAME_BY_CODE.get(code)!;
}

export function isStatusCode(value: string): value is StatusCode {
  return NAME_BY_CODE.has(value as StatusCode);
}

/** A job's status as stored: the code plus the custom text when the code is OTH. */
export interface StoredStatus {
  code: StatusCode;
  other?: string | null;
}

/** What the user sees: the display name, or the custom text for OTH. */
export function displayStatus(s: StoredStatus): string {
  return s.code === 'OTH' ? (s.other ?? 'Other') : statusName(s.code);
}

/**
 * Resolve a manually given status the way Tethys does: a code, a display
 * name (any case), or else custom text stored as OTH.
 */
export function resolveStatus(input: string): StoredStatus {
  const trimmed = input.trim();
  if (isStatusCode(trimmed)) return { code: trimmed };
  const byName = CODE_BY_NAME.get(trimmed.toLowerCase());
  if (byName) return { code: byName };
  return { code: 'OTH', other: trimmed };
}

export function inCategory(s: StoredStatus, category: StatusCategory, custom: CustomStatuses = new Map()): boolean {
  if (s.code !== 'OTH') return BUILT_IN[category].includes(s.code);
  const kind = s.other ? custom.get(s.other) : undefined;
  return kind !== undefined && CUSTOM_CLASSIFICATION[kind].includes(category);
}

/** Non-terminal: the job may still change by itself, so reports from schedulers apply. */
export function isNonTerminal(s: StoredStatus, custom?: CustomStatuses): boolean {
  return inCategory(s, 'non-terminal', custom);
}

/** Codes whose stored rows are non-terminal; OTH rows need their custom text checked. */
export const NON_TERMINAL_CODES = BUILT_IN['non-terminal'];
export const TERMINAL_CODES = BUILT_IN.terminal;
export const ACTIVE_CODES = BUILT_IN.active;
export const RUNNING_CODES = BUILT_IN.running;
export const PRE_RUNNING_CODES = BUILT_IN['pre-running'];

/** Statuses that mean "the scheduler is done, results may be collected". */
export const RESULTS_READY_CODES: readonly StatusCode[] = ['COM', 'VCP', 'RES'];
