import { ALL_FORMS, disassemble } from '../../tools/isa/index.ts';
// Random instruction sequences for differential testing against qemu-aarch64. Every sequence
// starts from random register values and flags, runs random instructions of one class mix, then
// the program dumps x0..x30, NZCV and a 256-byte scratch buffer with write(2). The same static
// ELF runs under both emulators and the outputs are compared record by record.
//
// Register conventions inside sequences: x28 = scratch buffer base (never written), SP unused
// (its value differs between emulators), x26/x27 are scratch for address set-up.

export class Rng {
  private s: bigint;
  constructor(seed: number) { this.s = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n; }
  next64(): bigint { // splitmix64
    this.s = BigInt.asUintN(64, this.s + 0x9e3779b97f4a7c15n);
    let z = this.s;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  }
  int(n: number): number { return Number(this.next64() % BigInt(n)); }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]; }
  bool(): boolean { return this.int(2) === 0; }
}

const SPECIAL = [0n, 1n, 2n, 0xffffffffffffffffn, 0x7fffffffffffffffn, 0x8000000000000000n, 0xffffffffn, 0x7fffffffn, 0x80000000n, 0x100000000n, 63n, 64n, 31n, 32n, 0xffn, 0x8000n];
const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv'];
const SHIFTS = ['lsl', 'lsr', 'asr'];
const EXTS = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'];

export const BUF_SIZE = 256;
export const RECORD_SIZE = BUF_SIZE + 32 * 8 + 32 * 16 + 16; // buffer, x0..x30, nzcv, q0..q31, fpsr, fpcr

function value(r: Rng): bigint {
  switch (r.int(4)) {
    case 0: return r.pick(SPECIAL);
    case 1: return BigInt(r.int(4096));
    case 2: return BigInt.asUintN(64, -BigInt(r.int(4096)));
    default: return r.next64();
  }
}

/** The logical immediate encoded by N:immr:imms (null if reserved) for width 32/64. */
export function bitmaskValue(n: number, immr: number, imms: number, width: number): bigint | null {
  const combined = (n << 6) | (~imms & 63);
  if (combined === 0) return null;
  const len = 31 - Math.clz32(combined);
  if (len < 1) return null;
  const levels = (1 << len) - 1;
  const s = imms & levels, rr = immr & levels;
  if (s === levels) return null;
  const esize = 1 << len;
  if (width === 32 && esize > 32) return null;
  let e = (1n << BigInt(s + 1)) - 1n;
  const m = (1n << BigInt(esize)) - 1n;
  if (rr) e = ((e >> BigInt(rr)) | (e << BigInt(esize - rr))) & m;
  let v = 0n;
  for (let i = 0; i < width; i += esize) v |= e << BigInt(i);
  return v;
}

const xr = (r: Rng, max = 27) => r.int(max + 1);       // x0..x27 (destinations may hit x26/x27)
const reg = (sf: boolean, n: number) => (n === 31 ? (sf ? 'xzr' : 'wzr') : `${sf ? 'x' : 'w'}${n}`);
const src = (r: Rng, sf: boolean) => reg(sf, r.int(10) === 0 ? 31 : xr(r));

type Gen = (r: Rng, label: () => string) => string[];

const arith: Gen = (r) => {
  const sf = r.bool();
  const d = reg(sf, xr(r)), n = reg(sf, xr(r));
  switch (r.int(8)) {
    case 0: return [`${r.pick(['add', 'adds', 'sub', 'subs'])} ${d}, ${n}, #${r.int(4096)}${r.bool() ? ', lsl #12' : ''}`];
    case 1: return [`${r.pick(['add', 'adds', 'sub', 'subs'])} ${d}, ${src(r, sf)}, ${src(r, sf)}, ${r.pick(SHIFTS)} #${r.int(sf ? 64 : 32)}`];
    case 2: {
      const ext = r.pick(EXTS);
      const m = ext.endsWith('x') ? reg(true, xr(r)) : reg(false, xr(r));
      const mm = sf ? m : reg(false, Number(m.slice(1)));
      return [`${r.pick(['add', 'adds', 'sub', 'subs'])} ${d}, ${n}, ${mm}, ${ext} #${r.int(5)}`];
    }
    case 3: return [`${r.pick(['adc', 'adcs', 'sbc', 'sbcs', 'ngc', 'ngcs'])} ${d}, ${src(r, sf)}${' ' === ' ' ? '' : ''}`.replace(/(ngcs?) (\S+), (\S+)/, '$1 $2, $3').replace(/^(adcs?|sbcs?) (\S+), (\S+)$/, `$1 $2, $3, ${src(r, sf)}`)];
    case 4: return [`${r.pick(['cmp', 'cmn'])} ${n}, #${r.int(4096)}`];
    case 5: return [`${r.pick(['neg', 'negs'])} ${d}, ${src(r, sf)}, ${r.pick(SHIFTS)} #${r.int(sf ? 64 : 32)}`];
    case 6: return [`${r.pick(['madd', 'msub'])} ${d}, ${src(r, sf)}, ${src(r, sf)}, ${src(r, sf)}`];
    default: {
      const op = r.pick(['smaddl', 'smsubl', 'umaddl', 'umsubl', 'smulh', 'umulh']);
      const X = reg(true, xr(r));
      if (op.endsWith('h')) return [`${op} ${X}, ${reg(true, xr(r))}, ${reg(true, xr(r))}`];
      return [`${op} ${X}, ${reg(false, xr(r))}, ${reg(false, xr(r))}, ${reg(true, xr(r))}`];
    }
  }
};

