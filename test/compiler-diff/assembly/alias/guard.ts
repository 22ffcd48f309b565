// Loads that leave loops under a runtime alias test (opt/guarded-loads.ts): an object's fields,
// its array's buffer pointer and length word, read in a loop that stores array elements. Each
// function runs on separate objects (the test passes: hoisted) and on objects laid over the
// array through changetype, so that a store in the loop rewrites a field mid-loop (the test
// must fail and the original loop run), or lies exactly beside it (the test passes).
import { flush, printI64, println } from "../io";

class Acc { k: i32; n: i32; data!: StaticArray<i32>; }

// Fields k, n and data, data's length: all read on every iteration, stores into data.
function fillDown(o: Acc): i64 {
  let s: i64 = 0;
  for (let i = 0; i < o.n; i++) {
    o.data[o.n - 1 - i] = o.k + i;
    s = s * 31 + o.k;
  }
  return s;
}

// The fields are read only inside the loop: where it runs zero times over an object at the top
// of the address space, the test before it must not load them (that would fault).
function fillK(o: Acc, n: i32): i64 {
  let s: i64 = 0;
  for (let i = 0; i < n; i++) {
    o.data[i] = o.k + i;
    s += o.k;
  }
  return s;
}

class Wide { a: u8; b: u16; c: i64; d: i32; bytes!: StaticArray<u8>; halves!: StaticArray<u16>; longs!: StaticArray<i64>; }

// 8-, 16- and 64-bit elements stored beside (or over) 8/16/64/32-bit fields, each array
// from its end down.
function wide(w: Wide): i64 {
  let s: i64 = 0;
  for (let i = 0; i < w.bytes.length; i++) {
    w.bytes[w.bytes.length - 1 - i] = <u8>(i * 3 + 1);
    s = s * 7 + w.a + w.b;
  }
  for (let i = 0; i < w.halves.length; i++) {
    w.halves[w.halves.length - 1 - i] = <u16>(i * 1001 + 7);
    s = s * 7 + w.b + w.d;
  }
  for (let i = 0; i < w.longs.length; i++) {
    w.longs[w.longs.length - 1 - i] = <i64>i * 0x100000001 + 5;
    s = s * 7 + w.c + w.d;
  }
  return s;
}

// A store at a fixed address inside the loop: misses the fields (passes) or hits one.
function counter(o: Acc, cell: usize, n: i32): i64 {
  let s: i64 = 0;
  for (let i = 0; i < n; i++) {
    store<i32>(cell, i * 5);
    s = s * 3 + o.k + o.n;
  }
  return s;
}

function at<T>(base: usize, byte: usize): T { return changetype<T>(base + byte); }

function initWide(w: Wide): void {
  w.a = 3; w.b = 500; w.c = 1 << 40; w.d = -8;
  w.bytes = new StaticArray<u8>(8); w.halves = new StaticArray<u16>(8); w.longs = new StaticArray<i64>(8);
}
function newWide(): Wide { const w = new Wide(); initWide(w); return w; }
/** An array of `bytes` bytes at `p`: its length word just below. */
function arrayAt<T>(p: usize, bytes: u32): T { store<u32>(p - 4, bytes); return changetype<T>(p); }

function show(v: i64): void { printI64(v); println(""); flush(); }

export function main(): void {
  // Separate objects.
  const a = new Acc();
  a.k = 100; a.n = 12; a.data = new StaticArray<i32>(16);
  show(fillDown(a));
  show(<i64>a.data[0] + a.data[11]);
  // An object laid over its own array: k is data[5], n data[6], data data[7]; storing data[5]
  // (the first iteration, n - 1 - 0 with n = 6) changes k for the later iterations.
  const buf = new StaticArray<i32>(16);
  const p = changetype<usize>(buf);
  const o = at<Acc>(p, 20);
  o.k = 1000; o.n = 6; o.data = buf;
  show(fillDown(o));
  show(<i64>o.k + buf[0]);
  // Exactly beside the array's end: the object starts at data + length (the test passes).
  const big = new StaticArray<i32>(40);
  const q = changetype<usize>(big);
  store<u32>(q, 16 * 4); // big[0] is the length word of an array at big + 4
  const d = at<StaticArray<i32>>(q, 4);
  const b = at<Acc>(q, 4 + 16 * 4);
  b.k = 7; b.n = 16; b.data = d;
  show(fillDown(b));
  show(<i64>b.k + b.n + d[0] + d[15]);
  // One element shorter than the object's end: the last element is k (the test fails).
  store<u32>(q, 17 * 4);
  b.k = 9; b.n = 17;
  show(fillDown(b));
  show(<i64>b.k + d[16]);

  show(fillK(a, 5));
  show(fillK(changetype<Acc>(<usize>0xffffff00), 0));

  // Widths: separate objects, then one array at a time laid beside a field or over one byte
  // of it (the others separate).
  const w = newWide();
  show(wide(w));
  const raw = new StaticArray<i64>(32);
  const x = changetype<usize>(raw) + 128;
  const w2 = at<Wide>(x, 0);
  initWide(w2);
  // bytes: 8 elements ending at w2.a (passes), then 9, over it (fails).
  w2.bytes = arrayAt<StaticArray<u8>>(x + offsetof<Wide>("a") - 8, 8);
  show(wide(w2));
  w2.bytes = arrayAt<StaticArray<u8>>(x + offsetof<Wide>("a") - 8, 9);
  show(wide(w2));
  show(<i64>w2.a + w2.b + w2.c + w2.d);
  // halves: over w2.b's low byte (fails).
  initWide(w2);
  w2.halves = arrayAt<StaticArray<u16>>(x + offsetof<Wide>("b") + 1 - 16, 16);
  show(wide(w2));
  show(<i64>w2.a + w2.b + w2.c + w2.d);
  // longs: ending exactly at w2.c (passes for the loop reading c and d).
  initWide(w2);
  w2.longs = arrayAt<StaticArray<i64>>(x + offsetof<Wide>("c") - 64, 64);
  show(wide(w2));
  show(<i64>w2.a + w2.b + w2.c + w2.d);

  // A store to a fixed cell: elsewhere, then onto o.n (the loop's fields are read again).
  const cell = heap.alloc(8);
  show(counter(a, cell, 10));
  show(counter(a, changetype<usize>(a) + 4, 10));
  println("done");
  flush();
}
