import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { ViewClaims } from '../../../../libs/domain/src/index.js';
import { ApiKeyEntity, ApiKeysRepository } from '../../../../libs/persistence/src/index.js';
import { VIEW_TOKEN_ACCESS, ViewTokenAccess } from './view-token-allowed.decorator.js';
import { ViewLinkRefused, ViewTokens } from './view-tokens.service.js';

export interface Caller {
  keyId: string;
  admin: boolean;
  label: string | null;
  scopes: string[];
  /** Set when the request carries a view link instead of an API key. */
  view?: ViewClaims;
}

export type AuthedRequest = Request & { caller?: Caller };

const CACHE_MS = 5000;

/** Extracts the API key from `Authorization: Bearer <key>` (or Basic with the key as password, for browsers). */
export function presentedKey(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, value] = header.split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer' && value) return value.trim();
  if (scheme?.toLowerCase() === 'basic' && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : null;
  }
  return null;
}

/** Resolves API keys to callers, with a short cache so revocation applies within seconds. */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly cache = new Map<string, { entity: ApiKeyEntity | null; until: number }>();

  constructor(private readonly keys: ApiKeysRepository) {}

  async authenticate(header: string | undefined): Promise<Caller> {
    const key = presentedKey(header);
    if (!key) throw new UnauthorizedException('Authorization: send "Bearer <api key>"; create keys with the CLI');
    const now = Date.now();
    let hit = this.cache.get(key);
    if (!hit || hit.until < now) {
      hit = { entity: await this.keys.findActiveByKey(key), until: now + CACHE_MS };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(key, hit);
    }
    if (!hit.entity) throw new UnauthorizedException('Authorization: unknown or revoked API key');
    const e = hit.entity;
    return { keyId: e.id, admin: e.admin, label: e.label, scopes: e.scopes };
  }
}

/** The view link a request carries: `Authorization: View <token>`, or `?token=` where the endpoint allows it. */
export function presentedViewToken(req: Request, inQuery: boolean): string | null {
  const [scheme, value] = (req.headers.authorization ?? '').split(' ', 2);
  if (scheme?.toLowerCase() === 'view') return value?.trim() ?? '';
  const query = req.query?.token;
  return inQuery && !req.headers.authorization && typeof query === 'string' ? query : null;
}

/** API keys everywhere; view links only on endpoints marked with @ViewTokenAllowed. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly auth: ApiKeyAuthenticator,
    private readonly views: ViewTokens,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const access = this.reflector.getAllAndOverride<ViewTokenAccess | undefined>(VIEW_TOKEN_ACCESS, [ctx.getHandler(), ctx.getClass()]);
    const token = presentedViewToken(req, access?.inQuery === true);
    if (token === null) {
      req.caller = await this.auth.authenticate(req.headers.authorization);
      return true;
    }
    if (!access) throw new ForbiddenException('a view link only reads jobs and runs their actions; this endpoint needs an API key');
    try {
      const view = await this.views.check(token);
      req.caller = { keyId: view.kid, admin: false, label: view.app, scopes: [], view };
    } catch (err) {
      throw err instanceof ViewLinkRefused ? err.toHttp() : err;
    }
    return true;
  }
}

@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly auth: ApiKeyAuthenticator) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    req.caller = await this.auth.authenticate(req.headers.authorization);
    if (!req.caller.admin) throw new UnauthorizedException('Authorization: this endpoint needs an admin API key');
    return true;
  }
}
