import { Injectable } from '@nestjs/common';
import {
  invalid, isStatusCode, JobType, parseJobType, resolveStatus, StatusCode, Viewer,
} from '../../../../libs/domain/src/index.js';
import { JobListQuery, JobsRepository } from '../../../../libs/persistence/src/index.js';
import { ListJobsQuery } from './dto/list-jobs.query.js';
import { JobDto, presentJob } from './job.presenter.js';

export interface JobPageDto {
  items: JobDto[];
  nextCursor: string | null;
}

interface Cursor {
  o: string;
  v: string;
  id: string;
}

const csv = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** Listing with filters and keyset pagination (stable at millions of rows). */
@Injectable()
export class JobsListService {
  constructor(private readonly jobs: JobsRepository) {}

  async list(viewer: Viewer, q: ListJobsQuery): Promise<JobPageDto> {
    if (q.user !== undefined && q.groups !== undefined) {
      throw invalid('user', 'the user and groups filters are mutually exclusive; choose one or the other');
    }
    const orderBy = q.orderBy ?? '-creationTime';
    const limit = q.limit ?? 50;
    const query: JobListQuery = {
      viewer,
      user: q.user,
      groups: q.groups === undefined ? undefined : csv(q.groups),
      status: q.status === undefined ? undefined : parseStatuses(q.status),
      jobType: q.jobType === undefined ? undefined : parseTypes(q.jobType),
      createdFrom: q.createdAfter ? new Date(q.createdAfter) : undefined,
      createdTo: q.createdBefore ? new Date(q.createdBefore) : undefined,
      sort: { key: orderBy.replace('-', '') as JobListQuery['sort']['key'], desc: orderBy.startsWith('-') },
      limit,
      after: q.cursor ? decodeCursor(q.cursor, orderBy) : undefined,
    };
    const page = await this.jobs.list(query);
    const now = new Date();
    return {
      items: page.jobs.map((j) => presentJob(j, now)),
      nextCursor: page.last ? encodeCursor({ o: orderBy, v: page.last.value, id: page.last.id }) : null,
    };
  }
}

function parseStatuses(raw: string): StatusCode[] {
  return csv(raw).map((s) => {
    const resolved = resolveStatus(s);
    if (resolved.code === 'OTH' && !isStatusCode(s) && s.toLowerCase() !== 'other') {
      throw invalid('status', `"${s}" is not a status code or name (custom statuses are listed with status=OTH)`);
    }
    return resolved.code;
  });
}

function parseTypes(raw: string): JobType[] {
  return csv(raw).map((t) => {
    const type = parseJobType(t);
    if (!type) throw invalid('jobType', `"${t}" is not a job type`);
    return type;
  });
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(raw: string, orderBy: string): { value: string; id: string } {
  let c: Partial<Cursor>;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid('cursor', 'is not a cursor returned by this API');
  }
  if (typeof c.v !== 'string' || typeof c.id !== 'string' || !/^\d{1,18}$/.test(c.id)) {
    throw invalid('cursor', 'is not a cursor returned by this API');
  }
  if (c.o !== orderBy) throw invalid('cursor', `was made for orderBy=${c.o}; use the same orderBy to continue`);
  if (orderBy.endsWith('creationTime') && Number.isNaN(Date.parse(c.v))) throw invalid('cursor', 'is corrupted');
  if (orderBy.endsWith('id') && !/^\d{1,18}$/.test(c.v)) throw invalid('cursor', 'is corrupted');
  return { value: c.v, id: c.id };
}
