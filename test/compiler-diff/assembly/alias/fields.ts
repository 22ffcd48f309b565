// Loads and stores off one base pointer at constant offsets, 8/16/32/64 bits wide, adjacent
// and overlapping: a store must end exactly the loads whose bytes it overlaps (opt/alias.ts,
// opt/gvn.ts). Every load below is read again after a store beside or over it.
import { flush, printI64, println } from "../io";

function mix(s: i64, v: i64): i64 { return s * 31 + v; }

// Adjacent, disjoint: a u8 at 3 beside a u32 at 4, a u16 at 8 beside a u64 at 16.
function disjoint(p: usize, n: i32): i64 {
  let s: i64 = 0;
  for (let i = 0; i < n; i++) {
    const a = load<u32>(p, 4);
    store<u8>(p, <u8>(i * 7), 3);
    s = mix(s, a + load<u32>(p, 4));
    const b = load<u64>(p, 16);
    store<u16>(p, <u16>(i * 13), 8);
    store<u32>(p, <u32>i, 12);
    s = mix(s, <i64>(b ^ load<u64>(p, 16)) + load<u8>(p, 3));
    store<u64>(p, <u64>(i * 3), 24);
    s = mix(s, <i64>load<u64>(p, 16) + load<u16>(p, 8) + load<u32>(p, 12));
  }
  return s;
}

// Overlapping: each store changes bytes of a load made before it.
function overlap(p: usize, n: i32): i64 {
  let s: i64 = 0;
  for (let i = 0; i < n; i++) {
    const a = load<u32>(p, 32);
    store<u8>(p, <u8>(i + 1), 35); // top byte of the u32 at 32
    s = mix(s, <i64>a ^ <i64>load<u32>(p, 32));
    const b = load<u16>(p, 40);
    store<u16>(p, <u16>(i * 5 + 3), 41); // straddles the u16 at 40
    s = mix(s, <i64>b * 3 + load<u16>(p, 40));
    const c = load<u64>(p, 48);
    store<u32>(p, <u32>(i * 77 + 1), 52); // high half of the u64 at 48
    s = mix(s, <i64>(c ^ load<u64>(p, 48)));
    const d = load<u8>(p, 63);
    store<u64>(p, <u64>(i * 0x10101 + 0x0102030405060708), 56); // covers byte 63
    s = mix(s, <i64>d + load<u8>(p, 63) + load<i8>(p, 57));
    const e = load<i16>(p, 70);
    store<u32>(p, <u32>(i * 0x01000100 + 0x8000), 68); // low byte of its high half is 70
    s = mix(s, <i64>e * 5 + <i64>load<i16>(p, 70));
  }
  return s;
}

// An object's fields: a store to one leaves the other loaded; a second pointer to the same
// object (another base register) must not be trusted.
class Obj { a: i32 = 1; b: i64 = 2; c: u8 = 3; d: i32 = 4; }
function fields(o: Obj, q: Obj, n: i32): i64 {
  let s: i64 = 0;
  for (let i = 0; i < n; i++) {
    const x = o.a;
    o.b = o.b + i;
    o.c = <u8>(o.c + 1);
    s = mix(s, x + o.a + o.d + <i64>o.c);
    q.a = q.a + 1; // o.a when q == o
    s = mix(s, <i64>o.a + o.b);
  }
  return s;
}

export function main(): void {
  const p = heap.alloc(128);
  for (let k: usize = 0; k < 128; k++) store<u8>(p + k, <u8>(k * 37 + 11));
  printI64(disjoint(p, 20)); println("");
  printI64(overlap(p, 20)); println("");
  const o = new Obj(), q = new Obj();
  printI64(fields(o, q, 10)); println("");
  printI64(fields(o, o, 10)); println("");
  println("done");
  flush();
}