const logic: Gen = (r) => {
  const sf = r.bool();
  const d = reg(sf, xr(r));
  switch (r.int(5)) {
    case 0: {
      for (;;) {
        const N = sf ? r.int(2) : 0, immr = r.int(sf ? 64 : 32), imms = r.int(64);
        const v = bitmaskValue(N, immr, imms, sf ? 64 : 32);
        if (v === null) continue;
        return [`${r.pick(['and', 'orr', 'eor', 'ands'])} ${d}, ${src(r, sf)}, #0x${v.toString(16)}`];
      }
    }
    case 1: return [`${r.pick(['and', 'bic', 'orr', 'orn', 'eor', 'eon', 'ands', 'bics'])} ${d}, ${src(r, sf)}, ${src(r, sf)}, ${r.pick([...SHIFTS, 'ror'])} #${r.int(sf ? 64 : 32)}`];
    case 2: return [`${r.pick(['movz', 'movn', 'movk'])} ${d}, #${r.int(65536)}, lsl #${16 * r.int(sf ? 4 : 2)}`];
    case 3: return [`${r.pick(['tst', 'mvn'])} ${r.bool() ? d + ', ' : ''}${src(r, sf)}`.replace(/^tst (\S+), (\S+)$/, 'tst $1, $2').replace(/^mvn (\S+)$/, `mvn ${d}, $1`).replace(/^tst (\S+)$/, `tst $1, ${src(r, sf)}`)];
    default: return [`mov ${d}, ${src(r, sf)}`];
  }
};

const bits: Gen = (r) => {
  const sf = r.bool();
  const w = sf ? 64 : 32;
  const d = reg(sf, xr(r)), n = src(r, sf);
  switch (r.int(7)) {
    case 0: return [`${r.pick(['sbfm', 'bfm', 'ubfm'])} ${d}, ${n}, #${r.int(w)}, #${r.int(w)}`];
    case 1: return [`extr ${d}, ${n}, ${src(r, sf)}, #${r.int(w)}`];
    case 2: return [`${r.pick(['lslv', 'lsrv', 'asrv', 'rorv'])} ${d}, ${n}, ${src(r, sf)}`];
    case 3: return [`${r.pick(['rbit', 'rev16', 'rev', 'clz', 'cls', ...(sf ? ['rev32'] : [])])} ${d}, ${n}`];
    case 4: return [`${r.pick(['udiv', 'sdiv'])} ${d}, ${n}, ${src(r, sf)}`];
    case 5: {
      const sz = r.pick(['b', 'h', 'w', 'x']);
      const c = r.bool() ? 'c' : '';
      return [`crc32${c}${sz} ${reg(false, xr(r))}, ${reg(false, xr(r))}, ${reg(sz === 'x', xr(r))}`];
    }
    default: {
      const lsb = r.int(w), width = 1 + r.int(w - lsb);
      return [`${r.pick(['ubfx', 'sbfx', 'bfxil', 'ubfiz', 'sbfiz', 'bfi'])} ${d}, ${n}, #${lsb}, #${width}`];
    }
  }
};

