import { Injectable } from '@nestjs/common';
import { invalid, notFound } from '../../../../libs/domain/src/index.js';
import { SchedulersRepository, type SchedulerKind } from '../../../../libs/persistence/src/index.js';
import { daskSchedulerInput } from '../../../../libs/schedulers/src/dask/dask-scheduler-input.js';
import { sshSchedulerInput, type SchedulerInputResult } from '../../../../libs/schedulers/src/scheduler-input.js';
import { presentScheduler, SchedulerDto } from './scheduler.presenter.js';

/** How each kind's create request is read; a new kind (Dask, Slurm) adds its entry. */
const KINDS: Partial<Record<SchedulerKind, (body: Record<string, unknown>) => Promise<SchedulerInputResult>>> = {
  condor: (body) => sshSchedulerInput('condor', body),
  dask: (body) => daskSchedulerInput(body),
};

export interface CreatedScheduler extends SchedulerDto {
  /** `fetched`: the host key was read from the server at creation and pinned; compare it with the server's own. */
  hostKeySource: 'given' | 'fetched' | null;
}

/** The scheduler registry behind the admin API. */
@Injectable()
export class SchedulersService {
  constructor(private readonly schedulers: SchedulersRepository) {}

  async create(body: unknown): Promise<CreatedScheduler> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('body', 'must be a JSON object');
    const { kind, ...fields } = body as Record<string, unknown>;
    const parse = typeof kind === 'string' ? KINDS[kind as SchedulerKind] : undefined;
    if (!parse) throw invalid('kind', `must be one of ${Object.keys(KINDS).join(', ')}`);
    const { scheduler, scanned } = await parse(fields);
    if (scheduler.secret) scheduler.settings = { ...scheduler.settings, auth: scheduler.secret.password ? 'password' : 'privateKey' };
    const created = await this.schedulers.create(scheduler);
    return { ...presentScheduler(created), hostKeySource: created.hostKeyFingerprint === null ? null : scanned ? 'fetched' : 'given' };
  }

  async list(): Promise<SchedulerDto[]> {
    return (await this.schedulers.list()).map(presentScheduler);
  }

  async get(name: string): Promise<SchedulerDto> {
    const found = await this.schedulers.findByName(name);
    if (!found) throw notFound(`scheduler "${name}"`);
    return presentScheduler(found);
  }

  async remove(name: string): Promise<void> {
    if (!(await this.schedulers.remove(name))) throw notFound(`scheduler "${name}"`);
  }
}
