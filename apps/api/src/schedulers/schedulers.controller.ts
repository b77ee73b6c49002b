import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../auth/api-key.guard.js';
import { SchedulerDto } from './scheduler.presenter.js';
import { SchedulersService } from './schedulers.service.js';

@ApiTags('schedulers (admin)')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('api/v1/schedulers')
export class SchedulersController {
  constructor(private readonly schedulers: SchedulersService) {}

  @Post()
  @ApiOperation({
    summary: 'Register a scheduler',
    description:
      'kind "condor": name, host, port (22), username, and password or privateKey (+ passphrase); or local: true (+ directory). ' +
      'kind "dask": name, address (tcp://host:port), timeout (s), heartbeatInterval (ms), dashboardUrl, and optionally ' +
      'sshTunnel: the SSH fields above, for a scheduler reached through that SSH server. ' +
      'Without hostKeyFingerprint the host key is read from the server and pinned (hostKeySource "fetched").',
  })
  @ApiBody({ schema: { type: 'object', example: { name: 'pool', kind: 'condor', host: 'submit.example.org', username: 'jobs', privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----...' } } })
  create(@Body() body: unknown) {
    return this.schedulers.create(body);
  }

  @Get()
  async list(): Promise<{ schedulers: SchedulerDto[] }> {
    return { schedulers: await this.schedulers.list() };
  }

  @Get(':name')
  @ApiOkResponse({ type: SchedulerDto })
  show(@Param('name') name: string): Promise<SchedulerDto> {
    return this.schedulers.get(name);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a scheduler; 409 while jobs that are not finished (or are being deleted) use it' })
  async remove(@Param('name') name: string): Promise<void> {
    await this.schedulers.remove(name);
  }
}