const cond: Gen = (r) => {
  const sf = r.bool();
  const d = reg(sf, xr(r));
  switch (r.int(4)) {
    case 0: return [`${r.pick(['csel', 'csinc', 'csinv', 'csneg'])} ${d}, ${src(r, sf)}, ${src(r, sf)}, ${r.pick(CONDS)}`];
    case 1: return [`${r.pick(['ccmp', 'ccmn'])} ${src(r, sf)}, ${src(r, sf)}, #${r.int(16)}, ${r.pick(CONDS)}`];
    case 2: return [`${r.pick(['ccmp', 'ccmn'])} ${src(r, sf)}, #${r.int(32)}, #${r.int(16)}, ${r.pick(CONDS)}`];
    default: return [`${r.pick(['cset', 'csetm'])} ${d}, ${r.pick(CONDS.slice(0, 14))}`];
  }
};

const SIZES: Array<[string, number, boolean]> = [ // mnemonic suffix, bytes, 64-bit register
  ['strb', 1, false], ['strh', 2, false], ['str', 4, false], ['str', 8, true],
  ['ldrb', 1, false], ['ldrh', 2, false], ['ldr', 4, false], ['ldr', 8, true],
  ['ldrsb', 1, true], ['ldrsh', 2, true], ['ldrsw', 4, true], ['ldrsb', 1, false], ['ldrsh', 2, false],
];

const mem: Gen = (r) => {
  const [op, size, x64] = r.pick(SIZES);
  const t = reg(x64, xr(r, 25));
  const max = BUF_SIZE - 16;
  switch (r.int(6)) {
    case 0: { const off = r.int(max / size) * size; return [`${op} ${t}, [x28, #${off}]`]; }
    case 1: { const off = r.int(max - 8) - 0; return [`${op.replace(/^(ld|st)r/, '$1ur')} ${t}, [x28, #${off}]`]; }
    case 2: { // pre/post index through x27
      const base = 64 + r.int(64);
      const imm = r.int(64) - 32;
      return [`add x27, x28, #${base}`, r.bool() ? `${op} ${t}, [x27, #${imm}]!` : `${op} ${t}, [x27], #${imm}`];
    }
    case 3: { // register offset
      const sh = r.bool() ? Math.log2(size) : 0;
      const k = r.int((max >> sh) / 2);
      const ext = r.pick(['uxtw', 'sxtw', 'lsl', 'sxtx']);
      const idx = ext === 'uxtw' || ext === 'sxtw' ? 'w26' : 'x26';
      return [`mov x26, #${k}`, `${op} ${t}, [x28, ${idx}, ${ext} #${sh}]`];
    }
    case 4: { // pairs
      const kind = r.pick([['x', 8], ['w', 4], ['sw', 4]] as const);
      const sc = kind[1];
      const a = xr(r, 25), b = (a + 1 + r.int(24)) % 26;
      const ld = kind[0] === 'sw' ? 'ldpsw' : r.pick(['ldp', 'stp', 'ldnp', 'stnp']);
      const rg = (n: number) => reg(kind[0] !== 'w', n);
      const mode = r.int(3);
      const imm = (r.int(16) - 4) * sc;
      if (mode === 0 || ld.endsWith('np')) return [`${ld} ${rg(a)}, ${rg(b)}, [x28, #${(r.int(16)) * sc}]`];
      return [`add x27, x28, #96`, mode === 1 ? `${ld} ${rg(a)}, ${rg(b)}, [x27, #${imm}]!` : `${ld} ${rg(a)}, ${rg(b)}, [x27], #${imm}`];
    }
    default: { // exclusives and acquire/release
      const sz = r.pick([['b', 1, false], ['h', 2, false], ['', 4, false], ['', 8, true]] as const);
      const off = r.int(8) * 16;
      const t1 = reg(sz[2], xr(r, 25));
      const stn = xr(r, 25);
      const st = reg(false, stn);
      const other = () => { let k = xr(r, 25); if (k === stn) k = (k + 1) % 26; return reg(sz[2], k); };
      const a = r.bool() ? 'a' : '', l = r.bool() ? 'l' : '';
      switch (r.int(4)) {
        case 0: return [`add x27, x28, #${off}`, `ld${a}xr${sz[0]} ${t1}, [x27]`, `st${l}xr${sz[0]} ${st}, ${other()}, [x27]`];
        case 1: return [`add x27, x28, #${off}`, `clrex`, `st${l}xr${sz[0]} ${st}, ${other()}, [x27]`];
        case 2: return [`add x27, x28, #${off}`, `ldar${sz[0]} ${t1}, [x27]`, `stlr${sz[0]} ${reg(sz[2], xr(r, 25))}, [x27]`];
        default: {
          const p64 = r.bool();
          const u = xr(r, 25), v = (u + 1 + r.int(24)) % 26;
          const s2 = (v + 1) % 26 === u ? (v + 2) % 26 : (v + 1) % 26;
          return [`add x27, x28, #${off}`, `ld${a}xp ${reg(p64, u)}, ${reg(p64, v)}, [x27]`, `st${l}xp ${reg(false, s2)}, ${reg(p64, v)}, ${reg(p64, u)}, [x27]`];
        }
      }
    }
  }
};

