import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { ApiConfig } from '../../../../libs/config/src/index.js';
import { signViewToken, ViewClaims, verifyViewToken } from '../../../../libs/domain/src/index.js';
import { ApiKeysRepository } from '../../../../libs/persistence/src/index.js';

const KEY_CACHE_MS = 5000;

/** Why a view link was refused, in words for the person holding it. */
export const VIEW_LINK_PROBLEMS = {
  expired: { status: 401, error: 'view_link_expired', message: 'This link has expired. Open the jobs page again from the app to get a new one.' },
  invalid: { status: 403, error: 'view_link_invalid', message: 'This link is not valid. Open the jobs page again from the app.' },
  revoked: { status: 403, error: 'view_link_revoked', message: 'This link was revoked. Open the jobs page again from the app.' },
} as const;
export type ViewLinkProblem = keyof typeof VIEW_LINK_PROBLEMS;

export class ViewLinkRefused extends Error {
  constructor(readonly problem: ViewLinkProblem) {
    super(VIEW_LINK_PROBLEMS[problem].message);
  }

  toHttp(): UnauthorizedException | ForbiddenException {
    const { status, error, message } = VIEW_LINK_PROBLEMS[this.problem];
    const body = { statusCode: status, error, message };
    return status === 401 ? new UnauthorizedException(body) : new ForbiddenException(body);
  }
}

/**
 * Signs and checks view links. A link is valid while it has not expired and
 * the API key that minted it is not revoked (checked with a short cache).
 */
@Injectable()
export class ViewTokens {
  private readonly keys = new Map<string, { active: boolean; until: number }>();

  constructor(private readonly config: ApiConfig, private readonly apiKeys: ApiKeysRepository) {}

  sign(claims: ViewClaims): string {
    return signViewToken(this.config.callbackSecret, claims);
  }

  /** The claims of a valid link; throws ViewLinkRefused otherwise. */
  async check(token: unknown): Promise<ViewClaims> {
    const result = verifyViewToken(this.config.callbackSecret, token);
    if (!result.ok) throw new ViewLinkRefused(result.reason === 'expired' ? 'expired' : 'invalid');
    if (!(await this.keyActive(result.claims.kid))) throw new ViewLinkRefused('revoked');
    return result.claims;
  }

  private async keyActive(id: string): Promise<boolean> {
    const now = Date.now();
    let hit = this.keys.get(id);
    if (!hit || hit.until < now) {
      hit = { active: (await this.apiKeys.findActiveById(id)) !== null, until: now + KEY_CACHE_MS };
      if (this.keys.size > 10_000) this.keys.clear();
      this.keys.set(id, hit);
    }
    return hit.active;
  }
}
