/**
 * The submit description templates of condorpy (`condorpy/templates.py`),
 * value for value, as Tethys' `condorpy_template_name` selects them.
 * `$(job_name)`, `$(logdir)`, `$(cluster)` and `$(process)` are submit
 * macros that HTCondor expands itself.
 */
const base = {
  job_name: '',
  universe: '',
  executable: '',
  arguments: '',
  initialdir: '$(job_name)',
  logdir: 'logs',
  log: '$(logdir)/$(job_name).$(cluster).log',
  output: '$(logdir)/$(job_name).$(cluster).$(process).out',
  error: '$(logdir)/$(job_name).$(cluster).$(process).err',
};

const vanillaBase = { ...base, universe: 'vanilla' };

export const CONDORPY_TEMPLATES = {
  base,
  vanilla_base: vanillaBase,
  vanilla_transfer_files: {
    ...vanillaBase,
    transfer_executable: 'TRUE',
    should_transfer_files: 'YES',
    when_to_transfer_output: 'ON_EXIT_OR_EVICT',
    transfer_input_files: '',
    transfer_output_files: '',
  },
  vanilla_nfs: vanillaBase,
} as const satisfies Record<string, Record<string, string>>;

export type CondorpyTemplateName = keyof typeof CONDORPY_TEMPLATES;

/** A fresh copy of a template; an unknown or missing name gives `base`, as Tethys' `get_condorpy_template` does. */
export function condorpyTemplate(name?: string | null): Record<string, string> {
  const known = name != null && Object.hasOwn(CONDORPY_TEMPLATES, name);
  return { ...CONDORPY_TEMPLATES[known ? (name as CondorpyTemplateName) : 'base'] };
}
