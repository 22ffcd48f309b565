// Builds the gcc -O2 twins of the AssemblyScript guests echo and mini-os (this folder's C, the
// guests' own .S files, the two runtime routines they use) with aarch64-linux-gnu-gcc and GNU
// ld, at the AS guests' load addresses and layouts (Makefile.ts PROGRAM_LAYOUTS). Each C file
// is compiled on its own (no LTO), unused sections collected (--gc-sections), as an embedded
// C project would build.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';

const HERE = import.meta.dirname;
const REPO = path.resolve(HERE, '../../..');
const CFLAGS = ['-O2', '-ffreestanding', '-nostdlib', '-mgeneral-regs-only', '-fno-pie', '-fno-stack-protector', '-fno-asynchronous-unwind-tables', '-ffunction-sections', '-fdata-sections', '-Wall', '-Werror'];

interface TwinSpec {
  loadAddress: bigint;
  addressBase: bigint;
  stackTop: bigint;
  /** The runtime's identity-mapped MMU at start-up (the AS layout's `mmu`). */
  mmu: boolean;
  sources: string[];
}

const LIB = ['lib/uart.c', 'lib/print.c', 'lib/intc.c', 'lib/vectors.c'];
const RUNTIME = ['tools/runtime/baremetal/mem.S'];
export const TWINS: Record<string, TwinSpec> = {
  echo: {
    loadAddress: 0x80000n, addressBase: 0n, stackTop: 0x80000n, mmu: true,
    sources: ['guests/lib/boot.S', 'guests/lib/vectors.S', ...RUNTIME, 'tools/runtime/baremetal/mmu.S', 'crt.S', ...LIB, 'echo.c'],
  },
  'mini-os': {
    loadAddress: 0xffff000000080000n, addressBase: 0xffff000000000000n, stackTop: 0xffff000000080000n, mmu: false,
    sources: ['guests/mini-os/boot.S', 'guests/mini-os/user.S', 'guests/lib/boot.S', 'guests/lib/vectors.S', 'guests/lib/context.S', ...RUNTIME, 'crt.S',
      ...LIB, 'lib/mmu.c', 'lib/context.c', 'mini-os/main.c', 'mini-os/sched.c', 'mini-os/process.c', 'mini-os/pages.c', 'mini-os/syscalls.c'],
  },
};

const linkScript = (base: bigint) => `ENTRY(_start)
SECTIONS {
  . = 0x${base.toString(16)};
  .text : { KEEP(*(.text.boot)) *(.text .text.*) }
  .rodata : { *(.rodata .rodata.*) }
  .data : { *(.data .data.*) }
  .bss : { . = ALIGN(16); __bss_start = .; *(.bss .bss.* COMMON) . = ALIGN(16); __bss_end = .; }
  /DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
`;

export interface TwinBuild {
  name: string;
  image: string;
  elf: string;
}

/** The twin `name` built into outDir: <name>.elf (symbols, for the counts) and <name>.bin. */
export async function buildTwin(name: string, outDir: string): Promise<TwinBuild> {
  const spec = TWINS[name];
  const work = path.join(outDir, `${name}-c`);
  fs.mkdirSync(work, { recursive: true });
  const defs = [`-DADDRESS_BASE=0x${spec.addressBase.toString(16)}UL`, `-DSTACK_TOP=0x${spec.stackTop.toString(16)}`, `-DMMU=${spec.mmu ? 1 : 0}`];
  const objects: string[] = [];
  for (const [i, src] of spec.sources.entries()) {
    const abs = src.startsWith('guests/') || src.startsWith('tools/') ? path.join(REPO, src) : path.join(HERE, src);
    const obj = path.join(work, `${i}-${path.basename(src)}.o`); // 3-uart.c.o, 0-boot.S.o
    const asm = src.endsWith('.S');
    // .S: the defines drop their UL suffix (assembler expressions)
    const d = asm ? defs.map((x) => x.replace(/UL$/, '')) : defs;
    await execa('aarch64-linux-gnu-gcc', [...(asm ? [] : CFLAGS), ...d, '-I', path.dirname(abs), '-c', abs, '-o', obj]);
    objects.push(obj);
  }
  const ld = path.join(work, 'link.ld');
  fs.writeFileSync(ld, linkScript(spec.loadAddress));
  const elf = path.join(outDir, `${name}-c.elf`);
  const image = path.join(outDir, `${name}-c.bin`);
  await execa('aarch64-linux-gnu-ld', ['-nostdlib', '--gc-sections', '-T', ld, '-o', elf, ...objects]);
  await execa('aarch64-linux-gnu-objcopy', ['-O', 'binary', elf, image]);
  return { name, image, elf };
}
