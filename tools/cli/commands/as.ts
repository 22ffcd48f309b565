// `raspvisor as`: assemble GNU-as syntax source into an ELF64 AArch64 relocatable object.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('as')
    .description('assemble a GNU-as syntax AArch64 source file into an ELF relocatable object')
    .argument('<source>', 'assembly source (.S/.s)')
    .option('-o, --output <file>', 'output object file (default: <source>.o)')
    .option('-I, --include <dir>', 'extra directory searched by .include (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--defsym <name=value>', 'define a symbol before assembling (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (source: string, opts: { output?: string; include?: string[]; defsym: string[] }) => {
      const { assembleToObject } = await import('../../asm/index.ts');
      const { writeFileAtomic } = await import('../../common/files.ts');
      const { UserError } = await import('../../common/diagnostics.ts');
      const fs = await import('node:fs');
      if (!fs.existsSync(source)) throw new UserError(`${source}: no such file`);
      const out = opts.output ?? source.replace(/\.[sS]$/, '') + '.o';
      const defsyms: Record<string, bigint> = {};
      for (const d of opts.defsym) {
        const m = /^([A-Za-z_.$][\w.$]*)=(-?(?:0x[0-9a-fA-F]+|0b[01]+|[0-9]+))$/.exec(d);
        if (!m) throw new UserError(`--defsym ${d}: expected NAME=number`);
        defsyms[m[1]] = BigInt.asIntN(64, m[2].startsWith('-') ? -BigInt(m[2].slice(1)) : BigInt(m[2]));
      }
      const bytes = await assembleToObject(source, { includeDirs: opts.include, defsyms });
      writeFileAtomic(out, bytes);
    });
}
