// The raspvisor CLI. Each subcommand lives in tools/cli/commands/<name>.ts and exports
// `register(program)`; commands import their heavy modules lazily inside their actions so
// that `raspvisor --help` stays fast.
import { Command, CommanderError } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatUserError, isUserError, UserError, UserErrors } from '../common/diagnostics.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(here, '../../package.json'), 'utf8'));

export const EXIT_OK = 0;
export const EXIT_USER = 1;
export const EXIT_INTERNAL = 2;

export function reportAndExit(e: unknown): never {
  if (e instanceof UserErrors) {
    for (const err of e.errors) process.stderr.write(formatUserError(err) + '\n');
    process.exit(EXIT_USER);
  }
  if (e instanceof UserError) {
    process.stderr.write(formatUserError(e) + '\n');
    process.exit(EXIT_USER);
  }
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : EXIT_USER);
  process.stderr.write(`raspvisor: internal error (this is a bug in raspvisor, not in your code):\n${(e as Error)?.stack ?? e}\n`);
  process.exit(EXIT_INTERNAL);
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('raspvisor')
    .description('Build, package and boot a Raspberry Pi 3 hypervisor written in AssemblyScript')
    .version(pkg.version, '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const dir = path.join(here, 'commands');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  for (const f of files) {
    const mod = await import(pathToFileURL(path.join(dir, f)).href);
    mod.register(program);
  }
  for (const c of program.commands) c.exitOverride().showHelpAfterError();
  await program.parseAsync(argv);
}

// `raspvisor objdump x.elf | head`: the reader left; stop quietly, as other tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(EXIT_OK);
  reportAndExit(e);
});
process.on('unhandledRejection', reportAndExit);
main(process.argv).catch(reportAndExit);