const branch: Gen = (r, label) => {
  const l = label();
  const skip = arith(r, label);
  const sf = r.bool();
  switch (r.int(5)) {
    case 0: return [`b.${r.pick(CONDS.slice(0, 14))} ${l}`, ...skip, `${l}:`];
    case 1: return [`${r.pick(['cbz', 'cbnz'])} ${src(r, sf)}, ${l}`, ...skip, `${l}:`];
    case 2: return [`${r.pick(['tbz', 'tbnz'])} ${reg(true, xr(r))}, #${r.int(64)}, ${l}`, ...skip, `${l}:`];
    case 3: { const f = label(); return [`bl ${f}`, `b ${l}`, `${f}:`, ...skip, `ret`, `${l}:`]; }
    default: { const f = label(); return [`adr x27, ${f}`, `br x27`, ...skip, `${f}:`, `adr ${reg(true, xr(r, 25))}, ${f}`]; }
  }
};

const FP_BITS_D = [0n, 0x8000000000000000n, 0x3ff0000000000000n, 0xbff8000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n,
  0x7ff8000000000123n, 0x7ff0000000000456n, 0xfff4000000000001n, 0x0000000000000001n, 0x800fffffffffffffn, 0x7fefffffffffffffn,
  0x43e0000000000000n, 0x41e0000000000000n, 0x3fe0000000000000n, 0x4004000000000000n, 0xc004000000000000n, 0x4330000000000001n, 0xc3e0000000000001n,
  0x0010000000000000n, 0x3ca0000000000000n, 0x3cb0000000000000n, 0x47efffffe0000000n, 0x47efffffefffffffn, 0x36a0000000000000n, 0x3690000000000000n];
const FP_BITS_S = [0n, 0x80000000n, 0x3f800000n, 0xbfc00000n, 0x7f800000n, 0xff800000n, 0x7fc00123n, 0x7f800456n, 0xffa00001n,
  0x00000001n, 0x807fffffn, 0x7f7fffffn, 0x5f000000n, 0x4f000000n, 0x3f000000n, 0x40200000n, 0xc0200000n, 0x4b000001n,
  0x00800000n, 0x33800000n, 0x34000000n, 0x477fe000n, 0x477ff000n, 0x33000000n];

/** A float of format (ebits, fbits) biased to edge cases: denormals, the ends of the exponent
 *  range, short significands (exact results, halfway cases), NaNs, infinities. */
