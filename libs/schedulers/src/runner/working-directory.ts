import { quote } from '../ssh/shell-quote.js';

/**
 * Prefixes a command with a `cd` so both runners treat `cwd` the same way:
 * a missing directory ends the shell with cd's status before anything runs
 * (with `&&` a compound command such as `a; b` would still run `b`).
 */
export function inDirectory(command: string, cwd: string | undefined): string {
  return cwd === undefined ? command : `cd -- ${quote(cwd)} || exit\n${command}`;
}
