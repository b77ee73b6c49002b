import { WorkflowNodesRepository } from '../../../../libs/persistence/src/index.js';
import { checkWorkflow, nodeRowOf, parseWorkflowFields } from '../../../../libs/schedulers/src/condor/workflow/index.js';
import type { JobTypeDefinition } from './job-type-registry.js';

/**
 * HTCondor DAGMan workflows (Tethys' CondorWorkflow): workflow fields in the
 * job's spec, nodes (each with its own HTCondor job) in `workflow_nodes`,
 * written with the job. Everything that can be checked before the DAG runs
 * (the graph, DAG syntax, each node's job) is a 400 now. Nodes may also be
 * added before execute, so a workflow may be created without any.
 */
export function condorWorkflowJobType(nodes: WorkflowNodesRepository): JobTypeDefinition {
  return {
    type: 'CONDORWORKFLOW',
    parse(fields) {
      const parsed = parseWorkflowFields(fields);
      if (parsed.nodes.length) checkWorkflow(parsed.spec, parsed.nodes);
      return {
        spec: { ...parsed.spec },
        scheduler: parsed.spec.scheduler,
        saveWith: (m, jobId) => nodes.insert(m, jobId, parsed.nodes.map(nodeRowOf)),
      };
    },
  };
}