function fpEdge(r: Rng, ebits: number, fbits: number): bigint {
  const emax = (1 << ebits) - 1, bias = emax >> 1;
  const sign = r.int(3) === 0 ? 1n : 0n;
  const frac = () => r.next64() & ((1n << BigInt(fbits)) - 1n);
  const pack = (e: number, f: bigint) => (sign << BigInt(ebits + fbits)) | (BigInt(e) << BigInt(fbits)) | f;
  const short = () => { const k = 1 + r.int(6); return (r.next64() & ((1n << BigInt(k)) - 1n)) << BigInt(fbits - k); };
  switch (r.int(8)) {
    case 0: return pack(0, r.bool() ? frac() : frac() >> BigInt(r.int(fbits)));        // denormal
    case 1: return pack(1 + r.int(3), r.bool() ? frac() : short());                    // just above the minimum normal
    case 2: return pack(emax - 1 - r.int(3), r.bool() ? frac() : short());             // near overflow
    case 3: return pack(bias - fbits - 3 + r.int(fbits + 8), short());                 // short significands: exact sums, ties
    case 4: return pack(bias - 2 + r.int(5), short() | (r.bool() ? 1n : 0n));          // around 1.0, some with the last bit set
    case 5: return pack(emax, r.int(4) === 0 ? 0n : frac() | 1n);                     // infinity, NaN
    case 6: return pack(bias - 3 + r.int(7), frac());
    default: return pack(r.int(emax + 1), frac());
  }
}
/** Register contents for FP tests: a double (low 64 bits) or a single (low 32 bits). */
export function fpValue(r: Rng): bigint {
  switch (r.int(8)) {
    case 0: return r.pick(FP_BITS_S);
    case 1: return r.pick(FP_BITS_D);
    case 2: return r.next64();
    case 3: case 4: return fpEdge(r, 8, 23) | (r.int(4) === 0 ? r.next64() & 0xffffffff00000000n : 0n);
    case 5: { // doubles around the single-precision range limits (FCVT Sd, Dn)
      const e = r.pick([1023 + 127, 1023 + 128, 1023 - 126, 1023 - 127, 1023 - 140, 1023 - 149, 1023 - 150, 1023 + 15, 1023 - 14, 1023 - 24, 1023 - 25]);
      return (r.int(3) === 0 ? 1n << 63n : 0n) | (BigInt(e) << 52n) | (r.bool() ? r.next64() & 0xfffffffffffffn : (r.next64() & 0xffn) << 44n);
    }
    default: return fpEdge(r, 11, 52);
  }
}
/** Register contents for the round-to-nearest runs (the core's native fast paths): mostly
 *  normal numbers of moderate size with full or short significands. */
export function fpValueNormal(r: Rng): bigint {
  const short = (fbits: number) => { const k = 1 + r.int(fbits); return (r.next64() & ((1n << BigInt(k)) - 1n)) << BigInt(fbits - k); };
  switch (r.int(6)) {
    case 0: return fpValue(r);
    case 1: case 2: return (BigInt(r.int(2)) << 31n) | (BigInt(127 - 30 + r.int(60)) << 23n) | (r.bool() ? r.next64() & 0x7fffffn : short(23));
    default: return (BigInt(r.int(2)) << 63n) | (BigInt(1023 - 60 + r.int(120)) << 52n) | (r.bool() ? r.next64() & 0xfffffffffffffn : short(52));
  }
}
/** A random FPCR: rounding mode, FZ, DN, AHP. */
export function fpcrValue(r: Rng): number {
  return (r.int(4) << 22) | (r.int(3) === 0 ? 1 << 24 : 0) | (r.int(4) === 0 ? 1 << 25 : 0) | (r.int(5) === 0 ? 1 << 26 : 0);
}
const fpr = (r: Rng, dbl: boolean) => `${dbl ? 'd' : 's'}${r.int(32)}`;
const fp: Gen = (r) => {
  const dbl = r.bool();
  const d = fpr(r, dbl), n = fpr(r, dbl), m = fpr(r, dbl);
  switch (r.int(13)) {
    case 11: {
      const h = `h${r.int(32)}`;
      switch (r.int(4)) {
        case 0: return [`fcvt ${h}, ${n}`];
        case 1: return [`fcvt ${d}, ${h}`];
        case 2: { const sf = r.bool(); return [`${r.pick(['scvtf', 'ucvtf'])} ${d}, ${reg(sf, xr(r, 25))}, #${1 + r.int(sf ? 64 : 32)}`]; }
        default: { const sf = r.bool(); return [`${r.pick(['fcvtzs', 'fcvtzu'])} ${reg(sf, xr(r, 25))}, ${n}, #${1 + r.int(sf ? 64 : 32)}`]; }
      }
    }
    case 12: {
      const v = () => `v${r.int(32)}`;
      switch (r.int(3)) {
        case 0: return [`cnt ${v()}.${r.pick(['8b', '16b'])}, ${v()}.${r.pick(['8b', '16b'])}`].map((t) => t.replace(/\.(8b|16b), (v\d+)\.(8b|16b)/, '.$1, $2.$1'));
        case 1: return [`addv b${r.int(32)}, ${v()}.${r.pick(['8b', '16b'])}`];
        default: return [r.bool() ? `addv h${r.int(32)}, ${v()}.${r.pick(['4h', '8h'])}` : `addv s${r.int(32)}, ${v()}.4s`];
      }
    }
    case 0: case 1: return [`${r.pick(['fadd', 'fsub', 'fmul', 'fdiv', 'fmax', 'fmin', 'fmaxnm', 'fminnm', 'fnmul'])} ${d}, ${n}, ${m}`];
    case 2: return [`${r.pick(['fabs', 'fneg', 'fsqrt', 'frintn', 'frintp', 'frintm', 'frintz', 'frinta', 'frintx', 'frinti'])} ${d}, ${n}`];
    case 3: return [dbl ? `fcvt ${d}, s${r.int(32)}` : `fcvt ${d}, d${r.int(32)}`];
    case 4: return [`${r.pick(['fmadd', 'fmsub', 'fnmadd', 'fnmsub'])} ${d}, ${n}, ${m}, ${fpr(r, dbl)}`];
    case 5: return [r.bool() ? `${r.pick(['fcmp', 'fcmpe'])} ${n}, ${m}` : `${r.pick(['fcmp', 'fcmpe'])} ${n}, #0.0`];
    case 6: return [`${r.pick(['fccmp', 'fccmpe'])} ${n}, ${m}, #${r.int(16)}, ${r.pick(CONDS)}`, `fcsel ${d}, ${n}, ${m}, ${r.pick(CONDS)}`];
    case 7: {
      const sf = r.bool();
      return [`${r.pick(['fcvtns', 'fcvtnu', 'fcvtas', 'fcvtau', 'fcvtps', 'fcvtpu', 'fcvtms', 'fcvtmu', 'fcvtzs', 'fcvtzu'])} ${reg(sf, xr(r, 25))}, ${n}`];
    }
    case 8: { const sf = r.bool(); return [`${r.pick(['scvtf', 'ucvtf'])} ${d}, ${reg(sf, xr(r, 25))}`]; }
    case 9: return [`fmov ${d}, #${r.pick(['1.0', '-2.5', '0.125', '31.0', '-0.1875', '17.0'])}`];
    default: {
      if (dbl) return [r.bool() ? `fmov ${d}, ${reg(true, xr(r, 25))}` : `fmov ${reg(true, xr(r, 25))}, ${n}`];
      return [r.bool() ? `fmov ${d}, ${reg(false, xr(r, 25))}` : `fmov ${reg(false, xr(r, 25))}, ${n}`];
    }
  }
};

