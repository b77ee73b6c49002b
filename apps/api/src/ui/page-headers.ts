import type { Response } from 'express';

/**
 * Security headers of the page: scripts, styles and requests only from this
 * origin (no inline code, no CDN), no referrer (the URL holds the link), and
 * framing only by the origins the calling service named.
 */
export function setPageHeaders(res: Response, frameAncestors: string[] = []): void {
  const ancestors = ["'self'", ...frameAncestors].join(' ');
  res.set({
    'Content-Security-Policy': [
      "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
      "base-uri 'none'", "form-action 'none'", `frame-ancestors ${ancestors}`,
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
}
