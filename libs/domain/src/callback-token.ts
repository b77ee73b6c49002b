import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC token bound to a job id, embedded in the status callback URL. */
export function callbackToken(secret: Buffer, jobId: string): string {
  return createHmac('sha256', secret).update(`job-status-callback:${jobId}`).digest('base64url').slice(0, 32);
}

export function verifyCallbackToken(secret: Buffer, jobId: string, token: unknown): boolean {
  if (typeof token !== 'string' || token.length !== 32) return false;
  return timingSafeEqual(Buffer.from(callbackToken(secret, jobId)), Buffer.from(token));
}
