import { createParamDecorator, ExecutionContext, ForbiddenException } from '@nestjs/common';
import type { Viewer } from '../../../../libs/domain/src/index.js';
import { badRequest } from '../common/validation.js';
import type { AuthedRequest } from './api-key.guard.js';

const APP_LABEL = /^[A-Za-z0-9_.-]{1,255}$/;
const NAME = /^[^\x00-\x1f\x7f,]{1,255}$/;

/** Parses the end user and groups headers into a Viewer for the `:app` in the path. */
export function viewerFrom(req: AuthedRequest): Viewer {
  const caller = req.caller!;
  const label = String(req.params.app ?? '');
  if (!APP_LABEL.test(label)) {
    throw badRequest([{ field: 'app', problem: 'must be 1-255 letters, digits, "_", "." or "-"' }]);
  }
  if (caller.view) {
    if (caller.view.app !== label) throw new ForbiddenException(`this view link is for app "${caller.view.app}", not "${label}"`);
    // The link fixes who is looking; request headers cannot change it.
    return { label, user: caller.view.user, groups: caller.view.groups, all: caller.view.all };
  }
  if (!caller.admin && caller.label !== label) {
    throw new ForbiddenException(`this API key belongs to app "${caller.label}", not "${label}"`);
  }
  const userHeader = req.headers['x-jobs-user'];
  const user = typeof userHeader === 'string' && userHeader !== '' ? userHeader.trim() : null;
  if (user !== null && !NAME.test(user)) {
    throw badRequest([{ field: 'X-Jobs-User', problem: 'must be 1-255 characters without control characters or commas' }]);
  }
  const groupsHeader = req.headers['x-jobs-groups'];
  const groups =
    typeof groupsHeader === 'string' && groupsHeader.trim() !== ''
      ? groupsHeader.split(',').map((g) => g.trim()).filter(Boolean)
      : [];
  if (groups.length > 100 || groups.some((g) => !NAME.test(g))) {
    throw badRequest([{ field: 'X-Jobs-Groups', problem: 'must be up to 100 comma-separated names of 1-255 characters' }]);
  }
  const all = caller.admin || caller.scopes.includes('jobs_table_actions');
  if (!all && user === null) {
    throw badRequest([
      { field: 'X-Jobs-User', problem: 'required: the end user this request acts for (or use a key with the jobs_table_actions scope)' },
    ]);
  }
  return { label, user, groups, all };
}

export const CurrentViewer = createParamDecorator((_: unknown, ctx: ExecutionContext): Viewer =>
  viewerFrom(ctx.switchToHttp().getRequest<AuthedRequest>()),
);
