// The example guests beside the C original's (facts in the project notes: echo.bin 3,688 B,
// mini-os.bin 22,368 B, test.bin 4,144 B, gcc at -O0): image sizes, and in our emulator the
// instructions executed per echoed character and per context switch of mini-os. Prints
// figures and ratios; asserts nothing.
//   npx tsx test/bench/guests.ts          (builds the three guests into a temporary folder)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from '../../tools/build/index.ts';
import { perEchoedChar, kernelCosts, median } from './lib/guest-costs.ts';

const C_ORIGINAL_O0: Record<string, number> = { echo: 3688, 'mini-os': 22368, test_binary: 4144 };

const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-bench-guests-'));
const r = await build({ buildDir, only: ['test_binary', 'echo', 'mini-os'], log: () => {} });
const prog = Object.fromEntries(r.programs.map((p) => [p.name, p]));

console.log('image sizes (bytes)        ours    C original -O0   ratio');
for (const name of ['echo', 'mini-os', 'test_binary']) {
  const size = fs.statSync(prog[name].image).size;
  console.log(`  ${name.padEnd(22)} ${String(size).padStart(7)}   ${String(C_ORIGINAL_O0[name]).padStart(14)}   ${(size / C_ORIGINAL_O0[name]).toFixed(2)}`);
}
console.log('  (beside gcc -O2 twins of echo and mini-os: npx tsx test/bench/guests-vs-c.ts)');

const perChar = await perEchoedChar(prog.echo.image);
console.log(`echo: ${perChar.toFixed(1)} instructions per echoed character (RX IRQ, ring, transmit, WFI)`);

const k = await kernelCosts(prog['mini-os'].image, prog['mini-os'].elf);
console.log(`mini-os: ${median(k.switches)} instructions per context switch (timer IRQ entry to the next task running; median of ${k.switches.length}: ${k.switches.join(', ')}), ` +
  `system calls entry to eret: ${k.syscalls.join(', ')} (writes of 52, 41 and 14 bytes, fork, one-character writes)`);

// What the address base costs compiled code: three differential programs with wasm memory at
// 0 and at 0x7f0000000000 (bits above 32 set, as the high-half base), run under qemu-aarch64.
{
  const { compileProgram, MEMORY_SIZE, WORK } = await import('../compiler-diff/harness.ts');
  const { buildLinuxUser } = await import('../../tools/build/linux-user.ts');
  const { countInstructions } = await import('./lib/icount.ts');
  console.log('address base: dynamic instructions (qemu-aarch64) and code bytes, base 0 -> base 0x7f0000000000');
  for (const name of ['sort', 'hash', 'interp']) {
    const wasm = await compileProgram(name);
    const at = async (base: number) => {
      const b = await buildLinuxUser({ name, wasm, workDir: path.join(WORK, `bench-base-${base.toString(16)}-${name}`), memorySize: MEMORY_SIZE, addressBase: base });
      return { code: b.codeBytes, insns: (await countInstructions(b.exe)).instructions };
    };
    const zero = await at(0);
    const high = await at(0x7f00_0000_0000);
    console.log(`  ${name.padEnd(8)} ${zero.insns} -> ${high.insns} (${(high.insns / zero.insns).toFixed(3)}x), code ${zero.code} -> ${high.code} B (${(high.code / zero.code).toFixed(3)}x)`);
  }
}