const VARR = ['8b', '16b', '4h', '8h', '2s', '4s', '2d'];
const simd: Gen = (r) => {
  const v = () => `v${r.int(32)}`;
  const q = r.bool();
  const b = q ? '16b' : '8b';
  switch (r.int(8)) {
    case 0: return [`${r.pick(['and', 'bic', 'orr', 'orn', 'eor', 'bsl', 'bit', 'bif'])} ${v()}.${b}, ${v()}.${b}, ${v()}.${b}`];
    case 1: return [`not ${v()}.${b}, ${v()}.${b}`];
    case 2: { const a = r.pick(VARR); return [`${r.pick(['add', 'sub'])} ${v()}.${a}, ${v()}.${a}, ${v()}.${a}`]; }
    case 3: {
      const [sz, n] = r.pick([['b', 16], ['h', 8], ['s', 4], ['d', 2]] as const);
      const arr = sz === 'd' ? '2d' : sz === 's' ? r.pick(['2s', '4s']) : sz === 'h' ? r.pick(['4h', '8h']) : r.pick(['8b', '16b']);
      return [`dup ${v()}.${arr}, ${v()}.${sz}[${r.int(n)}]`];
    }
    case 4: {
      const [sz, n] = r.pick([['b', 16], ['h', 8], ['s', 4], ['d', 2]] as const);
      return [r.bool() ? `ins ${v()}.${sz}[${r.int(n)}], ${reg(sz === 'd', xr(r, 25))}` : `ins ${v()}.${sz}[${r.int(n)}], ${v()}.${sz}[${r.int(n)}]`];
    }
    case 5: {
      const [sz, n] = r.pick([['b', 16], ['h', 8], ['s', 4], ['d', 2]] as const);
      if (r.bool() || sz === 'd') return [`umov ${reg(sz === 'd', xr(r, 25))}, ${v()}.${sz}[${r.int(n)}]`];
      const x64 = sz === 's' ? true : r.bool();
      return [`smov ${reg(x64, xr(r, 25))}, ${v()}.${sz}[${r.int(n)}]`];
    }
    case 6: {
      const imm = r.int(256);
      switch (r.int(6)) {
        case 0: return [`${r.pick(['movi', 'mvni', 'orr', 'bic'])} ${v()}.${r.pick(['2s', '4s'])}, #${imm}, lsl #${8 * r.int(4)}`];
        case 1: return [`${r.pick(['movi', 'mvni', 'orr', 'bic'])} ${v()}.${r.pick(['4h', '8h'])}, #${imm}, lsl #${8 * r.int(2)}`];
        case 2: return [`${r.pick(['movi', 'mvni'])} ${v()}.${r.pick(['2s', '4s'])}, #${imm}, msl #${r.pick([8, 16])}`];
        case 3: return [`movi ${v()}.${r.pick(['8b', '16b'])}, #${imm}`];
        case 4: { let m = 0n; for (let i = 0; i < 8; i++) if (r.bool()) m |= 0xffn << BigInt(8 * i); return [r.bool() ? `movi d${r.int(32)}, #0x${m.toString(16)}` : `movi ${v()}.2d, #0x${m.toString(16)}`]; }
        default: return [`fmov ${v()}.${r.pick(['2s', '4s', '2d'])}, #${r.pick(['1.0', '-2.5', '0.125', '31.0'])}`];
      }
    }
    default: return [`cnt ${v()}.${b}, ${v()}.${b}`];
  }
};

