// selftest: a kvm-unit-tests-style check of the EL1 exception path (after the ideas of its
// arm64 selftest "vectors" tests). Each exception kind is taken and returned from through
// guests/lib/vectors: SVC, an undefined instruction, BRK, and data aborts on a load and on a
// store. For each, the syndrome the handler saw is checked field by field as the ARM ARM
// defines it (ESR_EL1: EC, IL, ISS; ELR_EL1: the preferred return address; FAR_EL1: the
// faulting address for aborts) and the handler's change to the saved x0 must arrive back.
// Runs bare or as a VM; prints PASS/FAIL per test and a summary.
import { volatile_load, volatile_store } from "aarch64";
import { uartInit } from "../lib/uart";
import { printf, puts } from "../lib/print";
import { installVectors, onSync, frameGet, frameSet, FRAME_ELR } from "../lib/vectors";
import { exceptionLevel } from "../lib/boot";
export { rv_el1_exception } from "../lib/vectors";

// @ts-ignore: decorator
@external("env", "st_svc") declare function st_svc(): u64;
// @ts-ignore: decorator
@external("env", "st_udf") declare function st_udf(): u64;
// @ts-ignore: decorator
@external("env", "st_brk") declare function st_brk(): u64;
// @ts-ignore: decorator
@external("env", "st_load") declare function st_load(addr: u64): u64;
// @ts-ignore: decorator
@external("env", "st_store") declare function st_store(addr: u64, v: u64): u64;
// @ts-ignore: decorator
@external("aarch64", "addr.st_svc_insn") declare const SVC_AT: u64;
// @ts-ignore: decorator
@external("aarch64", "addr.st_udf_insn") declare const UDF_AT: u64;
// @ts-ignore: decorator
@external("aarch64", "addr.st_brk_insn") declare const BRK_AT: u64;
// @ts-ignore: decorator
@external("aarch64", "addr.st_load_insn") declare const LOAD_AT: u64;
// @ts-ignore: decorator
@external("aarch64", "addr.st_store_insn") declare const STORE_AT: u64;

// ESR_EL1 fields (ARM ARM D17.2.37): EC [31:26], IL [25] (1: a 32-bit instruction), ISS [24:0].
const EC_UNKNOWN: u64 = 0x00;
const EC_SVC64: u64 = 0x15;
const EC_DABT_SAME: u64 = 0x25;
const EC_BRK64: u64 = 0x3c;
const IL: u64 = 1 << 25;
// Data abort ISS: WnR [6], DFSC [5:0]; a translation fault at level 0 is 0b000100.
const WNR: u64 = 1 << 6;
const DFSC_TRANSLATION_L0: u64 = 0x04;
// Outside TTBR0's 32-bit range (T0SZ = 32 in the runtime's identity map), not TTBR1's either
// (EPD1): no walk, a level 0 translation fault.
const UNMAPPED: u64 = 0x0000_0001_0000_0000;
const MARKER: u64 = 0x600d;

// What the handler saw, written by it and read by main: ESR, FAR, ELR, taken count.
const seen = memory.data(32);

function onSyncException(frame: usize, esr: u64, far: u64): void {
  volatile_store<u64>(seen, esr);
  volatile_store<u64>(seen + 8, far);
  const elr = frameGet(frame, FRAME_ELR);
  volatile_store<u64>(seen + 16, elr);
  volatile_store<u64>(seen + 24, volatile_load<u64>(seen + 24) + 1);
  // SVC's preferred return is the next instruction already; the others re-run the excepting
  // instruction, so skip it.
  if ((esr >> 26) != EC_SVC64) frameSet(frame, FRAME_ELR, elr + 4);
  frameSet(frame, 0, MARKER);
}

let failures = 0;
let tests = 0;

const CHECKS = ["taken once", "ESR.EC", "ESR.IL", "ESR.ISS", "ELR", "FAR", "x0 from the handler's frame"];

/** One test: `x0` is what the routine returned; the expected ESR, ELR and (aborts) FAR. */
function report(name: string, x0: u64, esr: u64, elr: u64, far: u64, checkFar: bool): void {
  tests++;
  const gotEsr = volatile_load<u64>(seen);
  const gotFar = volatile_load<u64>(seen + 8);
  const gotElr = volatile_load<u64>(seen + 16);
  const taken = volatile_load<u64>(seen + 24);
  volatile_store<u64>(seen + 24, 0);
  const ok: bool[] = [
    taken == 1, (gotEsr >> 26) == (esr >> 26), (gotEsr & IL) == (esr & IL), (gotEsr & 0x1ffffff) == (esr & 0x1ffffff),
    gotElr == elr, !checkFar || gotFar == far, x0 == MARKER,
  ];
  const failed = ok.includes(false);
  if (failed) failures++;
  puts(failed ? "FAIL: " : "PASS: ");
  puts(name);
  printf(" (ESR 0x%x, ELR 0x%x", gotEsr, gotElr);
  if (checkFar) printf(", FAR 0x%x", gotFar);
  puts(")");
  for (let i = 0; i < ok.length; i++) {
    if (ok[i]) continue;
    puts(" bad: ");
    puts(CHECKS[i]);
  }
  puts("\n");
}

export function main(bootEL: u32): void {
  uartInit();
  printf("selftest: EL%d, vectors\n", exceptionLevel());
  installVectors();
  onSync(onSyncException);
  report("svc #0x1234", st_svc(), (EC_SVC64 << 26) | IL | 0x1234, SVC_AT + 4, 0, false);
  report("udf (undefined instruction)", st_udf(), (EC_UNKNOWN << 26) | IL, UDF_AT, 0, false);
  report("brk #0x77", st_brk(), (EC_BRK64 << 26) | IL | 0x77, BRK_AT, 0, false);
  report("data abort on a load", st_load(UNMAPPED), (EC_DABT_SAME << 26) | IL | DFSC_TRANSLATION_L0, LOAD_AT, UNMAPPED, true);
  report("data abort on a store", st_store(UNMAPPED + 8, 1), (EC_DABT_SAME << 26) | IL | WNR | DFSC_TRANSLATION_L0, STORE_AT, UNMAPPED + 8, true);
  printf("selftest: %d tests, %d failures\n", tests, failures);
}
