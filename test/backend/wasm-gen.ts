// Random wasm modules of expression-tree functions (for the differential and fuzz tests).

export type T = 'i32' | 'i64' | 'f64';
const TB: Record<T, number> = { i32: 0x7f, i64: 0x7e, f64: 0x7c };

export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

function uleb(n: number): number[] {
  const o: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    o.push(b);
  } while (n);
  return o;
}

function sleb(v: bigint): number[] {
  const o: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && !(b & 0x40)) || (v === -1n && b & 0x40)) {
      o.push(b);
      return o;
    }
    o.push(b | 0x80);
  }
}

function f64bytes(x: number): number[] {
  return [...new Uint8Array(new Float64Array([x]).buffer)];
}

export const I32C = [0n, 1n, -1n, 2n, 3n, 9n, 31n, 32n, 65537n, 0x7fffffffn, -0x80000000n, 0xffffn, 255n, 4096n, -4097n, 12345678n];
export const I64C = [0n, 1n, -1n, 5n, 17n, 63n, 64n, 0x100000001n, 0x7fffffffffffffffn, -0x8000000000000000n, 0xffffffffn, 0x100000000n, -4096n, 0x123456789abcdefn];
export const F64C = [0, -0, 1.5, -2.25, NaN, Infinity, -Infinity, 1e300, 2 ** 63, -(2 ** 31), 4294967296.5, 0.1];

let inLoop = false;

/** Expression generator: locals 0 i32, 1 i32, 2 i64, 3 i64, 4 f64 (params), 5 i32, 6 i32, 7 i32
 *  (loop counter), 8 i64 (scratch). */
function gen(r: () => number, t: T, depth: number): number[] {
  const pick = <X,>(xs: X[]) => xs[Math.floor(r() * xs.length)];
  if (depth <= 0 || r() < 0.15) {
    if (r() < 0.5) {
      const l = t === 'i32' ? pick([0, 1, 5]) : t === 'i64' ? pick([2, 3, 8]) : 4;
      return [0x20, l];
    }
    if (t === 'i32') return [0x41, ...sleb(r() < 0.7 ? pick(I32C) : BigInt(Math.floor(r() * 2 ** 32) | 0))];
    if (t === 'i64') return [0x42, ...sleb(r() < 0.7 ? pick(I64C) : BigInt.asIntN(64, BigInt(Math.floor(r() * 2 ** 32)) * 0x10001n))];
    return [0x44, ...f64bytes(pick(F64C))];
  }
  const d = depth - 1;
  const k = r();
  if (t === 'i32') {
    if (k < 0.35) return [...gen(r, 'i32', d), ...gen(r, 'i32', d), 0x6a + Math.floor(r() * 15)];
    if (k < 0.45) return [...gen(r, 'i32', d), ...gen(r, 'i32', d), 0x46 + Math.floor(r() * 10)];
    if (k < 0.52) return [...gen(r, 'i64', d), ...gen(r, 'i64', d), 0x51 + Math.floor(r() * 10)];
    if (k < 0.57) return [...gen(r, 'i32', d), pick([0x45, 0x67, 0x68, 0x69, 0xc0, 0xc1])];
    if (k < 0.61) return [...gen(r, 'i64', d), pick([0x50, 0xa7])];
    if (k < 0.66) return [...gen(r, 'i32', d), ...gen(r, 'i32', d), ...gen(r, 'i32', d), 0x1b];
    if (k < 0.71) return [...gen(r, 'i32', d), 0x04, TB.i32, ...gen(r, 'i32', d), 0x05, ...gen(r, 'i32', d), 0x0b];
    if (k < 0.76) return [...gen(r, 'f64', d), ...gen(r, 'f64', d), 0x61 + Math.floor(r() * 6)];
    if (k < 0.8) return [...gen(r, 'f64', d), 0xfc, pick([2, 3])];
    if (k < 0.87) return [...gen(r, 'i32', d), 0x41, ...sleb(0xfff8n), 0x71, pick([0x28, 0x2c, 0x2d, 0x2e, 0x2f]), 0, ...uleb(Math.floor(r() * 4))];
    if (k < 0.89) return [...gen(r, 'i32', d), 0x22, 5];
    // A pending read of local 5 while an if-arm (or a block) rewrites it.
    if (k < 0.91) return [0x20, 5, ...gen(r, 'i32', d), 0x04, TB.i32, ...gen(r, 'i32', d), 0x22, 5, 0x05, ...gen(r, 'i32', d), 0x0b, 0x6a + Math.floor(r() * 15)];
    // A counted loop whose body rewrites local 5 (invariant parts get hoisted out of it).
    if (k < 0.96 && depth >= 2 && !inLoop) {
      const n = 1 + Math.floor(r() * 4);
      inLoop = true; // one counter local: no nested counted loops
      const body = gen(r, 'i32', d - 1);
      inLoop = false;
      return [0x41, n, 0x21, 7, 0x03, 0x40, ...body, 0x20, 5, 0x6a + Math.floor(r() * 3), 0x21, 5, 0x20, 7, 0x41, 1, 0x6b, 0x22, 7, 0x0d, 0, 0x0b, ...gen(r, 'i32', d)];
    }
    if (k < 0.965) {
      // load, store to a possibly equal address, load again: reused loads must see the store.
      const addr = () => [0x20, pick([0, 1]), 0x41, 0x1c, 0x71];
      return [...addr(), 0x28, 2, 0, 0x02, TB.i32, ...addr(), ...gen(r, 'i32', d), 0x36, 2, 0, ...addr(), 0x28, 2, 0, 0x0b, 0x6a];
    }
    if (k < 0.97) return [0x20, 5, 0x02, TB.i32, ...gen(r, 'i32', d), 0x21, 5, 0x20, 5, 0x0b, 0x6a + Math.floor(r() * 15)];
    return [...gen(r, 'i32', d), ...gen(r, 'i32', d), 0x6a + Math.floor(r() * 15)];
  }
  if (t === 'i64') {
    if (k < 0.45) return [...gen(r, 'i64', d), ...gen(r, 'i64', d), 0x7c + Math.floor(r() * 15)];
    if (k < 0.55) return [...gen(r, 'i64', d), pick([0x79, 0x7a, 0x7b, 0xc2, 0xc3, 0xc4])];
    if (k < 0.65) return [...gen(r, 'i32', d), pick([0xac, 0xad])];
    if (k < 0.7) return [...gen(r, 'f64', d), 0xfc, pick([6, 7])];
    if (k < 0.75) return [...gen(r, 'i64', d), ...gen(r, 'i64', d), ...gen(r, 'i32', d), 0x1b];
    if (k < 0.82) return [...gen(r, 'i32', d), 0x41, ...sleb(0xfff8n), 0x71, pick([0x29, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35]), 0, ...uleb(Math.floor(r() * 4))];
    if (k < 0.88) return [...gen(r, 'i64', d), 0x22, 8];
    return [...gen(r, 'i64', d), ...gen(r, 'i64', d), 0x7c + Math.floor(r() * 5)];
  }
  // No copysign: the sign of a NaN (which it exposes) is nondeterministic in wasm.
  if (k < 0.4) return [...gen(r, 'f64', d), ...gen(r, 'f64', d), 0xa0 + Math.floor(r() * 6)];
  if (k < 0.6) return [...gen(r, 'f64', d), 0x99 + Math.floor(r() * 7)];
  if (k < 0.8) {
    const src = pick(['i32', 'i64'] as T[]);
    return [...gen(r, src, d), src === 'i32' ? pick([0xb7, 0xb8]) : pick([0xb9, 0xba])];
  }
  return [...gen(r, 'f64', d), ...gen(r, 'f64', d), ...gen(r, 'i32', d), 0x1b];
}

