// A state machine: a generated text scanned byte by byte into identifiers, numbers, strings
// and comments by a switch over the state, counting tokens of each kind and a hash.
import { flush, print, printI64, println } from "./io";

let rng: u32 = 7;
function rnd(n: u32): u32 {
  rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5;
  return rng % n;
}

const PIECES = ["alpha", " ", "42", "\"str\"", "/*c*/", "+", "x1", "\n", "007", "\"a b\"", "  ", "_t"];

function generate(buf: StaticArray<u8>): i32 {
  let n = 0;
  while (n < buf.length - 8) {
    const p = PIECES[rnd(12)];
    for (let i = 0; i < p.length && n < buf.length; i++) buf[n++] = <u8>p.charCodeAt(i);
  }
  return n;
}

function isAlpha(c: i32): bool { return (c >= 97 && c <= 122) || c == 95; }
function isDigit(c: i32): bool { return c >= 48 && c <= 57; }

export function main(): void {
  const buf = new StaticArray<u8>(20000);
  const n = generate(buf);
  const counts = new StaticArray<i32>(6);
  let state = 0;
  let hash: u32 = 0;
  for (let i = 0; i <= n; i++) {
    const c: i32 = i < n ? buf[i] : 32;
    switch (state) {
      case 0: // between tokens
        if (isAlpha(c)) state = 1;
        else if (isDigit(c)) state = 2;
        else if (c == 34) state = 3;
        else if (c == 47) state = 4;
        else if (c != 32 && c != 10) counts[5]++;
        break;
      case 1: // identifier
        if (!isAlpha(c) && !isDigit(c)) { counts[1]++; state = 0; i--; }
        break;
      case 2: // number
        if (!isDigit(c)) { counts[2]++; state = 0; i--; }
        break;
      case 3: // string
        if (c == 34) { counts[3]++; state = 0; }
        break;
      case 4: // after '/'
        state = c == 42 ? 5 : 0;
        if (state == 0) { counts[5]++; i--; }
        break;
      case 5: // comment
        if (c == 42) state = 6;
        break;
      default: // '*' in a comment
        state = c == 47 ? 0 : c == 42 ? 6 : 5;
        if (state == 0) counts[4]++;
    }
    hash = (hash ^ <u32>(state * 131 + c)) * 16777619;
  }
  print("bytes="); printI64(n);
  print(" idents="); printI64(counts[1]); print(" numbers="); printI64(counts[2]);
  print(" strings="); printI64(counts[3]); print(" comments="); printI64(counts[4]);
  print(" other="); printI64(counts[5]); print(" hash="); printI64(hash); println("");
  flush();
}
