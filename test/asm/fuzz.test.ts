// Thousands of mutated sources thrown at the assembler: every outcome is either an object or
// located user errors (UserError/UserErrors), never another exception, and each source takes
// bounded time. RASPVISOR_LONG=1 runs ten times as many.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assembleText, objectBytes } from '../../tools/asm/index.ts';
import { UserError, UserErrors } from '../../tools/common/diagnostics.ts';
import { DIRECTIVE_CASES } from './cases.ts';
import { loadIsa } from './oracle.ts';
import { rng } from '../common/mulberry32.ts';

const FIX = path.join(__dirname, 'fixtures');
const COUNT = process.env.RASPVISOR_LONG ? 30000 : 3000;
const PER_CASE_MS = 3000;


const TOKENS = [
  ',', ':', ';', '"', "'", '\\', '/*', '*/', '//', '#', '=', '(', ')', '[', ']', '!', '{', '}', '@', '$', '.', '-', '+', '<<', '>>',
  '0', '1', '-1', '0x7fffffffffffffff', '0xffffffffffffffffffff', '1 << 63', '99999999999', '4096', '0b', '1b', '1f', '9f', "'a", '"str"',
  'x0', 'w31', 'sp', 'xzr', 'q0', 'x99', ':lo12:', ':abs_g1:', ':got:', '#', '[x0, #8]!',
  '.rept 100000', '.rept 3', '.endr', '.macro m a', '.endm', '.if', '.else', '.endif', '.ifdef', '.irp r, 1, 2', '.exitm',
  '.space 1000', '.space -1', '.fill 100, 8, 1', '.align 12', '.align 40', '.balign 3', '.org 0', '.org 100000',
  '.section .text.x, "ax"', '.section', '.bss', '.data', '.ltorg', '.equ', '.set x, x + 1', '.include "boot.S"', '.include "boot-defs.inc"',
  '.global', '.type', '.size', '.req', '.unreq', 'ldr x0, =', 'b .', 'b.eq 1b', 'label:', '1:', 'm', 'm 1, 2',
];

function mutate(src: string, r: () => number): string {
  const lines = src.split('\n');
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(r() * lines.length);
    const line = lines[i] ?? '';
    const tok = TOKENS[Math.floor(r() * TOKENS.length)];
    switch (Math.floor(r() * 8)) {
      case 0: lines.splice(i, 1); break;
      case 1: lines.splice(i, 0, line); break;
      case 2: lines.splice(i, 0, tok); break;
      case 3: { const p = Math.floor(r() * (line.length + 1)); lines[i] = line.slice(0, p) + tok + line.slice(p); break; }
      case 4: { const p = Math.floor(r() * (line.length + 1)); lines[i] = line.slice(0, p) + line.slice(p + 1 + Math.floor(r() * 6)); break; }
      case 5: { const j = Math.floor(r() * lines.length); [lines[i], lines[j]] = [lines[j], lines[i]]; break; }
      case 6: lines[i] = line.replace(/\b\w+\b/, tok); break;
      case 7: lines.length = Math.max(1, i); break;
    }
  }
  return lines.join('\n');
}

describe('assembler fuzz', async () => {
  const { isa } = await loadIsa();
  const seeds = [
    ...['boot.S', 'context.S'].map((f) => fs.readFileSync(path.join(FIX, f), 'utf8')),
    ...Object.values(DIRECTIVE_CASES),
  ];
  it(`${COUNT} mutated sources: objects or located errors only, bounded time`, () => {
    const r = rng(Number(process.env.RASPVISOR_FUZZ_SEED ?? 0x5eed));
    let ok = 0, userErr = 0, slowest = 0;
    for (let i = 0; i < COUNT; i++) {
      const src = mutate(seeds[i % seeds.length], r);
      const t0 = performance.now();
      try {
        objectBytes(assembleText(src, path.join(FIX, `mutant-${i}.S`), { isa, maxStatements: 200_000 }));
        ok++;
      } catch (e) {
        if (e instanceof UserErrors) {
          for (const u of e.errors) if (!u.loc && !u.offset) throw new Error(`mutant ${i}: unlocated error '${u.message}'\n${src}`);
          userErr++;
        } else if (e instanceof UserError) {
          if (!e.loc) throw new Error(`mutant ${i}: unlocated error '${e.message}'\n${src}`);
          userErr++;
        } else {
          throw new Error(`mutant ${i} raised ${(e as Error)?.stack ?? e}\n--- source ---\n${src}`);
        }
      }
      const dt = performance.now() - t0;
      slowest = Math.max(slowest, dt);
      if (dt > PER_CASE_MS) throw new Error(`mutant ${i} took ${dt.toFixed(0)} ms\n${src}`);
    }
    expect(ok + userErr).toBe(COUNT);
    expect(ok).toBeGreaterThan(0);
    expect(userErr).toBeGreaterThan(0);
  }, 600_000);
});
