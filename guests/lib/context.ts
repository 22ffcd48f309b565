// Kernel-thread contexts and the switch between them (context.S). A thread is a context plus
// a stack; newContext prepares one to start in `fn(arg)` with IRQs enabled. The program
// exports rv_thread_entry and rv_thread_exit from its main.ts (they are called from .S), and
// sets onThreadExit to say what happens to a thread whose function returns.
import { machineAddress } from "./memory";

// @ts-ignore: decorator
@external("env", "rv_switch") declare function rv_switch(prev: usize, next: usize): void;
// @ts-ignore: decorator
@external("env", "rv_thread_start_addr") declare function rv_thread_start_addr(): u64;
// @ts-ignore: decorator
@external("env", "rv_el1_return_addr") declare function rv_el1_return_addr(): u64;
// @ts-ignore: decorator
@external("env", "rv_enter_frame") declare function rv_enter_frame(frame: u64): void;

export const CONTEXT_BYTES: u32 = 13 * 8;
const CTX_X19: u32 = 0;
const CTX_X20: u32 = 8;
const CTX_SP: u32 = 88;
const CTX_LR: u32 = 96;

export type ThreadFn = (arg: u64) => void;

/** A fresh context at `ctx` (CONTEXT_BYTES, wasm address) whose stack ends at wasm address
 *  `stackTop`: the first switch to it runs fn(arg). */
export function newContext(ctx: usize, stackTop: usize, fn: ThreadFn, arg: u64): void {
  memory.fill(ctx, 0, CONTEXT_BYTES);
  store<u64>(ctx + CTX_X19, <u64>changetype<usize>(fn));
  store<u64>(ctx + CTX_X20, arg);
  store<u64>(ctx + CTX_SP, machineAddress(stackTop));
  store<u64>(ctx + CTX_LR, rv_thread_start_addr());
}

/** A context that resumes by returning from the exception frame at wasm address `frame` (the
 *  child of a fork: its frame is a copy of the parent's). */
export function frameContext(ctx: usize, frame: usize): void {
  memory.fill(ctx, 0, CONTEXT_BYTES);
  store<u64>(ctx + CTX_SP, machineAddress(frame));
  store<u64>(ctx + CTX_LR, rv_el1_return_addr());
}

export function switchContext(prev: usize, next: usize): void {
  rv_switch(prev, next);
}

/** Continue at the exception frame at wasm address `frame` (eret through it); no return. */
export function enterFrame(frame: usize): void {
  rv_enter_frame(machineAddress(frame));
}

let threadExit: () => void = (): void => {};
export function onThreadExit(f: () => void): void { threadExit = f; }

export function rv_thread_entry(fn: usize, arg: u64): void {
  changetype<ThreadFn>(fn)(arg);
}

export function rv_thread_exit(): void {
  threadExit();
}
