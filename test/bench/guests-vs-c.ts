// The AssemblyScript guests echo and mini-os beside their gcc -O2 twins in C
// (test/bench/guests-c/: the same algorithms, the same .S files, the same load addresses) and
// the C original's figures at -O0 (echo.bin 3,688 B, mini-os.bin 22,368 B): image sizes, the
// bytes of compiled functions, and in our emulator the instructions per echoed character and
// per context switch. Prints figures and ratios; asserts nothing.
//   npx tsx test/bench/guests-vs-c.ts
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from '../../tools/build/index.ts';
import { buildTwin } from './guests-c/build.ts';
import { perEchoedChar, kernelCosts, median } from './lib/guest-costs.ts';

const C_ORIGINAL_O0: Record<string, number> = { echo: 3688, 'mini-os': 22368 };
const GUESTS = ['echo', 'mini-os'];

/** Sizes of the functions the compiler made: symbols an object defines, sized in the ELF. */
async function functionSizes(elf: string, objects: string[]): Promise<Map<string, number>> {
  const names = new Set<string>();
  for (const o of objects) for (const l of (await execa('llvm-nm', ['--defined-only', o])).stdout.split('\n')) {
    const m = /^[0-9a-f]+ [tT] (\S+)$/.exec(l);
    if (m && !/^[$.]/.test(m[1])) names.add(m[1]);
  }
  const out = new Map<string, number>();
  for (const l of (await execa('llvm-nm', ['-S', elf])).stdout.split('\n')) {
    const m = /^[0-9a-f]+ ([0-9a-f]+) [tT] (\S+)$/.exec(l);
    if (m && names.has(m[2])) out.set(m[2], parseInt(m[1], 16));
  }
  return out;
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const pad = (s: string | number, n: number) => String(s).padStart(n);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-bench-guests-c-'));
const r = await build({ buildDir: dir, only: GUESTS, log: () => {} });
const as = Object.fromEntries(r.programs.map((p) => [p.name, p]));
const c = Object.fromEntries(await Promise.all(GUESTS.map(async (g) => [g, await buildTwin(g, dir)] as const)));

console.log('image bytes           AS guest   C -O2 twin   AS/C-O2   C original -O0   AS/C-O0');
for (const g of GUESTS) {
  const a = fs.statSync(as[g].image).size;
  const b = fs.statSync(c[g].image).size;
  console.log(`  ${g.padEnd(18)} ${pad(a, 8)}   ${pad(b, 10)}   ${pad(x(a, b), 7)}   ${pad(C_ORIGINAL_O0[g], 14)}   ${pad(x(a, C_ORIGINAL_O0[g]), 7)}`);
}

console.log('compiled functions (bytes: what asc+our backend vs gcc -O2 made of the same source)');
for (const g of GUESTS) {
  const asFns = await functionSizes(as[g].elf, [path.join(dir, g, 'obj', `${g}.wasm.o`)]);
  const cObjs = fs.readdirSync(path.join(dir, `${g}-c`)).filter((f) => f.endsWith('.c.o')).map((f) => path.join(dir, `${g}-c`, f));
  const cFns = await functionSizes(c[g].elf, cObjs);
  console.log(`  ${g.padEnd(18)} ${pad(sum(asFns), 8)}   ${pad(sum(cFns), 10)}   ${pad(x(sum(asFns), sum(cFns)), 7)}   (${asFns.size} AS functions after inlining, ${cFns.size} C)`);
  // the same function in both (AS names end in _<C name>), largest AS excess first
  const pairs: [string, number, number][] = [];
  for (const [n, s] of cFns) {
    const hit = [...asFns].find(([an]) => an === n || an.endsWith(`_${n}`));
    if (hit) pairs.push([n, hit[1], s]);
  }
  pairs.sort((p, q) => q[1] - q[2] - (p[1] - p[2]));
  for (const [n, a, b] of pairs.slice(0, 8)) console.log(`      ${n.padEnd(20)} ${pad(a, 6)}   ${pad(b, 6)}   ${x(a, b)}`);
}

const asChar = await perEchoedChar(as.echo.image);
const cChar = await perEchoedChar(c.echo.image);
console.log(`echo: instructions per echoed character (RX IRQ, ring, transmit, WFI): AS ${asChar.toFixed(1)}, C -O2 ${cChar.toFixed(1)}, ${x(asChar, cChar)}`);

const ka = await kernelCosts(as['mini-os'].image, as['mini-os'].elf);
const kc = await kernelCosts(c['mini-os'].image, c['mini-os'].elf);
console.log(`mini-os: instructions per context switch (timer IRQ entry to the next task running, median): AS ${median(ka.switches)} (of ${ka.switches.length}), C -O2 ${median(kc.switches)} (of ${kc.switches.length}), ${x(median(ka.switches), median(kc.switches))}`);
console.log('mini-os: system calls, vector entry to eret (writes of 52, 41 and 14 bytes, fork, one-character writes):');
console.log(`  AS     ${ka.syscalls.join(', ')}`);
console.log(`  C -O2  ${kc.syscalls.join(', ')}`);
