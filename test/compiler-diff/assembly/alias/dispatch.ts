// An interpreter's dispatch loop (a switch: a jump table) whose rare cases call functions that
// write memory: the loads of the VM's fields and its arrays' lengths leave the loop under a test,
// the copy hands over to the original loop at those calls, and the next iteration tests again
// (opt/guarded-loads.ts). A call that changes a field or an array's length, and a stack laid
// over the VM itself (a push rewrites its limit: the test must fail), must behave as in V8,
// down to the final abort when the code array is cut short under the running program.
import { flush, printI64, println } from "../io";

class VM { limit: i32 = 0; sp: i32 = 0; code!: StaticArray<i32>; stack!: StaticArray<i64>; }

function shrinkLimit(vm: VM): void { vm.limit -= 4; }
function cutCode(vm: VM, n: i32): void { store<u32>(changetype<usize>(vm.code) - 4, n << 2); }

function run(vm: VM): i64 {
  let pc = 0;
  let s: i64 = 0;
  while (pc < vm.limit) {
    const op = vm.code[pc++];
    switch (op) {
      case 0: { // push code[pc] | code[pc + 1] << 32
        vm.stack[vm.sp] = <i64><u32>vm.code[pc] | (<i64>vm.code[pc + 1] << 32);
        vm.sp++;
        pc += 2;
        break;
      }
      case 1: s = s * 7 + vm.stack[vm.sp - 1]; break;
      case 2: vm.sp--; break;
      case 3: printI64(s); println(""); break;
      case 4: shrinkLimit(vm); break;
      case 5: cutCode(vm, pc + 2); break;
      default: s = s * 3 + op;
    }
  }
  return s;
}

function show(v: i64): void { printI64(v); println(""); flush(); }

function load(vm: VM, prog: i32[]): void {
  vm.code = new StaticArray<i32>(prog.length);
  for (let i = 0; i < prog.length; i++) vm.code[i] = prog[i];
  vm.limit = prog.length;
  vm.sp = 0;
}

export function main(): void {
  const vm = new VM();
  vm.stack = new StaticArray<i64>(8);
  const prog = [0, 5, 0, 1, 9, 1, 0, 7, 0, 1, 1, 3, 2, 1, 8, 1, 3, 9, 9, 1, 4, 6, 6, 6, 6, 6, 6, 6];
  load(vm, prog);
  show(run(vm)); // prints twice, shrinks its limit by 4 near the end
  // The stack laid over the VM: stack[3] is (limit, sp); pushing (3 << 32 | 16) as the fourth
  // value sets limit = 16 and sp = 3 (then 4) mid-loop.
  const raw = new StaticArray<i64>(16);
  const r = changetype<usize>(raw);
  const vm2 = changetype<VM>(r + 24);
  vm2.stack = raw;
  load(vm2, [0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 16, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  show(run(vm2));
  show(<i64>vm2.limit * 1000 + vm2.sp);
  // The code array cut to end just past the running program's next op: code[pc] past it aborts.
  load(vm, [1, 7, 7, 5, 7, 7, 7, 7, 7, 7]);
  vm.stack[0] = 11;
  vm.sp = 1;
  show(run(vm));
  println("not reached");
  flush();
}
