import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { ApiKeyEntity, ApiKeysRepository } from '../../../../libs/persistence/src/index.js';

export interface Caller {
  keyId: string;
  admin: boolean;
  label: string | null;
  scopes: string[];
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

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly auth: ApiKeyAuthenticator) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    req.caller = await this.auth.authenticate(req.headers.authorization);
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
