// A small stack-machine interpreter (a dense switch: br_table) running bytecode programs:
// a counting loop with primes, Fibonacci by iteration, and a Collatz search.
import { flush, print, printI64, println } from "./io";

const PUSH = 0, LOAD = 1, STORE = 2, ADD = 3, SUB = 4, MUL = 5, MOD = 6, LT = 7, JZ = 8, JMP = 9, PRINT = 10, HALT = 11, DUP = 12, DIV = 13, EQ = 14, JNZ = 15;

const stack = new StaticArray<i64>(256);
const vars = new StaticArray<i64>(16);
let steps: i64 = 0;

function run(code: StaticArray<i32>): void {
  let pc = 0, sp = 0;
  while (true) {
    steps++;
    const op = code[pc++];
    switch (op) {
      case PUSH: stack[sp++] = code[pc++]; break;
      case LOAD: stack[sp++] = vars[code[pc++]]; break;
      case STORE: vars[code[pc++]] = stack[--sp]; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
      case DIV: sp--; stack[sp - 1] /= stack[sp]; break;
      case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp] ? 1 : 0; break;
      case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp] ? 1 : 0; break;
      case JZ: { const t = code[pc++]; if (stack[--sp] == 0) pc = t; break; }
      case JNZ: { const t = code[pc++]; if (stack[--sp] != 0) pc = t; break; }
      case JMP: pc = code[pc]; break;
      case DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case PRINT: printI64(stack[--sp]); print(" "); break;
      case HALT: println(""); return;
      default: println("bad opcode"); return;
    }
  }
}

export function main(): void {
  // count primes below 3000 by trial division: v0 = n, v1 = d, v2 = count
  const p2: StaticArray<i32> = [
    PUSH, 2, STORE, 0, PUSH, 0, STORE, 2,            // 0..7
    LOAD, 0, PUSH, 3000, LT, JZ, 60,                 // 8..14   while n < 3000
    PUSH, 2, STORE, 1,                               // 15..18  d = 2
    LOAD, 1, LOAD, 1, MUL, LOAD, 0, PUSH, 1, ADD, LT, JZ, 45, // 19..31 while d*d < n+1
    LOAD, 0, LOAD, 1, MOD, JZ, 52,                   // 32..38  if n % d == 0 -> not prime
    LOAD, 1, PUSH, 1, ADD, STORE, 1,                 // 39..45  d++
    JMP, 19,
    LOAD, 2, PUSH, 1, ADD, STORE, 2,                 // prime: count++
    LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, 8,         // n++
    LOAD, 2, PRINT, HALT,
  ];
  // Jump targets: prime block at 48, n++ at 55, exit at 64.
  p2[14] = 64; p2[31] = 48; p2[38] = 55;
  run(p2);
  // Fibonacci: v0 = a, v1 = b, v2 = i; print fib(1..40)
  const fib: StaticArray<i32> = [
    PUSH, 0, STORE, 0, PUSH, 1, STORE, 1, PUSH, 0, STORE, 2,  // 0..11
    LOAD, 2, PUSH, 40, LT, JZ, 40,                             // 12..18
    LOAD, 1, PRINT,                                            // 19..21
    LOAD, 0, LOAD, 1, ADD, LOAD, 1, STORE, 0, STORE, 1,        // 22..32
    LOAD, 2, PUSH, 1, ADD, STORE, 2, JMP, 12,                  // 33..41 (JMP at 40,41)
    HALT,                                                      // 42
  ];
  fib[18] = 42;
  run(fib);
  // Collatz: longest chain below 1000: v0 = n, v1 = x, v2 = len, v3 = best, v4 = bestn
  const col: StaticArray<i32> = [
    PUSH, 1, STORE, 0, PUSH, 0, STORE, 3,                     // 0..7
    LOAD, 0, PUSH, 1000, LT, JZ, 0,                          // 8..14 -> exit (patched)
    LOAD, 0, STORE, 1, PUSH, 1, STORE, 2,                     // 15..22
    LOAD, 1, PUSH, 1, EQ, JNZ, 0,                             // 23..29 -> done (patched)
    LOAD, 1, PUSH, 2, MOD, JZ, 0,                             // 30..36 -> even (patched)
    LOAD, 1, PUSH, 3, MUL, PUSH, 1, ADD, STORE, 1, JMP, 0,    // 37..48 odd -> incr (patched)
    LOAD, 1, PUSH, 2, DIV, STORE, 1,                          // 49..55 even
    LOAD, 2, PUSH, 1, ADD, STORE, 2, JMP, 23,                 // 56..64 incr
    LOAD, 3, LOAD, 2, LT, JZ, 0,                              // 65..71 done: best < len? (patched)
    LOAD, 2, STORE, 3, LOAD, 0, STORE, 4,                     // 72..79
    LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, 8,                  // 80..88 next n
    LOAD, 4, PRINT, LOAD, 3, PRINT, HALT,                     // 89..95
  ];
  col[14] = 89; col[29] = 65; col[36] = 49; col[48] = 56; col[71] = 80;
  run(col);
  print("steps "); printI64(steps); println("");
  flush();
}