// Integer AdvSIMD: a random word of a random form of tools/isa/forms/simd-int.ts, written as our
// disassembler prints it (which llvm-objdump agrees with, test/isa) for GNU as to assemble.
const SIMD_INT_FORMS = ALL_FORMS.filter((f) => /^(V3S|V3D|V2M|VAL|VPERM|VSHI|VS3S|VS3D|VS2M|VSP|VSSHI|VF3S|VF2M|VFS2M|VFS3S|VTBL|VE|VSE|VFE|VSFE|VFSP|VFAL)_|^(VEXT|DUP_scalar)$/.test(f.id));
const simdint: Gen = (r) => {
  for (;;) {
    const f = r.pick(SIMD_INT_FORMS);
    const w = ((Number(r.next64() & 0xffffffffn) & ~f.mask) | f.value) >>> 0;
    const t = disassemble(w, 0);
    if (t) return [t.replace('\t', ' ')];
  }
};

// LD1-LD4/ST1-ST4 (multiple structures) on the scratch buffer through x27 (post-index by the
// size or by x26), so x28 stays the buffer's address
const simdls: Gen = (r) => {
  const [stem, n] = r.pick([['1', 1], ['1', 2], ['1', 3], ['1', 4], ['2', 2], ['3', 3], ['4', 4]] as const);
  const arrs = stem === '1' ? VARR.concat(['1d']) : VARR;
  const a = r.pick(arrs);
  const t = r.int(32);
  const list = `{ ${Array.from({ length: n }, (_, i) => `v${(t + i) % 32}.${a}`).join(', ')} }`;
  const bytes = n * (a === '16b' || a === '8h' || a === '4s' || a === '2d' ? 16 : 8);
  const post = r.int(3);
  const ins = `${r.bool() ? 'ld' : 'st'}${stem} ${list}, [x27]${post === 1 ? `, #${bytes}` : post === 2 ? ', x26' : ''}`;
  return [`add x27, x28, #${r.int(256 - bytes + 1)}`, `mov x26, #${r.int(64)}`, ins];
};

// single structures: LD1-LD4/ST1-ST4 of one lane and LD1R-LD4R, the same way
const simdls1: Gen = (r) => {
  const n = 1 + r.int(4), t = r.int(32);
  const post = r.int(3);
  if (r.int(3) === 0) { // replicate
    const a = r.pick(VARR.concat(['1d']));
    const ebytes = a.endsWith('b') ? 1 : a.endsWith('h') ? 2 : a.endsWith('s') ? 4 : 8;
    const list = `{ ${Array.from({ length: n }, (_, i) => `v${(t + i) % 32}.${a}`).join(', ')} }`;
    const ins = `ld${n}r ${list}, [x27]${post === 1 ? `, #${n * ebytes}` : post === 2 ? ', x26' : ''}`;
    return [`add x27, x28, #${r.int(256 - n * ebytes + 1)}`, `mov x26, #${r.int(64)}`, ins];
  }
  const es = r.int(4), e = 'bhsd'[es], bytes = n << es;
  const list = `{ ${Array.from({ length: n }, (_, i) => `v${(t + i) % 32}.${e}`).join(', ')} }[${r.int(16 >> es)}]`;
  const ins = `${r.bool() ? 'ld' : 'st'}${n} ${list}, [x27]${post === 1 ? `, #${bytes}` : post === 2 ? ', x26' : ''}`;
  return [`add x27, x28, #${r.int(256 - bytes + 1)}`, `mov x26, #${r.int(64)}`, ins];
};

