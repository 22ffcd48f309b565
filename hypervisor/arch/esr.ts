// ESR_EL2: why the guest exited (ARM ARM D13.2.37). EC picks the handler; ISS holds its
// details, decoded by the helpers below where more than one handler needs them.

export const EC_UNKNOWN: u32 = 0x00;
export const EC_WFX: u32 = 0x01;
export const EC_FP_ASIMD: u32 = 0x07;
export const EC_ILLEGAL: u32 = 0x0e;
export const EC_SVC64: u32 = 0x15;
export const EC_HVC64: u32 = 0x16;
export const EC_SMC64: u32 = 0x17;
export const EC_SYSREG: u32 = 0x18;
export const EC_SVE: u32 = 0x19;
export const EC_IABT_LOWER: u32 = 0x20;
export const EC_PC_ALIGN: u32 = 0x22;
export const EC_DABT_LOWER: u32 = 0x24;
export const EC_SP_ALIGN: u32 = 0x26;
export const EC_SERROR: u32 = 0x2f;
export const EC_BRK64: u32 = 0x3c;

export function ecOf(esr: u64): u32 {
  return <u32>(esr >> 26) & 0x3f;
}

export function issOf(esr: u64): u32 {
  return <u32>esr & 0x1ffffff;
}

/** Fault status code of an abort (DFSC/IFSC). */
export function faultStatus(iss: u32): u32 {
  return iss & 0x3f;
}

/** Translation faults at any level (DFSC 0b0001LL). */
export function isTranslationFault(fsc: u32): bool {
  return (fsc & 0x3c) == 0x04;
}

// Data abort ISS fields (valid when ISV = 1).
export const DABT_ISV: u32 = 1 << 24;
export function dabtSas(iss: u32): u32 { return (iss >> 22) & 3; } // access size: 1 << SAS bytes
export function dabtSse(iss: u32): bool { return ((iss >> 21) & 1) != 0; } // sign-extend the load
export function dabtSrt(iss: u32): u32 { return (iss >> 16) & 31; } // register
export function dabtSf(iss: u32): bool { return ((iss >> 15) & 1) != 0; } // 64-bit register
export function dabtS1ptw(iss: u32): bool { return ((iss >> 7) & 1) != 0; } // on the guest's own table walk
export function dabtWnR(iss: u32): bool { return ((iss >> 6) & 1) != 0; } // write

const EC_NAMES: string[] = [];
function name(ec: u32, s: string): void {
  while (<u32>EC_NAMES.length <= ec) EC_NAMES.push("");
  EC_NAMES[ec] = s;
}
name(EC_UNKNOWN, "unknown reason (undefined instruction)");
name(EC_WFX, "WFI/WFE");
name(EC_FP_ASIMD, "FP/SIMD access");
name(EC_ILLEGAL, "illegal execution state");
name(EC_SVC64, "SVC");
name(EC_HVC64, "HVC");
name(EC_SMC64, "SMC");
name(EC_SYSREG, "system register access");
name(EC_SVE, "SVE access");
name(EC_IABT_LOWER, "instruction abort");
name(EC_PC_ALIGN, "PC alignment fault");
name(EC_DABT_LOWER, "data abort");
name(EC_SP_ALIGN, "SP alignment fault");
name(EC_SERROR, "SError");
name(EC_BRK64, "BRK");

export function ecName(ec: u32): string {
  const s = ec < <u32>EC_NAMES.length ? EC_NAMES[ec] : "";
  return s.length > 0 ? s : "exception class";
}

export function hexEc(ec: u32): string {
  return "0x" + ec.toString(16);
}
