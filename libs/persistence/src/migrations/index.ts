import { InitialSchema1764201600000 } from './1764201600000-initial-schema.js';
import { WorkflowNodes1764374400000 } from './1764374400000-workflow-nodes.js';
import { ClusterLogSnapshots1764547200000 } from './1764547200000-cluster-log-snapshots.js';

/** Every migration, in order. Add new ones at the end. */
export const MIGRATIONS = [InitialSchema1764201600000, WorkflowNodes1764374400000, ClusterLogSnapshots1764547200000];
