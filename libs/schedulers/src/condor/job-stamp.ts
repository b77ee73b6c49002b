import { invalid } from '../../../domain/src/index.js';

/**
 * The job id and attempt token stamped on every submission (`+JobsApiId`,
 * `+JobsApiToken`) are written into submit files and ClassAd constraints;
 * a restricted alphabet lets them be quoted as ClassAd strings without any
 * escaping rules to get wrong.
 */
const STAMP = /^[A-Za-z0-9._:-]{1,128}$/;

/** The stamp as a ClassAd string literal; rejects values outside the alphabet, naming `field`. */
export function stampLiteral(field: string, value: string): string {
  if (!STAMP.test(value)) throw invalid(field, 'must be 1-128 letters, digits, ".", "_", ":" or "-"');
  return `"${value}"`;
}
