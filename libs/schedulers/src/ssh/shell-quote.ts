/**
 * POSIX shell quoting for every value that reaches a remote (or local) shell.
 *
 * A single-quoted word in `sh` has no special characters at all except the
 * closing quote, so wrapping a value in `'...'` and spelling each embedded
 * quote as `'\''` makes any value a literal word: `$(...)`, backticks, `;`,
 * globs and newlines lose their meaning. NUL cannot be represented in a
 * command line (it ends the C string), so it is rejected instead of being
 * silently truncated.
 */

/** Words that need no quotes (keeps commands readable in logs); `=` is left out because `a=b` as a first word is an assignment. */
const SAFE_WORD = /^[A-Za-z0-9_@%+:,./-]+$/;

/** Quotes one value as a single shell word. */
export function quote(value: string | number): string {
  const text = String(value);
  if (text.includes('\0')) throw new Error('a shell argument cannot contain a NUL character');
  if (text !== '' && SAFE_WORD.test(text)) return text;
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Joins an argument vector into one command line, quoting every word. */
export function commandLine(argv: readonly (string | number)[]): string {
  if (argv.length === 0) throw new Error('a command needs at least one word');
  return argv.map(quote).join(' ');
}

/** A piece of shell syntax written by the program itself, inserted unquoted by {@link sh}. */
export class RawShell {
  constructor(readonly text: string) {}
}

/** Marks trusted shell syntax (operators, redirections) to insert as is into {@link sh}. */
export function raw(text: string): RawShell {
  return new RawShell(text);
}

type ShellValue = string | number | RawShell | readonly (string | number)[];

/**
 * Tagged template that builds a command from trusted literal parts and
 * quoted values: every interpolated string or number becomes one quoted
 * word, an array becomes several quoted words, and only {@link raw} values
 * are inserted unquoted.
 *
 * @example sh`cd ${dir} && condor_submit ${file}`
 */
export function sh(parts: TemplateStringsArray, ...values: ShellValue[]): string {
  let out = parts[0];
  values.forEach((value, i) => {
    out += render(value) + parts[i + 1];
  });
  return out;
}

function render(value: ShellValue): string {
  if (value instanceof RawShell) return value.text;
  if (Array.isArray(value)) return value.map(quote).join(' ');
  return quote(value as string | number);
}
