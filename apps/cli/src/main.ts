import 'reflect-metadata';
import { ConfigError } from '../../../libs/config/src/index.js';
import { DomainError } from '../../../libs/domain/src/index.js';
import { CondorOutputError } from '../../../libs/schedulers/src/condor/queue-output.js';
import { SshError } from '../../../libs/schedulers/src/ssh/ssh-errors.js';
import { condorCommand } from './commands/condor.command.js';
import { demoCommand } from './commands/demo.command.js';
import { keysCommand } from './commands/keys.command.js';
import { migrateCommand } from './commands/migrate.command.js';
import { schedulersCommand } from './commands/schedulers.command.js';

const COMMANDS: Record<string, { summary: string; run(args: string[]): Promise<void> }> = {
  migrate: migrateCommand,
  keys: keysCommand,
  schedulers: schedulersCommand,
  condor: condorCommand,
  demo: demoCommand,
};

/** Admin CLI: `compute-jobs <command> [options]`. */
async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.log('usage: compute-jobs <command> [options]\n');
    for (const [n, c] of Object.entries(COMMANDS)) console.log(`  ${n.padEnd(12)} ${c.summary}`);
    process.exitCode = name && name !== 'help' ? 2 : 0;
    return;
  }
  await command.run(rest);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const expected = [ConfigError, DomainError, SshError, CondorOutputError].some((cls) => err instanceof cls);
  if (expected || ['ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ENOENT'].includes((err as { code?: string }).code ?? '')) {
    console.error(`error: ${(err as Error).message}`);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
