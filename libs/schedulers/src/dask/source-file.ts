import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of a file kept in the source tree (the build copies only
 * compiled TypeScript): walks up from `from` until `relative` exists there.
 */
export function sourceFile(relative: string, from: string | URL = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(from));
  for (;;) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${relative} not found in any parent of ${fileURLToPath(from)}`);
    dir = parent;
  }
}
