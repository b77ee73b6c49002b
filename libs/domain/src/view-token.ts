import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a view link grants: one app, one end user (and groups), whether they
 * may see and act on every job of the app, until when, and the table
 * settings the calling service chose. Signed, so none of it can be changed
 * in the browser.
 */
export interface ViewClaims {
  app: string;
  user: string | null;
  groups: string[];
  all: boolean;
  /** Id of the API key that minted the link: revoking the key revokes its links. */
  kid: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Table settings (validated when the link was minted). */
  table?: Record<string, unknown>;
}

export type ViewTokenCheck =
  | { ok: true; claims: ViewClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

const PREFIX = 'v1';

function mac(secret: Buffer, payload: string): string {
  // Domain-separated from the status callback tokens signed with the same secret.
  return createHmac('sha256', secret).update(`view-link:${PREFIX}.${payload}`).digest('base64url');
}

/** `v1.<payload>.<signature>`, URL-safe. */
export function signViewToken(secret: Buffer, claims: ViewClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${PREFIX}.${payload}.${mac(secret, payload)}`;
}

export function verifyViewToken(secret: Buffer, token: unknown, nowMs = Date.now()): ViewTokenCheck {
  if (typeof token !== 'string' || token.length > 16_384) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || !/^[A-Za-z0-9_-]+$/.test(parts[1] + parts[2])) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = Buffer.from(mac(secret, parts[1]));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad-signature' };
  let claims: ViewClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as ViewClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims?.exp !== 'number' || typeof claims.app !== 'string') return { ok: false, reason: 'malformed' };
  if (claims.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
