import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Viewer } from '../../../../libs/domain/src/index.js';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { ViewTokenAllowed } from '../auth/view-token-allowed.decorator.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { WorkflowNodesService } from './workflow-nodes.service.js';

@ApiTags('workflows')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Jobs-User', description: 'End user the request acts for', required: false })
@ApiHeader({ name: 'X-Jobs-Groups', description: 'Comma-separated groups of the end user', required: false })
@UseGuards(ApiKeyGuard)
@Controller('api/v1/apps/:app/jobs/:id/nodes')
export class WorkflowNodesController {
  constructor(private readonly nodes: WorkflowNodesService) {}

  @Get()
  @ViewTokenAllowed() // the jobs table page draws the workflow graph from it
  @ApiOperation({ summary: 'Nodes of a CONDORWORKFLOW job: status, cluster id, exit code, parents and children' })
  list(@CurrentViewer() viewer: Viewer, @Param('id') id: string) {
    return this.nodes.list(viewer, id);
  }

  @Post()
  @ApiOperation({ summary: 'Add nodes ({"nodes": [...]}) to a workflow that has not been executed; 409 after' })
  add(@CurrentViewer() viewer: Viewer, @Param('id') id: string, @Body() body: unknown) {
    return this.nodes.add(viewer, id, body);
  }
}
