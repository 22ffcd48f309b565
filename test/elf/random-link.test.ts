// Random two-object programs using every kind of symbol reference (branches, adr/adrp + lo12
// loads of each size, movz/movk groups, literal pools, data words): assembled by us and by GNU
// as (same objects), then linked by us and by GNU ld (same image), at random bases.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { assembleFile, objectBytes } from '../../tools/asm/index.ts';
import { link } from '../../tools/elf/linker.ts';
import { UserErrors } from '../../tools/common/diagnostics.ts';
import { have, loadIsa, summarize, tmpDir } from '../asm/oracle.ts';

const PROGRAMS = process.env.RASPVISOR_LONG ? 150 : 15;

const SCRIPT = (base: bigint) => `ENTRY(_start)
SECTIONS {
  . = 0x${base.toString(16)};
  .text : { __text_start = .; *(.text.boot .text.boot.*) *(.text .text.*) __text_end = .; }
  .rodata : { __rodata_start = .; *(.rodata .rodata.*) __rodata_end = .; }
  .data : { __data_start = .; *(.data .data.*) __data_end = .; }
  .bss : { . = ALIGN(8); __bss_start = .; *(.bss .bss.*) *(COMMON) . = ALIGN(8); __bss_end = .; _end = .; }
}
`;

function gen(seed: number, part: 0 | 1): string {
  let s = seed * 2 + part + 1;
  const r = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
  const n = (k: number) => Math.floor(r() * k);
  const pick = <T>(xs: T[]) => xs[n(xs.length)];
  const mine = (k: string) => `p${part}_${k}`;
  const theirs = (k: string) => `p${1 - part}_${k}`;
  const code = [mine('f0'), mine('f1'), theirs('f0'), theirs('f1')];
  const data = [mine('d8'), mine('d16'), theirs('d8'), theirs('d16'), mine('b'), theirs('b')];
  const out = [`.global ${mine('f0')}, ${mine('f1')}, ${mine('d8')}, ${mine('d16')}, ${mine('b')}`];
  out.push(part === 0 ? '.section .text.boot, "ax"\n.global _start\n_start:' : '.text');
  for (let f = 0; f < 2; f++) {
    out.push(`${mine('f' + f)}:`);
    for (let i = 0; i < 12; i++) {
      const d = pick(data), c = pick(code), x = n(29);
      out.push(pick([
        `bl ${c}`, `b ${c}`, `b.ne ${c}`, `cbz x${x}, ${c}`, `tbnz w${x}, #${n(32)}, ${mine('f' + f)}`,
        `adrp x${x}, ${d}\n add x${x}, x${x}, :lo12:${d}`,
        `adrp x${x}, ${d}\n ldr x${x}, [x${x}, :lo12:${d}]`,
        `adrp x${x}, ${d}\n ldr w${x}, [x${x}, :lo12:${d} + 4]`,
        `adrp x${x}, ${d}\n ldrh w${x}, [x${x}, :lo12:${d} + 2]`,
        `adrp x${x}, ${d}\n ldrb w${x}, [x${x}, :lo12:${d} + ${n(8)}]`,
        `adrp x${x}, ${mine('d16')}\n ldr q${x}, [x${x}, :lo12:${mine('d16')}]`,
        `adr x${x}, ${mine('f' + f)}`,
        `movz x${x}, #:abs_g2:${d}\n movk x${x}, #:abs_g1_nc:${d}\n movk x${x}, #:abs_g0_nc:${d}`,
        `ldr x${x}, =${d} + ${n(64)}`, `ldr w${x}, =${n(1 << 30)}`,
        `mov x${x}, #${n(65536)}`, 'nop',
      ]));
    }
    out.push('ret');
  }
  out.push('.section .rodata', `.balign ${1 << n(4)}`, `${mine('ro')}: .quad ${pick(code)}, ${pick(data)} + ${n(100)}`, `.word ${pick(data)} - .`);
  out.push('.data', '.balign 16', `${mine('d16')}: .quad ${pick(data)}, ${n(1000)}`, '.balign 8', `${mine('d8')}: .quad ${pick(code)}, __bss_end`, `.byte ${n(256)}`);
  out.push('.bss', `.balign ${16 << n(2)}`, `${mine('b')}: .space ${8 + n(200)}`);
  return out.join('\n') + '\n';
}

describe.skipIf(!have('aarch64-linux-gnu-ld') || !have('aarch64-linux-gnu-as'))('random programs: assemble + link vs GNU as + ld', async () => {
  const { isa, real } = await loadIsa();
  it.skipIf(!real)(`${PROGRAMS} two-object programs`, () => {
    const dir = tmpDir('randlink');
    let rejected = 0;
    for (let p = 0; p < PROGRAMS; p++) {
      const ours: string[] = [], gnu: string[] = [];
      for (const part of [0, 1] as const) {
        const src = path.join(dir, `p${p}_${part}.s`);
        fs.writeFileSync(src, gen(p, part));
        const g = path.join(dir, `p${p}_${part}.gnu.o`), o = path.join(dir, `p${p}_${part}.o`);
        execFileSync('aarch64-linux-gnu-as', [src, '-o', g]);
        fs.writeFileSync(o, objectBytes(assembleFile(src, { isa })));
        expect(summarize(fs.readFileSync(o), o, { mapping: true }), src).toEqual(summarize(fs.readFileSync(g), g, { mapping: true }));
        ours.push(o); gnu.push(g);
      }
      const base = BigInt(0x80000 + 0x1000 * (p % 7)) + (p % 3 === 0 ? 0x40000000n : 0n);
      const script = path.join(dir, `p${p}.ld`);
      fs.writeFileSync(script, SCRIPT(base));
      const gelf = path.join(dir, `p${p}.gnu.elf`);
      try {
        execFileSync('aarch64-linux-gnu-ld', ['-T', script, '--no-warn-rwx-segments', ...gnu, '-o', gelf], { stdio: 'ignore' });
      } catch {
        // GNU ld refuses (a relocation out of range or misaligned): so must we.
        expect(() => link(ours.map((f) => ({ name: f, bytes: fs.readFileSync(f) })), { base }), `program ${p}`).toThrow(UserErrors);
        rejected++;
        continue;
      }
      execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', gelf, gelf + '.img']);
      const r = link(ours.map((f) => ({ name: f, bytes: fs.readFileSync(f) })), { base });
      expect(Buffer.from(r.binary).equals(fs.readFileSync(gelf + '.img')), `program ${p}: image differs from GNU ld`).toBe(true);
    }
    expect(rejected).toBeLessThan(PROGRAMS / 3);
  }, 300_000);
});