export function buildModule(seed: number, n: number): { bytes: Uint8Array; types: T[] } {
  const r = rng(seed);
  const types: T[] = [];
  const bodies: number[][] = [];
  for (let i = 0; i < n; i++) {
    const t = (['i32', 'i64', 'f64'] as T[])[i % 3];
    types.push(t);
    const e = gen(r, t, t === 'f64' ? 4 : 5);
    bodies.push([2, 3, 0x7f, 1, 0x7e, ...e, 0x0b]);
  }
  const sec = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
  const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const params = [0x7f, 0x7f, 0x7e, 0x7e, 0x7c];
  const typeSec = vec((['i32', 'i64', 'f64'] as T[]).map((t) => [0x60, ...uleb(params.length), ...params, 1, TB[t]]));
  const funcSec = vec(types.map((t) => uleb(['i32', 'i64', 'f64'].indexOf(t))));
  const memSec = vec([[0, 1]]);
  const name = (s: string) => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
  const expSec = vec(types.map((_, i) => [...name(`f${i}`), 0, ...uleb(i)]));
  const codeSec = vec(bodies.map((b) => [...uleb(b.length), ...b]));
  const data = Array.from({ length: 256 }, (_, i) => (i * 37 + 11) & 0xff);
  const dataSec = vec([[0, 0x41, ...sleb(0n), 0x0b, ...uleb(data.length), ...data]]);
  // Data at 0 repeats over the first 256 bytes; other loads read zeros.
  const bytes = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...sec(1, typeSec), ...sec(3, funcSec), ...sec(5, memSec), ...sec(7, expSec), ...sec(10, codeSec), ...sec(11, dataSec)];
  return { bytes: new Uint8Array(bytes), types };
}

