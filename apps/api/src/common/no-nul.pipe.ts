import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { badRequest } from './validation.js';

/** The path of the first string (value or key) holding a NUL character, if any. */
export function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return at;
    const found = nulPath(inner, at);
    if (found) return found;
  }
  return null;
}

/**
 * PostgreSQL stores no NUL character in text or JSON: a body, query or path
 * value holding one is refused with a 400 naming the field, before anything
 * else reads it.
 */
export const noNulPipe: PipeTransform = {
  transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type === 'custom') return value;
    const field = nulPath(value, metadata.data ?? '');
    if (field !== null) throw badRequest([{ field: field || metadata.type, problem: 'must not contain NUL (\\u0000) characters' }]);
    return value;
  },
};
