// Assembler throughput: source lines per second of our assembler (in process, after a warm-up)
// and of llvm-mc and GNU as (one process each, start-up included) on the same large file,
// measured side by side.
// Usage: npx tsx test/bench/asm-throughput.ts [repeat-count]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { assembleFile, objectBytes } from '../../tools/asm/index.ts';
import * as isaModule from '../../tools/isa/index.ts';
import type { IsaApi } from '../../tools/isa/api.ts';

const isa = isaModule as unknown as IsaApi;
const reps = Number(process.argv[2] ?? 2000);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-bench-'));

// A block in the style of the hypervisor's .S files and of compiled code: arithmetic, loads and
// stores in several addressing modes, branches to local labels, system registers, a macro, data.
const block = (i: number) => `
fn_${i}:
        stp     x29, x30, [sp, #-32]!
        mov     x29, sp
        add     x0, x1, #${i % 4096}
        sub     w2, w3, w4, lsl #3
        and     x5, x6, #0xff00
        orr     x7, x8, x9, lsr #7
        ldr     x10, [x11, #${(i % 512) * 8}]
        str     w12, [x13, x14, lsl #2]
        ldrb    w15, [x16], #1
        cmp     x0, #${i % 100}
        b.ne    1f
        movz    x17, #${i % 65536}, lsl #16
        movk    x17, #0x1234
        mrs     x18, esr_el2
        msr     elr_el2, x18
        bl      fn_${(i * 7) % reps}
1:      adrp    x0, table_${i % 16}
        add     x0, x0, :lo12:table_${i % 16}
        cbz     x1, 2f
        tbnz    w2, #3, 1b
2:      save_pair x19, x20, 16
        ldp     x29, x30, [sp], #32
        ret
        .data
        .quad   fn_${i}, ${i} * 3 + 1
        .word   ${i}
        .text
`;
const header = `
        .macro  save_pair a, b, off
        stp     \\a, \\b, [sp, #\\off]
        .endm
        .data
${Array.from({ length: 16 }, (_, k) => `table_${k}: .quad ${k}`).join('\n')}
        .text
`;
const src = header + Array.from({ length: reps }, (_, i) => block(i)).join('');
const file = path.join(tmp, 'big.S');
fs.writeFileSync(file, src);
const lines = src.split('\n').filter((l) => l.trim() !== '').length;

const run = () => objectBytes(assembleFile(file, { isa }));
run(); // warm-up: JIT tiers, encoder tables
let best = Infinity;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  run();
  best = Math.min(best, (performance.now() - t0) / 1000);
}
let lbest = Infinity;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  execFileSync('llvm-mc', ['-triple=aarch64', '-filetype=obj', file, '-o', path.join(tmp, 'big.llvm.o')]);
  lbest = Math.min(lbest, (performance.now() - t0) / 1000);
}
let gbest = Infinity;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  execFileSync('aarch64-linux-gnu-as', [file, '-o', path.join(tmp, 'big.gnu.o')]);
  gbest = Math.min(gbest, (performance.now() - t0) / 1000);
}
const ours = lines / best, llvm = lines / lbest, gnu = lines / gbest;
console.log(`input: ${lines} non-blank lines (${reps} blocks, ${(src.length / 1024).toFixed(0)} KiB)`);
console.log(`raspvisor as: ${best.toFixed(3)} s  ${(ours / 1000).toFixed(1)} k lines/s`);
console.log(`llvm-mc:      ${lbest.toFixed(3)} s  ${(llvm / 1000).toFixed(1)} k lines/s`);
console.log(`GNU as:       ${gbest.toFixed(3)} s  ${(gnu / 1000).toFixed(1)} k lines/s`);
console.log(`ratio raspvisor/llvm-mc: ${(ours / llvm).toFixed(3)}`);
console.log(`ratio raspvisor/GNU as:  ${(ours / gnu).toFixed(3)}`);
fs.rmSync(tmp, { recursive: true, force: true });
