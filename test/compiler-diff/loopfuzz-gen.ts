// Generator of small AssemblyScript programs for the randomised loop test (loopfuzz.test.ts):
// each case is one function with a few loops over StaticArray<i8..i64>, Array<i32> and a small
// class, laid out in one buffer so that arrays and objects may OVERLAP (one array's length word
// or an object's fields inside another array's elements): a store of the loop can then change a
// length, a bound or a field mid-loop. Counters run up and down, with <, <=, >, >= and unsigned
// exits, two-condition exits, conditional increments, masks and shifts in indices, and start
// near 2^31 so that index arithmetic wraps. Each loop is followed by a checksum line (the loop's
// sum and a hash of the whole buffer), so an abort midway shows where.
//
// All cases of a batch share one program; `main` runs the case whose number is patched into the
// SELECTOR data words (the same bytes in the wasm and in the linux-user executable), so one asc
// run and one backend run serve the whole batch.
import { rng } from '../common/mulberry32.ts';
export { rng };

/** The 8 bytes that mark the selector words in the wasm and in the executable, then the case. */
export const MAGIC = Buffer.from('LpFzSeL!', 'latin1');

type Elem = { t: string; shift: number };
const ELEMS: Elem[] = [
  { t: 'i8', shift: 0 },
  { t: 'i16', shift: 1 },
  { t: 'i32', shift: 2 },
  { t: 'i64', shift: 3 },
  { t: 'u8', shift: 0 },
  { t: 'u16', shift: 1 },
];
const BUF_BYTES = 640;
const KEY = 0x5a5a5a5a;


