// `raspvisor as`: assemble GNU-as syntax source into an ELF64 AArch64 relocatable object.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('as')
    .description('assemble a GNU-as syntax AArch64 source file into an ELF relocatable object')
    .argument('<source>', 'assembly source (.S/.s)')
    .option('-o, --output <file>', 'output object file (default: <source>.o)')
    .option('-I, --include <dir>', 'extra directory searched by .include (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (source: string, opts: { output?: string; include?: string[] }) => {
      const { assembleToObject } = await import('../../asm/index.ts');
      const { writeFileAtomic } = await import('../../common/files.ts');
      const { UserError } = await import('../../common/diagnostics.ts');
      const fs = await import('node:fs');
      if (!fs.existsSync(source)) throw new UserError(`${source}: no such file`);
      const out = opts.output ?? source.replace(/\.[sS]$/, '') + '.o';
      const bytes = await assembleToObject(source, { includeDirs: opts.include });
      writeFileAtomic(out, bytes);
    });
}
