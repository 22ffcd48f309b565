// User processes: an address space of 4 KiB pages at EL0 (code at 0, a stack below
// USER_STACK_TOP) in its own translation tables (TTBR0), entered through an exception frame
// at the top of the task's kernel stack. fork copies the pages; exit frees them and the tables.
import { TTBR0_EL1 } from "aarch64";
import { mapPage, mapBlock, forEachTable, normal, device, AP_EL1_RW, AP_EL0_RO, AP_EL0_RW, PXN, UXN } from "../lib/mmu";
import { FRAME_BYTES, FRAME_ELR, FRAME_SPSR, FRAME_SP_EL0, frameSet } from "../lib/vectors";
import { frameContext } from "../lib/context";
import { allocPage, freePage, freePages, PAGE } from "./pages";
import { Task, allocTask, TASK_RUNNABLE } from "./sched";
import { printf } from "../lib/print";
import { wasmAddress } from "../lib/memory";

// @ts-ignore: decorator
@external("env", "user_begin_addr") declare function user_begin_addr(): u64;
// @ts-ignore: decorator
@external("env", "user_end_addr") declare function user_end_addr(): u64;
// @ts-ignore: decorator
@external("env", "user_entry_offsets") declare function user_entry_offsets(which: u32): u64;

export const USER_DEMO: u32 = 0;
export const USER_PROBE: u32 = 1;
export const USER_EXIT: u32 = 2;
const USER_STACK_TOP: u64 = 0x80000;
const SPSR_EL0T: u64 = 0; // EL0, interrupts unmasked

const CODE_ATTRS: u64 = normal(AP_EL0_RO | PXN);
const DATA_ATTRS: u64 = normal(AP_EL0_RW | PXN | UXN);

function addPage(t: Task, va: u64, attrs: u64): usize {
  const pa = allocPage();
  if (pa == 0) return 0;
  mapPage(t.userRoot, va, <u64>pa, attrs, allocPage);
  t.vpns[t.nPages] = <u32>(va >> 12) | (attrs == CODE_ATTRS ? 0x80000000 : 0);
  t.pas[t.nPages] = <u32>pa;
  t.nPages++;
  return pa;
}

/** A new address space: the peripherals at their physical addresses, EL1 only (as boot.S's
 *  kernel-thread tables: the runtime's trap reports use physical device addresses). */
function newAddressSpace(t: Task): void {
  t.userRoot = allocPage();
  for (let pa: u64 = 0x3f000000; pa < 0x40200000; pa += 0x200000) mapBlock(t.userRoot, pa, pa, device(AP_EL1_RW), allocPage);
}

/** The frame a process starts from (or a fork child resumes from): at its kernel stack's top. */
function entryFrame(t: Task): usize {
  return t.kstackTop - FRAME_BYTES;
}

/** A new process running user program `which` (user.S). Its pid, or -1. */
export function spawnUser(which: u32): i32 {
  const t = allocTask();
  if (t == null) return -1;
  newAddressSpace(t);
  const code = addPage(t, 0, CODE_ATTRS);
  addPage(t, USER_STACK_TOP - PAGE, DATA_ATTRS);
  const begin = wasmAddress(user_begin_addr());
  memory.copy(code, begin, wasmAddress(user_end_addr()) - begin);
  const frame = entryFrame(t);
  memory.fill(frame, 0, FRAME_BYTES);
  frameSet(frame, FRAME_ELR, user_entry_offsets(which));
  frameSet(frame, FRAME_SPSR, SPSR_EL0T);
  frameSet(frame, FRAME_SP_EL0, USER_STACK_TOP);
  frameContext(t.ctx, frame);
  t.state = TASK_RUNNABLE;
  return <i32>t.pid;
}

/** fork: a copy of process `parent` (its pages and its exception frame at `frame`) that
 *  returns 0 from the system call. The child's pid, or -1. */
export function fork(parent: Task, frame: usize): i32 {
  const t = allocTask();
  if (t == null) return -1;
  newAddressSpace(t);
  for (let i = 0; i < parent.nPages; i++) {
    const v = parent.vpns[i];
    const pa = addPage(t, <u64>(v & 0x7fffffff) << 12, (v & 0x80000000) != 0 ? CODE_ATTRS : DATA_ATTRS);
    memory.copy(pa, <usize>parent.pas[i], PAGE);
  }
  const child = entryFrame(t);
  memory.copy(child, frame, FRAME_BYTES);
  frameSet(child, 0, 0); // x0: fork returns 0 in the child
  frameContext(t.ctx, child);
  t.state = TASK_RUNNABLE;
  return <i32>t.pid;
}

/** Give back a process's pages and tables (the caller then ends the task). Returns how many. */
export function freeProcess(t: Task): u32 {
  const before = freePages();
  for (let i = 0; i < t.nPages; i++) freePage(<usize>t.pas[i]);
  t.nPages = 0;
  if (t.userRoot != 0) {
    forEachTable(t.userRoot, (pa: usize): void => { freePage(pa); });
    freePage(t.userRoot);
    t.userRoot = 0;
  }
  return freePages() - before;
}
