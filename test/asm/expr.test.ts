// The expression evaluator against GNU as on thousands of random constant expressions (one
// GNU as run for all of them): `.quad <expr>` must give the same 8 bytes.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assembleFile } from '../../tools/asm/index.ts';
import { readElf } from '../../tools/elf/reader.ts';
import { gnuAs, have, tmpDir } from './oracle.ts';
import { shimIsa } from './shim-isa.ts';

const COUNT = process.env.RASPVISOR_LONG ? 50000 : 10000;

function gen(r: () => number, depth: number): string {
  const leaf = () => {
    const k = Math.floor(r() * 8);
    const n = Math.floor(r() * 1000);
    switch (k) {
      case 0: return '0x' + Math.floor(r() * 0xffffffff).toString(16);
      case 1: return '0b' + n.toString(2);
      case 2: return '0' + n.toString(8);
      case 3: return `'${String.fromCharCode(97 + (n % 26))}`;
      case 4: return 'A';
      case 5: return 'B';
      default: return String(n);
    }
  };
  if (depth <= 0 || r() < 0.25) return leaf();
  const k = Math.floor(r() * 10);
  if (k === 0) return `(${gen(r, depth - 1)})`;
  // Parenthesised: GNU as reads `a ! !b` (binary or-not, then logical not) as its own quirk.
  if (k === 1) return `(${['-', '~', '!'][Math.floor(r() * 3)]}(${gen(r, depth - 1)}))`;
  const ops = ['+', '-', '*', '&', '|', '^', '<<', '>>', '==', '!=', '<', '>', '<=', '>=', '&&', '||', '/', '%', '!'];
  const op = ops[Math.floor(r() * ops.length)];
  let right = gen(r, depth - 1);
  // Keep shifts below 64 and divisors non-zero: GNU as warns or errors there.
  if (op === '<<' || op === '>>') right = `((${right}) & 31)`;
  if (op === '/' || op === '%') right = `(((${right}) & 255) | 1)`;
  return `${gen(r, depth - 1)} ${op} ${right}`;
}

describe.skipIf(!have('aarch64-linux-gnu-as'))('expressions vs GNU as', () => {
  it(`${COUNT} random constant expressions`, () => {
    let s = 7;
    const r = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
    const exprs = Array.from({ length: COUNT }, () => gen(r, 4));
    const dir = tmpDir('expr');
    const file = path.join(dir, 'exprs.s');
    fs.writeFileSync(file, '.equ A, 12345\n.equ B, -77\n.data\n' + exprs.map((e) => `.quad ${e}\n`).join(''));
    const g = gnuAs(file, path.join(dir, 'exprs.o'));
    if (!g.ok) throw new Error(g.err.slice(0, 2000));
    const theirs = readElf(g.bytes, 'gnu').sections.find((x) => x.name === '.data')!.data;
    const ours = assembleFile(file, { isa: shimIsa }).sections.find((x) => x.name === '.data')!.data;
    expect(ours.length).toBe(theirs.length);
    for (let i = 0; i < exprs.length; i++) {
      const a = Buffer.from(ours.subarray(i * 8, i * 8 + 8)).toString('hex');
      const b = Buffer.from(theirs.subarray(i * 8, i * 8 + 8)).toString('hex');
      if (a !== b) expect(`${exprs[i]} = ${a}`).toBe(`${exprs[i]} = ${b}`);
    }
  });
});
