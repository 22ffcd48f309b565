// Random programs of data directives, alignment, sections, labels, literal pools and a few
// branches, assembled by us and by GNU as: identical objects (bytes, relocations, symbols with
// $x/$d mapping symbols). RASPVISOR_LONG=1 runs more.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assembleFile, objectBytes } from '../../tools/asm/index.ts';
import { UserErrors } from '../../tools/common/diagnostics.ts';
import { gnuAs, have, summarize, tmpDir } from './oracle.ts';
import { shimIsa } from './shim-isa.ts';

const PROGRAMS = process.env.RASPVISOR_LONG ? 600 : 80;

function program(seed: number): string {
  let s = seed;
  const r = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const n = (max: number) => Math.floor(r() * max);
  const out: string[] = ['.equ K, 0x' + n(1 << 30).toString(16)];
  const labels: string[] = [];
  let section = '.text';
  let numeric = 0;
  const sections = ['.text', '.data', '.section .rodata', '.bss', '.section .text.boot, "ax"', '.section .mydata, "aw"', '.section .myro, "a"'];
  for (let i = 0; i < 40; i++) {
    const k = n(24);
    const bss = section === '.bss';
    const code = section === '.text' || section.includes('"ax"');
    if (k < 3) { section = pick(sections); out.push(section); continue; }
    if (k < 6) { const l = `L${i}`; labels.push(l); out.push(`${l}:`); continue; }
    if (k === 6) { out.push(`${1 + (numeric++ % 3)}:`); continue; }
    if (k < 9) {
      out.push(pick([`.align ${n(5)}`, `.balign ${1 << n(5)}`, `.p2align ${n(4)}, 0x${n(256).toString(16)}`, `.balign 8, ${n(256)}, ${n(8)}`, `.balign ${1 << n(4)}, 0`]));
      continue;
    }
    if (bss || k < 11) {
      out.push(pick([`.space ${n(20)}`, `.zero ${n(9)}`, bss ? `.skip ${n(5)}` : `.space ${n(6)}, ${n(256)}`, bss ? `.zero 1` : `.fill ${n(4)}, ${1 + n(8)}, ${n(100000)}`]));
      continue;
    }
    if (k < 15 || !code) {
      const refs = labels.length ? labels : ['K'];
      out.push(pick([
        `.byte ${n(256)}, ${n(128)} - 64`,
        `.hword ${n(65536)}, 'x`,
        `.word K, ${n(1 << 30)}, ${pick(refs)} - ${pick(refs)}`,
        `.quad ${pick(refs)}, ext_${n(3)} + ${n(64)}, K * 3`,
        `.ascii "${'abcdefg'.slice(0, n(7))}"`,
        `.asciz "s${i}\\n"`,
        `.word ext_${n(3)} - .`,
        `.quad ${pick(refs)} + ${n(16)}`,
      ]));
      continue;
    }
    out.push(pick([
      'nop', 'ret', `b ${labels.length ? pick(labels) : 'ext_0'}`, `bl ext_${n(3)}`, `b ${1 + n(3)}f`,
      `ldr x${n(31)}, =0x${n(1 << 30).toString(16)}${n(1 << 30).toString(16)}`, `ldr w${n(31)}, =${n(1000)}`,
      `ldr x${n(31)}, =${labels.length ? pick(labels) : 'ext_1'}`, '.ltorg', `adrp x${n(31)}, ext_${n(3)}`,
    ]));
  }
  out.push('1:', '2:', '3:');
  return out.join('\n') + '\n';
}

describe.skipIf(!have('aarch64-linux-gnu-as'))('random programs vs GNU as', () => {
  it(`${PROGRAMS} programs`, () => {
    const dir = tmpDir('randprog');
    let compared = 0, rejected = 0;
    for (let p = 0; p < PROGRAMS; p++) {
      const src = program(1000 + p);
      const file = path.join(dir, `p${p}.s`);
      fs.writeFileSync(file, src);
      const g = gnuAs(file, path.join(dir, `p${p}.gnu.o`));
      if (!g.ok) {
        // GNU rejects it (a misaligned branch target, an instruction in .bss...): so must we.
        expect(() => assembleFile(file, { isa: shimIsa }), `program ${p}: GNU as says\n${g.err}\n${src}`).toThrow(UserErrors);
        rejected++;
        continue;
      }
      const ours = objectBytes(assembleFile(file, { isa: shimIsa }));
      expect(summarize(ours, `p${p}`, { mapping: true }), `program ${p}:\n${src}`).toEqual(summarize(g.bytes, `p${p}`, { mapping: true }));
      compared++;
    }
    expect(compared).toBeGreaterThan(PROGRAMS * 0.5);
    expect(compared + rejected).toBe(PROGRAMS);
  }, 300_000);
});
