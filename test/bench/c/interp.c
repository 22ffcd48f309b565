#include "rt.h"
enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, PRINT, HALT, DUP, DIV, EQ, JNZ };
static i64 stack[256], vars[16], steps;
static void run(const i32 *code) {
  i32 pc = 0, sp = 0;
  for (;;) {
    steps++;
    i32 op = code[pc++];
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
      case JZ: { i32 t = code[pc++]; if (stack[--sp] == 0) pc = t; break; }
      case JNZ: { i32 t = code[pc++]; if (stack[--sp] != 0) pc = t; break; }
      case JMP: pc = code[pc]; break;
      case DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case PRINT: printI64(stack[--sp]); print(" "); break;
      case HALT: println(""); return;
      default: println("bad opcode"); return;
    }
  }
}
void program(void) {
  static i32 p2[] = {
    PUSH, 2, STORE, 0, PUSH, 0, STORE, 2, LOAD, 0, PUSH, 3000, LT, JZ, 60, PUSH, 2, STORE, 1,
    LOAD, 1, LOAD, 1, MUL, LOAD, 0, PUSH, 1, ADD, LT, JZ, 45, LOAD, 0, LOAD, 1, MOD, JZ, 52,
    LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, 19, LOAD, 2, PUSH, 1, ADD, STORE, 2,
    LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, 8, LOAD, 2, PRINT, HALT,
  };
  p2[14] = 64; p2[31] = 48; p2[38] = 55;
  run(p2);
  static i32 fib[] = {
    PUSH, 0, STORE, 0, PUSH, 1, STORE, 1, PUSH, 0, STORE, 2, LOAD, 2, PUSH, 40, LT, JZ, 40,
    LOAD, 1, PRINT, LOAD, 0, LOAD, 1, ADD, LOAD, 1, STORE, 0, STORE, 1,
    LOAD, 2, PUSH, 1, ADD, STORE, 2, JMP, 12, HALT,
  };
  fib[18] = 42;
  run(fib);
  static i32 col[] = {
    PUSH, 1, STORE, 0, PUSH, 0, STORE, 3, LOAD, 0, PUSH, 1000, LT, JZ, 0,
    LOAD, 0, STORE, 1, PUSH, 1, STORE, 2, LOAD, 1, PUSH, 1, EQ, JNZ, 0,
    LOAD, 1, PUSH, 2, MOD, JZ, 0, LOAD, 1, PUSH, 3, MUL, PUSH, 1, ADD, STORE, 1, JMP, 0,
    LOAD, 1, PUSH, 2, DIV, STORE, 1, LOAD, 2, PUSH, 1, ADD, STORE, 2, JMP, 23,
    LOAD, 3, LOAD, 2, LT, JZ, 0, LOAD, 2, STORE, 3, LOAD, 0, STORE, 4,
    LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, 8, LOAD, 4, PRINT, LOAD, 3, PRINT, HALT,
  };
  col[14] = 89; col[29] = 65; col[36] = 49; col[48] = 56; col[71] = 80;
  run(col);
  print("steps "); printI64(steps); println("");
  flush();
}
