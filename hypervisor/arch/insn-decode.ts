// Decoding the guest's load/store instruction when a data abort has no valid syndrome
// (ESR ISS.ISV = 0: LDP/STP, pre/post-indexed and register-offset forms). ARM ARM C4.1.4
// "Loads and Stores": only the general-register forms are emulated; SIMD/FP, exclusive,
// acquire/release and atomic forms return null (the VM is stopped with a report).

export class MemAccess {
  isLoad: bool = false;
  /** Bytes per register: 1, 2, 4 or 8. */
  size: u32 = 0;
  /** Loads: sign-extend the value to 32 (signed32) or 64 bits. */
  signed: bool = false;
  signed32: bool = false;
  rt: u32 = 0;
  /** Second register of a pair (LDP/STP), else 32 (none). */
  rt2: u32 = 32;
  rn: u32 = 0;
  /** Base register update after the access (pre/post-indexed forms). */
  writeback: bool = false;
  offset: i64 = 0;
}

function signExtend(v: u32, bits: u32): i64 {
  const shift = 64 - bits;
  return (<i64>v << shift) >> shift;
}

/** Single register, immediate forms: unscaled (LDUR), post-index, pre-index, unsigned offset. */
function singleImm(insn: u32, a: MemAccess): bool {
  const size = insn >>> 30;
  const opc = (insn >>> 22) & 3;
  a.size = 1 << size;
  a.rt = insn & 31;
  a.rn = (insn >>> 5) & 31;
  if (opc == 0) a.isLoad = false;
  else if (opc == 1) a.isLoad = true;
  else {
    // opc 2: signed load to X; opc 3: signed load to W. Size 3 (PRFM/none) and LDRSW to W do not exist.
    if (size == 3 || (size == 2 && opc == 3)) return false;
    a.isLoad = true;
    a.signed = true;
    a.signed32 = opc == 3;
  }
  return true;
}

// One record, filled afresh by every decode: an exit allocates nothing (the runtime never
// frees, so an allocation per exit would let a guest's MMIO flood exhaust the heap).
const decoded = new MemAccess();

function reset(a: MemAccess): MemAccess {
  a.isLoad = false;
  a.size = 0;
  a.signed = false;
  a.signed32 = false;
  a.rt = 0;
  a.rt2 = 32;
  a.rn = 0;
  a.writeback = false;
  a.offset = 0;
  return a;
}

/** The access `insn` makes (the record is reused by the next call), or null. */
export function decodeLoadStore(insn: u32): MemAccess | null {
  const a = reset(decoded);
  // SIMD/FP registers (V, bit 26) in any form: not emulated. (The masks below leave bit 26
  // out, so without this an `ldr q0` read as a general-register load and changed x0.)
  if (((insn >>> 26) & 1) != 0) return null;
  if ((insn & 0x3b000000) == 0x39000000) {
    // LDR/STR (unsigned immediate): imm12 scaled by size.
    if (!singleImm(insn, a)) return null;
    return a;
  }
  if ((insn & 0x3b200000) == 0x38000000) {
    // LDUR/STUR (idx 00), post-index (01), unprivileged LDTR/STTR (10), pre-index (11).
    if (!singleImm(insn, a)) return null;
    const idx = (insn >>> 10) & 3;
    if (idx == 1 || idx == 3) {
      a.writeback = true;
      a.offset = signExtend((insn >>> 12) & 0x1ff, 9);
    }
    return a;
  }
  if ((insn & 0x3b200c00) == 0x38200800) {
    // LDR/STR (register offset): no writeback.
    if (!singleImm(insn, a)) return null;
    return a;
  }
  if ((insn & 0x3a000000) == 0x28000000 && ((insn >>> 26) & 1) == 0) {
    // LDP/STP/LDPSW/LDNP/STNP: opc 00 = W, 01 = LDPSW, 10 = X. idx: 00 no-allocate,
    // 01 post-index, 10 signed offset, 11 pre-index.
    const opc = insn >>> 30;
    const idx = (insn >>> 23) & 3;
    const l = (insn >>> 22) & 1;
    if (opc == 3 || (opc == 1 && (l == 0 || idx == 0))) return null;
    a.isLoad = l != 0;
    a.size = opc == 2 ? 8 : 4;
    a.signed = opc == 1;
    a.rt = insn & 31;
    a.rn = (insn >>> 5) & 31;
    a.rt2 = (insn >>> 10) & 31;
    if (idx == 1 || idx == 3) {
      a.writeback = true;
      a.offset = signExtend((insn >>> 15) & 0x7f, 7) * <i64>a.size;
    }
    return a;
  }
  return null;
}
