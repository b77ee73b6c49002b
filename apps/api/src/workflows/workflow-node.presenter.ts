import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { displayStatus } from '../../../../libs/domain/src/index.js';
import type { WorkflowNodeRow } from '../../../../libs/persistence/src/index.js';

export class WorkflowNodeDto {
  @ApiProperty() name: string;
  @ApiProperty({ example: 'JOB' }) type: string;
  @ApiProperty({ description: 'Display status of the node (Pending until DAGMan submits its job).' }) status: string;
  @ApiProperty({ description: 'Three-letter status code.' }) statusCode: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: "The node's latest HTCondor cluster." }) clusterId: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Return value: the exit code of its job, or of its POST script.' }) exitCode: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) message: string | null;
  @ApiProperty({ type: [String] }) parents: string[];
  @ApiProperty({ type: [String] }) children: string[];
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: Object, description: 'The node as requested (its HTCondor job and DAG settings).' }) spec: Record<string, unknown>;
}

/** Nodes in workflow order, each with its children (what a DAG view draws). */
export function presentNodes(rows: readonly WorkflowNodeRow[]): WorkflowNodeDto[] {
  const children = new Map<string, string[]>(rows.map((r) => [r.name, []]));
  for (const row of rows) for (const parent of row.parents) children.get(parent)?.push(row.name);
  return rows.map((row) => ({
    name: row.name,
    type: typeof row.spec.type === 'string' ? row.spec.type : 'JOB',
    status: displayStatus({ code: row.status }),
    statusCode: row.status,
    clusterId: row.clusterId,
    exitCode: row.exitCode,
    message: row.message,
    parents: row.parents,
    children: children.get(row.name)!,
    updatedAt: new Date(row.updatedAt).toISOString(),
    spec: row.spec,
  }));
}
