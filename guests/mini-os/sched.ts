// Tasks and the preemptive round-robin scheduler. Task 0 is the boot thread (idle: WFI until
// something is runnable); kernel threads and user processes run for SLICE_TICKS timer ticks
// (20 ms each) before the next runnable task gets the core. Kernel code runs with IRQs masked
// (exception handlers) or calls schedule() with them masked, so the task table needs no lock.
import { TTBR0_EL1, DAIF, dsb_ish, isb, tlbi_vmalle1, daifset_2, daifclr_2, wfi } from "aarch64";
import { CONTEXT_BYTES, newContext, switchContext, ThreadFn } from "../lib/context";

export const TASK_FREE: u32 = 0;
export const TASK_RUNNABLE: u32 = 1;
export const TASK_SLEEPING: u32 = 2;

export const MAX_TASKS: i32 = 16;
const KSTACK: usize = 8192;
const SLICE_TICKS: i32 = 5;
/** TTBR0 of tasks without a user address space (boot.S: the device window only). */
export const EMPTY_TTBR0: u64 = 0x4000;

export class Task {
  ctx: usize = 0; // its context (lib/context.ts), set in schedInit
  state: u32 = TASK_FREE;
  pid: u32 = 0;
  counter: i32 = 0;
  wakeTick: u64 = 0;
  /** Root of the user translation tables (physical), 0 for kernel threads. */
  userRoot: usize = 0;
  /** The user pages: virtual page numbers and physical addresses, nPages of them. */
  vpns: StaticArray<u32> = new StaticArray<u32>(16);
  pas: StaticArray<u32> = new StaticArray<u32>(16);
  nPages: i32 = 0;
  constructor(public slot: i32, public kstackTop: usize) {}
}

const contexts = memory.data(CONTEXT_BYTES * MAX_TASKS, 16);
// Kernel stacks: physical 0x500000-0x51ffff, inside the kernel's memory but outside its static
// data (a zero-filled memory.data would be stored in the image).
const kstacks: usize = 0x500000;
export const tasks = new StaticArray<Task>(MAX_TASKS);
let current: i32 = 0;
let nextPid: u32 = 1;
let ticks: u64 = 0;

export function schedInit(): void {
  for (let i = 0; i < MAX_TASKS; i++) {
    const t = new Task(i, kstacks + KSTACK * <usize>(i + 1));
    t.ctx = contexts + <usize>CONTEXT_BYTES * <usize>i;
    tasks[i] = t;
  }
  const idle = tasks[0];
  idle.state = TASK_RUNNABLE;
  idle.pid = 0;
}

export function currentTask(): Task { return tasks[current]; }
export function tickCount(): u64 { return ticks; }

/** A free task slot made runnable-to-be (state still FREE: the caller fills it in). */
export function allocTask(): Task | null {
  for (let i = 1; i < MAX_TASKS; i++) {
    const t = tasks[i];
    if (t.state == TASK_FREE && i != current) {
      t.pid = nextPid++;
      t.counter = SLICE_TICKS;
      t.userRoot = 0;
      t.nPages = 0;
      return t;
    }
  }
  return null;
}

/** Start a kernel thread running fn(arg). Returns its pid, or -1 without a free slot. */
export function spawnThread(fn: ThreadFn, arg: u64): i32 {
  const t = allocTask();
  if (t == null) return -1;
  newContext(t.ctx, t.kstackTop, fn, arg);
  t.state = TASK_RUNNABLE;
  return <i32>t.pid;
}

/** Give the core to the next runnable task (round robin; idle when none). IRQs masked. */
export function schedule(): void {
  let next = 0;
  for (let k = 1; k <= MAX_TASKS; k++) {
    const i = (current + k) % MAX_TASKS;
    if (i != 0 && tasks[i].state == TASK_RUNNABLE) {
      next = i;
      break;
    }
  }
  const prev = current;
  tasks[next].counter = SLICE_TICKS;
  if (next == prev) return;
  current = next;
  const t = tasks[next];
  TTBR0_EL1.write(t.userRoot != 0 ? <u64>t.userRoot : EMPTY_TTBR0);
  isb();
  tlbi_vmalle1();
  dsb_ish();
  isb();
  switchContext(tasks[prev].ctx, t.ctx);
}

/** The boot thread's loop once the system runs: give the core to runnable tasks, else wait
 *  for an interrupt (IRQs masked while deciding: a pending IRQ still ends the WFI). */
export function idleLoop(): void {
  while (true) {
    daifset_2();
    schedule();
    wfi();
    daifclr_2();
  }
}

/** The timer tick (IRQs masked): wake sleepers, preempt when the slice is used up. */
export function tick(): void {
  ticks++;
  for (let i = 1; i < MAX_TASKS; i++) {
    const t = tasks[i];
    if (t.state == TASK_SLEEPING && t.wakeTick <= ticks) t.state = TASK_RUNNABLE;
  }
  const cur = tasks[current];
  if (current == 0 || --cur.counter <= 0 || cur.state != TASK_RUNNABLE) schedule();
}

/** Block the current task for n ticks (IRQs masked meanwhile, as the caller had them after). */
export function sleepTicks(n: u64): void {
  const daif = DAIF.read();
  daifset_2();
  const t = tasks[current];
  t.wakeTick = ticks + n;
  t.state = TASK_SLEEPING;
  schedule();
  DAIF.write(daif);
}

/** The current task ends: its slot is free once another task runs (never returns). */
export function exitCurrent(): void {
  daifset_2();
  tasks[current].state = TASK_FREE;
  schedule();
}
