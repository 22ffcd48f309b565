// Where a compiled program spends its instructions: runs an executable under qemu-aarch64 with
// QEMU's block log (like lib/icount.ts) and prints the hottest translation blocks, each with
// its execution count, its share of all executed instructions and its disassembly (QEMU's).
// Run: npx tsx test/bench/hot-blocks.ts <exe> [top=25]
//   e.g. build/compiler-diff/sort/sort (after a compiler-vs-gcc run) or build/compiler-diff/gcc/sort
import { spawn } from 'node:child_process';
import * as readline from 'node:readline';

const exe = process.argv[2];
const top = Number(process.argv[3] ?? 25);
if (!exe) {
  console.error('usage: hot-blocks.ts <exe> [top]');
  process.exit(1);
}
const q = spawn('qemu-aarch64', ['-d', 'in_asm,exec,nochain', exe], { stdio: ['ignore', 'ignore', 'pipe'] });
const blocks = new Map<string, { sym: string; lines: string[]; count: number }>();
let cur: { sym: string; lines: string[]; count: number } | null = null;
let sym = '';
const rl = readline.createInterface({ input: q.stderr });
rl.on('line', (line) => {
  if (line.startsWith('Trace ')) {
    const m = /\[[0-9a-f]+\/([0-9a-f]+)\//.exec(line);
    const b = m && blocks.get(m[1].padStart(16, '0'));
    if (b) b.count++;
  } else if (line.startsWith('IN:')) {
    sym = line.slice(3).trim();
    cur = null;
  } else if (line.startsWith('0x')) {
    const pc = line.slice(2, line.indexOf(':')).padStart(16, '0');
    if (!cur) {
      cur = blocks.get(pc) ?? { sym, lines: [], count: 0 };
      cur.lines = [];
      blocks.set(pc, cur);
    }
    cur.lines.push(line);
  } else if (line === '') cur = null;
});
q.on('close', () => {
  const all = [...blocks.entries()].map(([pc, b]) => ({ pc, ...b, insns: b.count * b.lines.length }));
  const total = all.reduce((s, b) => s + b.insns, 0);
  const bySym = new Map<string, number>();
  for (const b of all) bySym.set(b.sym, (bySym.get(b.sym) ?? 0) + b.insns);
  console.log(`total ${total.toLocaleString('en-US')} instructions`);
  for (const [s, n] of [...bySym].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${((100 * n) / total).toFixed(1).padStart(5)}%  ${s}`);
  const byOp = new Map<string, number>();
  for (const b of all) for (const l of b.lines) {
    const op = /:\s+[0-9a-f]{8}\s+(\S+)/.exec(l)?.[1] ?? '?';
    byOp.set(op, (byOp.get(op) ?? 0) + b.count);
  }
  console.log('by mnemonic: ' + [...byOp].sort((a, b) => b[1] - a[1]).slice(0, 16).map(([o, n]) => `${o} ${((100 * n) / total).toFixed(1)}%`).join(', '));
  for (const b of all.sort((x, y) => y.insns - x.insns).slice(0, top)) {
    console.log(`\n${b.sym} ${b.pc}: x${b.count.toLocaleString('en-US')}  ${((100 * b.insns) / total).toFixed(1)}%`);
    for (const l of b.lines) console.log('   ' + l);
  }
});
