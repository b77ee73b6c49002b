import { SetMetadata } from '@nestjs/common';

export interface ViewTokenAccess {
  /** Also accept `?token=` (EventSource cannot send headers); otherwise only `Authorization: View <token>`. */
  inQuery?: boolean;
}

export const VIEW_TOKEN_ACCESS = 'cja:view-token-access';

/**
 * Lets the holder of a view link (a browser, no API key) call this endpoint
 * as the link's user. Only the endpoints the jobs page needs carry it:
 * reading jobs, their logs, results and events, and their actions.
 */
export const ViewTokenAllowed = (access: ViewTokenAccess = {}) => SetMetadata(VIEW_TOKEN_ACCESS, access);
