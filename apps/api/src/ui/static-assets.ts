import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
};

/**
 * The page's files are plain ES modules and CSS (no build step), kept in
 * the source tree next to this file; compiled code finds them from dist/.
 */
export function uiStaticDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'static'), path.resolve(here, '../../../../../apps/api/src/ui/static')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'jobs.html')));
  if (!found) throw new Error(`jobs table page files not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Loads every file once at boot; only these names can be served, so no path from a request reaches the disk. */
export function loadAssets(dir = uiStaticDir()): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[path.extname(name)];
    if (!type) continue;
    const body = readFileSync(path.join(dir, name));
    assets.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 20)}"` });
  }
  return assets;
}
