/** Job types and their aliases, case-insensitive like Tethys' JOB_TYPES. */
export const JOB_TYPES = ['BASIC', 'CONDOR', 'CONDORWORKFLOW', 'DASK'] as const;
export type JobType = (typeof JOB_TYPES)[number];

const ALIASES: Record<string, JobType> = {
  BASIC: 'BASIC',
  CONDOR: 'CONDOR',
  CONDORJOB: 'CONDOR',
  CONDORWORKFLOW: 'CONDORWORKFLOW',
  DASK: 'DASK',
};

export const JOB_TYPE_NAMES = Object.keys(ALIASES);

export function parseJobType(input: string): JobType | null {
  return ALIASES[input.trim().toUpperCase()] ?? null;
}

/**
 * Whether a job type collects or processes results after its scheduler is
 * done (Results-Ready → process results → Complete). BASIC jobs have no backend.
 */
export const HAS_RESULTS_STEP: Record<JobType, boolean> = {
  BASIC: false,
  CONDOR: true,
  CONDORWORKFLOW: true,
  DASK: true,
};
