// Branch shapes over materialised booleans (tools/backend/opt/branches.ts): a condition that
// crosses a join (`a && b` tested by an `if`, a comparison kept in a local) is tested again at
// the join; each predecessor that knows it (a constant, a cset) gets its own copy of the test.
// Near misses: the boolean still read after the join, the flags changed between the comparison
// and the test, values that are not booleans (2, 1 << 32), booleans from memory and parameters.
import { flush, print, printI64, println } from "../io";

function line(label: string, v: i64): void { print(label); print("="); printI64(v); println(""); }

let seed: u32 = 12345;
function rnd(): i32 { seed = seed * 1103515245 + 12345; return <i32>((seed >> 8) & 0xffff); }

// siftDown's shape: `c + 1 <= end && a[c] < a[c + 1]` picks the larger child (in a loop, as
// there; big enough not to be inlined).
function pickChild(a: StaticArray<i32>, end: i32): i64 {
  let s: i64 = 0;
  for (let c = 0; c < 64; c++) {
    let k = c;
    if (k + 1 <= end && a[k] < a[k + 1]) k++;
    s = s * 31 + <i64>k;
    s ^= <i64>(c * end) << 7;
    s += (s >> 17) ^ <i64>(k - end);
  }
  return s;
}

// The same with `||` and the other comparison senses, as a select and as a branch.
function anyOf(x: i32, y: i32, z: u32, w: u32): i32 {
  let r = 0;
  if (x > y || z >= w) r += 3;
  const s = x == y || z < w ? 7 : 11;
  return r * 100 + s;
}

// bignum's carry: the boolean is also read after the join (it must stay).
function addCarry(a: StaticArray<u32>, b: StaticArray<u32>, base: u32): i64 {
  let carry: u32 = 0;
  let sum: i64 = 0;
  for (let i = 0; i < a.length; i++) {
    let s = carry + a[i] + b[i];
    carry = s >= base ? 1 : 0;
    if (carry) s -= base;
    sum = sum * 3 + <i64>s;
  }
  return sum * 10 + <i64>carry;
}

// The flags change between the comparison and its test: another comparison in between.
function between(x: i32, y: i32, u: i32, v: i32): i32 {
  const f = x < y;
  const g = u > v;
  let r = f ? 5 : 9;
  if (g) r += 100;
  if (f) r += 1000;
  return r;
}

// Not booleans: 2 and 1 << 32 are nonzero, but 1 << 32 wrapped to i32 is zero.
function notBool(k: i32): i64 {
  let t: i64 = k > 3 ? 0x100000000 : (k > 1 ? 2 : 0);
  let r: i64 = 0;
  if (<i32>t) r += 1;
  if (t) r += 10;
  if (t == 2) r += 100;
  return r;
}

// Booleans from memory and from a parameter: nothing is known, the test stays.
function fromMemory(flags: StaticArray<bool>, i: i32, p: bool): i32 {
  const f = flags[i];
  let r = f ? 1 : 2;
  if (p && f) r += 10;
  return r;
}

// A join in a loop whose boolean comes from a comparison in one way and constants in others.
function loopJoin(n: i32): i64 {
  let acc: i64 = 0;
  for (let i = 0; i < n; i++) {
    const v = rnd();
    let ok: bool;
    if (v & 1) ok = v > 30000;
    else if (v & 2) ok = true;
    else ok = false;
    if (ok) acc += v;
    else acc -= 1;
  }
  return acc;
}

export function main(): void {
  const a = new StaticArray<i32>(64);
  for (let i = 0; i < 64; i++) a[i] = rnd() - 30000;
  let s: i64 = 0;
  for (let e = 0; e < 64; e += 3) s = s * 7 + pickChild(a, e);
  line("pick", s);
  s = 0;
  for (let x = -2; x <= 2; x++) for (let y = -2; y <= 2; y++) for (let z: u32 = 0; z < 3; z++) for (let w: u32 = 0; w < 3; w++) s = s * 7 + <i64>anyOf(x, y, z, w);
  line("anyOf", s);
  const p = new StaticArray<u32>(40);
  const q = new StaticArray<u32>(40);
  for (let i = 0; i < 40; i++) { p[i] = <u32>rnd() * 15; q[i] = <u32>rnd() * 15; }
  line("carry", addCarry(p, q, 1000000));
  line("carry0", addCarry(p, q, 2000000000));
  s = 0;
  for (let x = 0; x < 3; x++) for (let y = 0; y < 3; y++) for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) s = s * 5 + <i64>between(x, y, u, v);
  line("between", s);
  s = 0;
  for (let k = 0; k < 6; k++) s = s * 1000 + notBool(k);
  line("notBool", s);
  const fl = new StaticArray<bool>(4);
  fl[1] = true; fl[3] = true;
  s = 0;
  for (let i = 0; i < 4; i++) s = s * 100 + <i64>fromMemory(fl, i, true) * 10 + <i64>fromMemory(fl, i, false);
  line("fromMemory", s);
  line("loopJoin", loopJoin(5000));
  // One index past the end: the abort of the bounds check must still happen (last line).
  print("before\n");
  flush();
  line("oob", pickChild(a, 64));
  flush();
}
