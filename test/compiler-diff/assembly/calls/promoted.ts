// Globals kept in registers across a function body (opt/globals.ts): written in loops and
// read by callees (stored back before the call), written by callees (loaded again after it),
// read or written on one path only, f64 and i64 globals, early returns, a self tail call that
// changes a global each round, and a callee two calls deep that reads what the caller wrote.
import { flush, print, printI64, println } from "../io";

let rng: u32 = 7;
let acc: i64 = 0;
let fsum: f64 = 0.5;
let depth: i32 = 0;
let rare: i32 = 0;

function next(): u32 { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }
function readAcc(): i64 { return acc; }
function readDeep(): i64 { return readAcc() + 1; }
function bumpAcc(x: i64): i64 { acc += x; return x; }
function setRng(x: u32): void { rng = x; }

// Through function references, so that neither asc nor our backend inlines them.
const readers: StaticArray<() => i64> = [readDeep, readAcc];
const writers: StaticArray<(x: i64) => i64> = [bumpAcc];
const setters: StaticArray<(x: u32) => void> = [setRng];

function loop(n: i32): i64 {
  let s: i64 = 0;
  for (let i = 0; i < n; i++) {
    acc += <i64>(next() & 0xff);
    if ((i & 15) == 3) s += readers[i & 1]();        // reads acc: stored before
    if ((i & 31) == 7) s += writers[0](<i64>i);      // writes acc: loaded after
    if ((i & 63) == 9) setters[0](<u32>i + 1);       // writes rng from outside
    fsum = fsum * 0.75 + <f64>(i & 7);
  }
  return s ^ acc;
}

function onePath(x: i32): i32 {
  if (x % 97 == 5) { rare += x; rare ^= rare << 3; return rare; }
  if (x % 13 == 0) return -1;
  return x;
}

function tail(n: i32, s: i64): i64 {
  if (n == 0) return s + <i64>depth;
  depth += 1;
  return tail(n - 1, s + <i64>depth);
}

function early(x: i32): i32 {
  depth = x;
  if (x > 10) return depth;
  depth = depth * 3;
  if (x > 5) { depth += 1; return depth; }
  return depth + depthReaders[0]();
}
function readDepth(): i32 { return depth; }
const depthReaders: StaticArray<() => i32> = [readDepth];

export function main(): void {
  print("loop="); printI64(loop(1000)); print(" acc="); printI64(acc); print(" rng="); printI64(<i64>rng);
  print(" fsum="); printI64(<i64>(fsum * 1000.0)); println("");
  let t: i64 = 0;
  for (let i = 0; i < 600; i++) t += <i64>onePath(i);
  print("onePath="); printI64(t); print(" rare="); printI64(rare); println("");
  print("tail="); printI64(tail(50, 0)); print(" depth="); printI64(depth); println("");
  let e: i64 = 0;
  for (let i = 0; i < 20; i++) e = e * 7 + <i64>early(i);
  print("early="); printI64(e); print(" depth="); printI64(depth); println("");
  flush();
}