class Gen {
  /** The loop being generated keeps to its arrays' lengths (stores may still move them). */
  safe = false;
  constructor(private r: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
}

interface Arr {
  name: string;
  elem: Elem;
  off: number;
  len: number;
}

/** One case: a function `case<k>()` (its text). */
function genCase(g: Gen, k: number): string {
  const L: string[] = [];
  const emit = (s: string) => L.push('  ' + s);
  // Three StaticArrays; B and C often overlap another's elements with their length word, or
  // lie over the object.
  const arrs: Arr[] = [];
  for (const name of ['A', 'B', 'C']) {
    const elem = g.pick(ELEMS);
    const len = g.chance(0.2) ? g.int(0, 3) : g.int(6, 12);
    let off: number;
    if (arrs.length > 0 && g.chance(0.45)) {
      const o = g.pick(arrs);
      // header word inside o's elements (or just past them: off-by-one layouts)
      off = o.off + 4 * g.int(0, Math.ceil((o.len << o.elem.shift) / 4)) + 4;
    } else off = 8 + 4 * g.int(0, 100);
    off = Math.min(off, BUF_BYTES - 8 - (len << elem.shift));
    arrs.push({ name, elem, off, len });
  }
  // The object: sometimes over an array's elements (a store moves its bound or its array).
  const objOff = g.chance(0.5) ? Math.min(g.pick(arrs).off + 4 * g.int(0, 3), BUF_BYTES - 16) : 4 * g.int(100, 150);
  emit(`const buf = new StaticArray<i64>(${BUF_BYTES / 8});`);
  emit(`const base = changetype<usize>(buf);`);
  emit(`for (let q: usize = 0; q < ${BUF_BYTES}; q += 4) store<u32>(base + q, <u32>((q * ${g.int(1, 97)} + ${g.int(0, 255)}) & ${g.pick([63, 127, 255])}));`);
  for (const a of arrs) {
    emit(`store<u32>(base + ${a.off - 4}, ${a.len << a.elem.shift});`);
    emit(`const ${a.name} = changetype<StaticArray<${a.elem.t}>>(base + ${a.off});`);
  }
  emit(`const O = changetype<Obj>(base + ${objOff});`);
  emit(`O.a = changetype<StaticArray<i32>>(${g.pick(arrs).name});`);
  emit(`O.n = rt(${g.int(0, 10)});`);
  emit(`O.k = ${g.int(-3, 3)};`);
  // A real Array<i32> and a fake one laid over the buffer (its fields inside the elements).
  const llen = g.int(2, 12);
  emit(`const R = new Array<i32>(${llen});`);
  emit(`for (let q = 0; q < ${llen}; q++) R[q] = q * ${g.int(1, 9)} + ${g.int(0, 5)};`);
  const fOff = g.chance(0.5) ? Math.min(g.pick(arrs).off + 4 * g.int(0, 2), BUF_BYTES - 16) : 4 * g.int(120, 155);
  const fData = g.pick(arrs);
  emit(`const F = changetype<Array<i32>>(base + ${fOff});`);
  emit(`store<u32>(base + ${fOff + 4}, base + ${fData.off}); store<i32>(base + ${fOff + 8}, ${fData.len << fData.elem.shift}); store<i32>(base + ${fOff + 12}, ${Math.min(g.int(0, 12), (fData.len << fData.elem.shift) >> 2)});`);
  emit(`let s: i64 = 0;`);
  const nloops = g.int(2, 5);
  for (let n = 0; n < nloops; n++) {
    for (const line of genLoop(g, arrs)) emit(line);
    emit(`sum(s, base);`);
  }
  return `function case${k}(): void {\n${L.join('\n')}\n}\n`;
}

/** A value to store into an element of type t: small, so that lengths stay small. */
function val(g: Gen, idx: string, t: string): string {
  const e = g.pick([`${idx} * ${g.int(1, 7)} + ${g.int(0, 9)}`, `<i32>s + ${idx}`, `${idx} ^ ${g.int(1, 40)}`, `<i32>(s >> ${g.int(0, 4)})`]);
  return `<${t}>((${e}) & ${g.pick([15, 31, 63, 127])})`;
}

/** A read for the sum (i64). */
function rd(a: string, idx: string): string {
  return `<i64>${a}[${idx}]`;
}

/** A loop bound: mostly the length of the array the loop reads (`own`), sometimes off by one,
 *  another array's, a field or an opaque constant. */
function bound(g: Gen, arrs: Arr[], own?: string): string {
  if (own && g.safe) return `${own}.length`;
  if (own && g.chance(0.75)) return g.chance(0.85) ? `${own}.length` : g.pick([`${own}.length - 1`, `${own}.length + 1`]);
  const a = g.pick(arrs).name;
  return g.pick([`${a}.length`, `${a}.length`, `${a}.length - 1`, `${a}.length + 1`, `O.n`, `rt(${g.int(0, 12)})`, `R.length`, `F.length`, `O.a.length`]);
}

function index(g: Gen, i: string): string {
  if (g.safe || g.chance(0.7)) return g.safe && g.chance(0.3) ? `${i} & ${g.pick([1, 3])}` : i;
  return g.pick([i, i, i, `${i} + 1`, `${i} - 1`, `${i} & ${g.pick([3, 7, 15])}`, `${i} >> 1`, `${i} << 1`, `(${i} * 3) & 15`, `${i} + O.k`]);
}

function arrName(g: Gen, arrs: Arr[]): string {
  return g.pick([...arrs.map((a) => a.name), 'O.a']);
}

function readName(g: Gen, arrs: Arr[]): string {
  return g.pick([...arrs.map((a) => a.name), 'O.a', 'R', 'F']);
}

function elemOf(name: string, arrs: Arr[]): string {
  return arrs.find((a) => a.name === name)?.elem.t ?? 'i32';
}

function genLoop(g: Gen, arrs: Arr[]): string[] {
  g.safe = g.chance(0.6);
  const S = g.safe ? arrName(g, arrs) : readName(g, arrs);
  // The loop often stores where it reads (in bounds unless a store moved the bound).
  const D = (g.safe || g.chance(0.4)) && !['R', 'F'].includes(S) ? S : arrName(g, arrs);
  const td = elemOf(D, arrs);
  const kind = g.int(0, 9);
  const lo = g.safe ? g.pick(['0', 'rt(0)']) : g.pick(['0', '0', '0', '1', `rt(${g.int(0, 3)})`]);
  switch (kind) {
    case 0: {
      // counting up, < or <=, one store, one read
      const cmp = g.safe ? '<' : g.pick(['<', '<=']);
      const di = index(g, 'i');
      const both = D !== S && g.chance(0.6) ? ` && i < ${D}.length` : '';
      const si = index(g, 'i');
      // read, store, read again: the second read sees the store when D and S overlap there
      const before = g.chance(0.5) ? [`  s += ${rd(S, si)};`] : [];
      return [`for (let i = ${lo}; i ${cmp} ${bound(g, arrs, S)}${both}; i++) {`, ...before, `  ${D}[${di}] = ${val(g, 'i', td)};`, `  s = s * 3 + ${rd(S, si)};`, `}`];
    }
    case 1: {
      // counting down, > or >=
      const cmp = g.safe ? '>=' : g.pick(['>', '>=']);
      const start = g.safe ? `${S}.length - 1` : g.pick([`${bound(g, arrs, S)}`, `${bound(g, arrs, S)} - 1`]);
      return [`for (let i = ${start}; i ${cmp} ${lo}; i--) {`, `  s += ${rd(S, index(g, 'i'))};`, `  ${D}[${index(g, 'i')}] = ${val(g, 'i', td)};`, `}`];
    }
    case 2: {
      // unsigned counter and exit
      const cmp = g.safe ? '<' : g.pick(['<', '<=']);
      return [`for (let u: u32 = <u32>${lo}; u ${cmp} <u32>(${bound(g, arrs, S)}); u++) {`, `  const i = <i32>u;`, `  ${D}[${index(g, 'i')}] = ${val(g, 'i', td)};`, `  s ^= ${rd(S, 'i')} << ${g.int(0, 5)};`, `}`];
    }
    case 3: {
      // two-condition exit: a bound and a value, in either order
      const c1 = `i < ${bound(g, arrs, S)}`;
      const c2 = `${S}[${g.pick(['i', 'i & 7'])}] != ${g.int(0, 20)}`;
      const cond = g.chance(0.5) ? `${c1} && ${c2}` : `${c2} && ${c1}`;
      return [`{ let i = ${lo};`, `while (${cond}) {`, `  ${D}[${index(g, 'i')}] = ${val(g, 'i', td)};`, `  s += <i64>i;`, `  i++;`, `}`, `s += <i64>i; }`];
    }
    case 4: {
      // conditional increments in ?: arms
      const S2 = readName(g, arrs);
      return [
        `{ let i = ${lo}, j = 0;`,
        `while (i < ${bound(g, arrs, S)} && j < ${bound(g, arrs, S2)}) {`,
        `  s += (s & ${g.int(1, 3)}) != 0 ? ${rd(S, 'i++')} : ${rd(S2, 'j++')};`,
        !g.safe && g.chance(0.5) ? `  ${D}[${g.pick(['i', 'j'])}] = ${val(g, 'i + j', td)};` : `  s += <i64>(i - j);`,
        `}`,
        `s += <i64>(i * 100 + j); }`,
      ];
    }
    case 5: {
      // post-increment read after the check
      return [`{ let i = ${lo};`, `while (i < ${bound(g, arrs, S)}${D !== S && g.chance(0.6) ? ` && i < ${D}.length` : ''}) {`, `  ${D}[i] = ${val(g, 'i', td)};`, `  s += ${rd(S, 'i++')};`, `  s = s * 5 + <i64>i;`, `}`, `}`];
    }
    case 6: {
      // a counter near 2^31: index arithmetic wraps (i32), the exit by != or by a check
      const c = g.int(1, 6);
      const start = 2147483647 - c;
      const n = g.safe ? g.int(1, 5) : g.int(1, 10);
      const end = (start + n) | 0;
      const idx = g.pick([`i - ${start}`, `i + ${g.int(1, 4)}`, `(i - ${start}) & 7`]);
      return [`for (let i: i32 = rt(${start}); i != ${end}; i++) {`, `  s += ${rd(S, idx)};`, `  ${D}[${g.pick([`i - ${start}`, `(i - ${start}) >> 1`])}] = ${val(g, `(i - ${start})`, td)};`, `}`];
    }
    case 7: {
      // loop bound and array from the object's fields (which a store may rewrite)
      return [`for (let i = ${lo}; i < O.n; i++) {`, `  O.a[${index(g, 'i')}] = O.k + i;`, `  ${D}[${index(g, 'i')}] = ${val(g, 'i', td)};`, `  s += ${rd(S, 'i')};`, `}`];
    }
    case 9: {
      // a read-only counted loop (loop versioning's simplest case), off by one at times
      return [`for (let i = ${lo}; i ${g.safe ? '<' : g.pick(['<', '<', '<='])} ${bound(g, arrs, S)}; i++) s = s * 7 + ${rd(S, index(g, 'i'))};`];
    }
    default: {
      // step of 2 up to a length, off by one either way
      const b = bound(g, arrs, S);
      return [`for (let i = ${lo}; i ${g.safe ? '<' : g.pick(['<', '<='])} ${b}; i += 2) {`, `  s += ${rd(S, 'i')} + ${rd(S, g.safe ? 'i >> 1' : g.pick(['i + 1', 'i >> 1']))};`, `  ${D}[${index(g, 'i')}] = ${val(g, 'i', td)};`, `}`];
    }
  }
}

/** The program of a batch: `cases` case functions, the selector, the checksum printer. */
export function genProgram(seed: number, cases: number, ioPath: string): string {
  const g = new Gen(rng(seed));
  const magic = [MAGIC.readUInt32LE(0), MAGIC.readUInt32LE(4)];
  const parts: string[] = [
    `// loopfuzz seed ${seed}: generated by test/compiler-diff/loopfuzz-gen.ts`,
    `import { flush, printI64, printHex, putc } from "${ioPath}";`,
    `class Obj { a: StaticArray<i32>; n: i32; k: i32; }`,
    `// words 0-1: the magic; 2: the case to run, 3: 0, each XORed with KEY (asc drops zero bytes`,
    `// at the end of a data segment: the patched words must be there)`,
    `const SEL = memory.data<u32>([${magic[0]}, ${magic[1]}, ${KEY}, ${KEY}]);`,
    `// rt makes a constant opaque to asc and to our backend`,
    `function rt(v: i32): i32 { return v + (load<i32>(SEL + 12) ^ ${KEY}); }`,
    `let line = 0;`,
    `function sum(s: i64, base: usize): void {`,
    `  let h: u32 = 2166136261;`,
    `  for (let q: usize = 0; q < ${BUF_BYTES}; q++) h = (h ^ load<u8>(base + q)) * 16777619;`,
    `  printI64(line++); putc(32); printI64(s); putc(32); printHex(h, 8); putc(10); flush();`,
    `}`,
  ];
  for (let k = 0; k < cases; k++) parts.push(genCase(g, k));
  const calls = Array.from({ length: cases }, (_, k) => `  if (c == ${k}) case${k}();`).join('\n');
  parts.push(`export function main(): void {\n  const c = load<i32>(SEL + 8) ^ ${KEY};\n${calls}\n  putc(100); putc(10); flush();\n}\n`);
  return parts.join('\n');
}

/** A copy of `bytes` (wasm or executable) whose selector runs case `k`. */
export function selectCase(bytes: Uint8Array, k: number): Uint8Array {
  const b = Buffer.from(bytes);
  const at = b.indexOf(MAGIC);
  if (at < 0 || b.indexOf(MAGIC, at + 1) >= 0) throw new Error('loopfuzz: selector magic not found exactly once');
  b.writeInt32LE((k ^ KEY) | 0, at + 8);
  return b;
}

/** The text of case k of a generated program (for a failure report). */
export function caseText(program: string, k: number): string {
  const at = program.indexOf(`function case${k}()`);
  return program.slice(at, program.indexOf('\n}\n', at) + 3);
}
