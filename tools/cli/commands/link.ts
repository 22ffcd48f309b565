// `raspvisor link`: link ELF objects at a base address into an ELF executable (+ raw image).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('link')
    .description('link AArch64 ELF objects: .text (.text.boot first), .rodata, .data, .bss at --base')
    .argument('<objects...>', 'relocatable objects (.o)')
    .requiredOption('-o, --output <file>', 'output ELF executable')
    .option('--base <addr>', 'load address of the first section', '0x80000')
    .option('--binary <file>', 'also write the raw binary image (from --base to the end of .data)')
    .option('--entry <symbol>', 'entry symbol (default _start, else the start of .text)')
    .option('-T, --text-first <sections>', 'comma-separated input sections placed first in .text, in order (repeatable; default .text.boot)',
      (v: string, acc: string[] | undefined) => [...(acc ?? []), ...v.split(',').map((x) => x.trim()).filter(Boolean)])
    .option('--gc-sections', 'link only the sections reachable from the entry and the --text-first sections (by relocations)')
    .option('--map', 'print the symbol map on stdout')
    .option('--map-file <file>', 'write the symbol map to a file')
    .action(async (objects: string[], opts: { output: string; base: string; binary?: string; entry?: string; textFirst?: string[]; gcSections?: boolean; map?: boolean; mapFile?: string }) => {
      const { link, formatMap } = await import('../../elf/linker.ts');
      const { writeFileAtomic, readFileOrFail } = await import('../../common/files.ts');
      const { UserError } = await import('../../common/diagnostics.ts');
      if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(opts.base)) throw new UserError(`--base: '${opts.base}' is not a number`);
      const base = BigInt(opts.base);
      const inputs = objects.map((name) => ({ name, bytes: readFileOrFail(name) }));
      const r = link(inputs, { base, entry: opts.entry, textFirst: opts.textFirst, gcSections: opts.gcSections });
      writeFileAtomic(opts.output, r.elf);
      if (opts.binary) writeFileAtomic(opts.binary, r.binary);
      if (opts.map) process.stdout.write(formatMap(r));
      if (opts.mapFile) writeFileAtomic(opts.mapFile, formatMap(r));
    });
}
