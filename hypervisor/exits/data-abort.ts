// EC 0x24: a data abort from the guest at stage 2. The faulting IPA comes from HPFAR_EL2 (page)
// and FAR_EL2 (offset in the page). Three cases:
//  - a translation fault in the VM's RAM: map a fresh zeroed page (within its quota) and let
//    the instruction run again;
//  - an access to the MMIO window 0x3F000000-0x3FFFFFFF: emulate it with the VM's device
//    (vdev/), from the syndrome when ISV = 1, else by decoding the instruction;
//  - anything else (beyond its RAM, over its quota, the guest's page tables in MMIO, a fault
//    the hypervisor does not expect): the VM is stopped with a one-line report.
import { HPFAR_EL2, FAR_EL2, SCTLR_EL1, PAR_EL1, SP_EL0, SP_EL1, at_s12e1r, isb } from "aarch64";
import { Vm } from "../vm/vm";
import { NOT_MAPPED } from "../arch/stage2";
import { getX, setX, getElr, getSpsr, skipInstruction } from "../arch/frame";
import {
  issOf, faultStatus, isTranslationFault, DABT_ISV, dabtSas, dabtSse, dabtSrt, dabtSf, dabtS1ptw, dabtWnR,
} from "../arch/esr";
import { decodeLoadStore, MemAccess } from "../arch/insn-decode";
import { stopBegin, stopEnd, part, partHex, partDec } from "./report";
import { LOCAL_BASE } from "../vdev/arm-local";

export const MMIO_BASE: u64 = 0x3F000000;
export const MMIO_END: u64 = 0x40000100; // the peripherals, then the ARM-local block

export function faultIpa(): u64 {
  return ((HPFAR_EL2.read() >> 4) << 12) | (FAR_EL2.read() & 0xfff);
}

/** A load's value as the destination register gets it. */
function extend(v: u64, size: u32, signed: bool, to64: bool): u64 {
  if (size < 8) {
    const bits = <u64>size * 8;
    v &= (<u64>1 << bits) - 1;
    if (signed) v = <u64>((<i64>(v << (64 - bits))) >> (64 - bits));
  }
  return to64 ? v : v & 0xffffffff;
}

// The VM's devices see aligned 32-bit registers; narrower accesses use their byte lanes
// (vdev/vm-devices.ts). Accesses no device models read as zero (counted there).
function mmioRead(vm: Vm, ipa: u64, size: u32): u64 {
  if (ipa >= LOCAL_BASE) return vm.local.read(<u32>ipa - LOCAL_BASE & ~3, size);
  return vm.devices.mmioRead(ipa, size);
}

function mmioWrite(vm: Vm, ipa: u64, size: u32, v: u64): void {
  if (size < 8) v &= (<u64>1 << (<u64>size * 8)) - 1;
  if (ipa >= LOCAL_BASE) vm.local.write(<u32>ipa - LOCAL_BASE & ~3, size, v);
  else vm.devices.mmioWrite(ipa, size, v);
}

/** The guest's instruction at ELR_EL2 (its stage 1, if on, then stage 2); false if unreadable. */
let fetched: u32 = 0;
function fetchInstruction(vm: Vm, va: u64): bool {
  let pa: u64;
  if ((SCTLR_EL1.read() & 1) == 0) {
    pa = vm.stage2.lookup(va);
  } else {
    const saved = PAR_EL1.read(); // the guest's register: AT overwrites it
    at_s12e1r(va);
    isb();
    const par = PAR_EL1.read();
    PAR_EL1.write(saved);
    pa = (par & 1) != 0 ? NOT_MAPPED : (par & 0x0000fffffffff000) | (va & 0xfff);
  }
  if (pa == NOT_MAPPED) return false;
  fetched = load<u32>(<usize>pa);
  return true;
}

/** SP of the guest's current EL (SPSR.M[0]: 1 = SP_EL1, 0 = SP_EL0), for Rn = 31. */
function baseRegister(frame: usize, rn: u32): u64 {
  if (rn != 31) return getX(frame, rn);
  return (getSpsr(frame) & 1) != 0 ? SP_EL1.read() : SP_EL0.read();
}

function setBaseRegister(frame: usize, rn: u32, v: u64): void {
  if (rn != 31) setX(frame, rn, v);
  else if ((getSpsr(frame) & 1) != 0) SP_EL1.write(v);
  else SP_EL0.write(v);
}

function emulateDecoded(vm: Vm, frame: usize, ipa: u64, a: MemAccess): void {
  const regs = a.rt2 == 32 ? 1 : 2;
  for (let i = 0; i < regs; i++) {
    const r = i == 0 ? a.rt : a.rt2;
    const at = ipa + <u64>(i * a.size);
    if (a.isLoad) {
      // W destinations are zero-extended; X destinations (size 8, LDRS*X, LDPSW) take 64 bits.
      const to64 = a.size == 8 || (a.signed && !a.signed32);
      setX(frame, r, extend(mmioRead(vm, at, a.size), a.size, a.signed, to64));
    } else {
      mmioWrite(vm, at, a.size, getX(frame, r));
    }
  }
  if (a.writeback) setBaseRegister(frame, a.rn, baseRegister(frame, a.rn) + <u64>a.offset);
}

function emulateMmio(vm: Vm, frame: usize, iss: u32, ipa: u64): void {
  vm.stats.mmio++;
  if ((iss & DABT_ISV) != 0) {
    const size = <u32>1 << dabtSas(iss);
    const rt = dabtSrt(iss);
    if (dabtWnR(iss)) mmioWrite(vm, ipa, size, getX(frame, rt));
    else setX(frame, rt, extend(mmioRead(vm, ipa, size), size, dabtSse(iss), dabtSf(iss)));
    skipInstruction(frame);
    return;
  }
  const pc = getElr(frame);
  if (!fetchInstruction(vm, pc)) {
    if (stopBegin(vm, "MMIO access")) {
      part("MMIO access at IPA ");
      partHex(ipa);
      part(" from an unreadable instruction");
      stopEnd();
    }
    return;
  }
  const a = decodeLoadStore(fetched);
  if (a === null) {
    if (stopBegin(vm, "MMIO access")) {
      part("MMIO access at IPA ");
      partHex(ipa);
      part(" by an instruction that cannot be emulated (");
      partHex(fetched);
      part(")");
      stopEnd();
    }
    return;
  }
  emulateDecoded(vm, frame, ipa, a);
  skipInstruction(frame);
}

export function handleDataAbort(vm: Vm, frame: usize, esr: u64): void {
  const iss = issOf(esr);
  const fsc = faultStatus(iss);
  const ipa = faultIpa();
  if (isTranslationFault(fsc) && ipa < vm.memoryBytes) {
    if (vm.mapRam(ipa) != NOT_MAPPED) {
      vm.stats.pageFaults++;
      return; // run the instruction again
    }
    if (stopBegin(vm, "out of memory")) {
      part("out of memory at IPA ");
      partHex(ipa);
      part(" (quota ");
      partDec(vm.quotaPages);
      part(" pages)");
      stopEnd();
    }
    return;
  }
  if (isTranslationFault(fsc) && ipa >= MMIO_BASE && ipa < MMIO_END && !dabtS1ptw(iss)) {
    emulateMmio(vm, frame, iss, ipa);
    return;
  }
  // (Written in pieces: a VM may fault and be restarted any number of times.)
  if (!stopBegin(vm, "data abort")) return;
  part("data abort at IPA ");
  partHex(ipa);
  if (dabtS1ptw(iss)) part(" (its page-table walk)");
  part(", outside its memory (DFSC ");
  partHex(fsc);
  part(")");
  stopEnd();
}
