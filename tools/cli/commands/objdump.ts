// `raspvisor objdump FILE`: disassemble an ELF file (its executable sections, with symbol
// labels) or a raw binary (--raw, or any non-ELF file) loaded at --base, in llvm-objdump -d's
// layout.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('objdump')
    .description('disassemble an AArch64 ELF file or raw binary (llvm-objdump -d layout)')
    .argument('<file>', 'ELF object/executable or raw binary image')
    .option('--base <addr>', 'load address of a raw binary (e.g. 0x80000)', '0')
    .option('--raw', 'treat the file as a raw binary even if it looks like ELF')
    .action(async (file: string, opts: { base: string; raw?: boolean }) => {
      const { UserError } = await import('../../common/diagnostics.ts');
      const { readFileOrFail } = await import('../../common/files.ts');
      const { listing } = await import('../../isa/listing.ts');
      if (!/^(0x[0-9a-f]+|\d+)$/i.test(opts.base)) throw new UserError(`--base: expected a number like 0x80000, got '${opts.base}'`);
      const base = BigInt(opts.base);
      const bytes = new Uint8Array(readFileOrFail(file));
      const isElf = bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
      let text: string;
      if (isElf && !opts.raw) {
        const { readElf } = await import('../../elf/reader.ts');
        const elf = readElf(bytes, file, { relocations: false }); // a listing needs no relocation processing
        const SHF_EXECINSTR = 4;
        const bySection = new Map<number, typeof elf.symbols>();
        for (const y of elf.symbols) { const l = bySection.get(y.shndx); if (l) l.push(y); else bySection.set(y.shndx, [y]); }
        const sections = elf.sections
          .filter((s) => (s.flags & SHF_EXECINSTR) !== 0 && s.type !== 8)
          .map((s) => ({
            index: s.index,
            name: s.name,
            addr: s.addr,
            bytes: s.data,
            symbols: (bySection.get(s.index) ?? []).map((y) => ({ name: y.name, addr: y.value, type: y.type })),
          }));
        // (section 0 holds the undefined symbols: no target lookups there)
        const all = elf.sections.map((s) => ({ index: s.index, addr: s.addr, symbols: (s.index === 0 ? [] : bySection.get(s.index) ?? []).map((y) => ({ name: y.name, addr: y.value, type: y.type })) }));
        text = listing(file, 'elf64-littleaarch64', sections, elf.type === 1 ? { relocatable: true } : { all });
      } else {
        text = listing(file, 'binary', [{ name: '.data', addr: base, bytes, symbols: [] }]);
      }
      process.stdout.write(text);
    });
}