export const CLASSES: Record<string, Gen> = { arith, logic, bits, cond, mem, branch, fp, simd, simdint, simdls, simdls1 };
export const INT_CLASSES = ['arith', 'logic', 'bits', 'cond', 'mem', 'branch'];

function movImm(reg64: string, v: bigint): string[] {
  const out = [`movz ${reg64}, #${Number(v & 0xffffn)}`];
  for (let i = 1; i < 4; i++) {
    const h = Number((v >> BigInt(16 * i)) & 0xffffn);
    if (h) out.push(`movk ${reg64}, #${h}, lsl #${16 * i}`);
  }
  return out;
}

/** Assembly for a program with `count` sequences of `length` instructions each. fpMode: random
 *  FPCR on edge-biased operands; 'nearest': FPCR = 0 on mostly normal operands; 'edges':
 *  FPCR = 0 on edge-biased operands (where the translator's native paths end). */
export function generateProgram(seed: number, count: number, length: number, classes = INT_CLASSES, fpMode: 'random' | 'nearest' | 'edges' = 'random'): { asm: string; sequences: string[][] } {
  const r = new Rng(seed);
  const lines: string[] = ['.text', '.global _start', '_start:', 'adrp x28, buf', 'add x28, x28, :lo12:buf'];
  const sequences: string[][] = [];
  let labels = 0;
  const label = () => `.Ll${labels++}`;
  for (let s = 0; s < count; s++) {
    const body: string[] = [];
    let slot = 0;
    for (let i = 0; i < length;) {
      const name = r.pick(classes);
      const ins = CLASSES[name](r, label);
      body.push(...ins);
      i += ins.length;
      // FP: mostly record the flags of each instruction separately (in the scratch buffer), so
      // one instruction's flag cannot hide another's missing one
      if (name === 'fp' && r.int(4) !== 0) body.push('mrs x27, fpsr', `str w27, [x28, #${4 * slot++}]`, 'msr fpsr, xzr');
    }
    sequences.push(body);
    for (let i = 0; i <= 30; i++) if (i !== 28) lines.push(...movImm(`x${i}`, value(r)));
    if (classes.includes('fp')) {
      const val = fpMode === 'nearest' ? fpValueNormal : fpValue;
      for (let i = 0; i < 32; i++) lines.push(...movImm('x0', val(r)), `fmov d${i}, x0`, ...movImm('x0', r.next64()), `ins v${i}.d[1], x0`);
      lines.push('msr fpsr, xzr');
      const fpcr = fpMode !== 'random' || r.int(8) === 0 ? 0 : fpcrValue(r);
      lines.push(`movz x0, #${fpcr >>> 16}, lsl #16`, 'msr fpcr, x0');
      sequences[sequences.length - 1].unshift(`// fpcr 0x${fpcr.toString(16)}`);
    }
    lines.push(`movz x0, #${r.int(16) << 12}, lsl #16`, 'msr nzcv, x0', ...movImm('x0', value(r)));
    lines.push(...body);
    for (let i = 0; i < 30; i += 2) lines.push(`stp x${i}, x${i + 1}, [x28, #${BUF_SIZE + i * 8}]`);
    lines.push(`str x30, [x28, #${BUF_SIZE + 240}]`, 'mrs x0, nzcv', `str x0, [x28, #${BUF_SIZE + 248}]`);
    for (let i = 0; i < 32; i++) lines.push(`str q${i}, [x28, #${BUF_SIZE + 256 + i * 16}]`);
    lines.push('mrs x0, fpsr', `str x0, [x28, #${BUF_SIZE + 768}]`, 'mrs x0, fpcr', `str x0, [x28, #${BUF_SIZE + 776}]`, 'msr fpcr, xzr');
    lines.push('mov x0, #1', 'mov x1, x28', `mov x2, #${RECORD_SIZE}`, 'mov x8, #64', 'svc #0');
  }
  lines.push('mov x0, #0', 'mov x8, #93', 'svc #0');
  lines.push('.data', '.balign 16', 'buf:');
  for (let i = 0; i < RECORD_SIZE / 8; i++) lines.push(`.quad 0x${r.next64().toString(16)}`);
  return { asm: lines.join('\n') + '\n', sequences };
}
