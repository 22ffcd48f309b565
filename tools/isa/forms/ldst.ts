// Loads and stores: general and FP/SIMD registers in every addressing mode, pairs, literals,
// exclusives, acquire/release, prefetch.
import type { RelocType } from '../api.ts';
import { R, V, imm, litPool, memBase, memImm, memReg, named, target, type FpCls } from '../operands.ts';
import { alias, form, type Alias, type Fields, type Form, type Op } from '../table.ts';

const F: Form[] = [];

// Operand combinations that are UNPREDICTABLE in the architecture; llvm-mc refuses them.
const wbClash = (f: Fields): string | undefined =>
  f.Rn !== 31 && f.Rt === f.Rn ? 'unpredictable: writeback base is also the transfer register' : undefined;
const wbPairClash = (f: Fields): string | undefined =>
  f.Rn !== 31 && (f.Rt === f.Rn || f.Rt2 === f.Rn) ? 'unpredictable: writeback base is also a transfer register' : undefined;
const sameDest = (f: Fields): string | undefined => (f.Rt === f.Rt2 ? 'unpredictable: both destinations are the same register' : undefined);
const statusClash = (pair: boolean) => (f: Fields): string | undefined =>
  f.Rs === f.Rt || (pair && f.Rs === f.Rt2) || (f.Rs === f.Rn && f.Rn !== 31) ? 'unpredictable: the status register is also a source' : undefined;
const A: Alias[] = [];

/** One register kind a load/store moves: its size:V:opc, mnemonic, and the register operand. */
interface Kind {
  key: string; // id fragment
  size: number;
  V: 0 | 1;
  opc: number;
  mnem: string; // ldr, strb, ldrsw, prfm ...
  log2: number; // access size
  rt: () => Op;
}

const LO12: RelocType[] = ['R_AARCH64_LDST8_ABS_LO12_NC', 'R_AARCH64_LDST16_ABS_LO12_NC', 'R_AARCH64_LDST32_ABS_LO12_NC', 'R_AARCH64_LDST64_ABS_LO12_NC', 'R_AARCH64_LDST128_ABS_LO12_NC'];

const PRF_NAMES = new Map<number, string>();
['pld', 'pli', 'pst'].forEach((t, ti) =>
  ['l1', 'l2', 'l3'].forEach((l, li) => ['keep', 'strm'].forEach((p, pi) => PRF_NAMES.set((ti << 3) | (li << 1) | pi, t + l + p))));
const prfop = (): Op => named('Rt', PRF_NAMES, '<prfop>', 5);

const gp = (w: 'x' | 'w') => (): Op => R('Rt', w);
const fp = (c: FpCls) => (): Op => V('Rt', c);
const KINDS: Kind[] = [
  { key: 'STRB', size: 0, V: 0, opc: 0, mnem: 'strb', log2: 0, rt: gp('w') },
  { key: 'LDRB', size: 0, V: 0, opc: 1, mnem: 'ldrb', log2: 0, rt: gp('w') },
  { key: 'LDRSB_x', size: 0, V: 0, opc: 2, mnem: 'ldrsb', log2: 0, rt: gp('x') },
  { key: 'LDRSB_w', size: 0, V: 0, opc: 3, mnem: 'ldrsb', log2: 0, rt: gp('w') },
  { key: 'STRH', size: 1, V: 0, opc: 0, mnem: 'strh', log2: 1, rt: gp('w') },
  { key: 'LDRH', size: 1, V: 0, opc: 1, mnem: 'ldrh', log2: 1, rt: gp('w') },
  { key: 'LDRSH_x', size: 1, V: 0, opc: 2, mnem: 'ldrsh', log2: 1, rt: gp('x') },
  { key: 'LDRSH_w', size: 1, V: 0, opc: 3, mnem: 'ldrsh', log2: 1, rt: gp('w') },
  { key: 'STR_w', size: 2, V: 0, opc: 0, mnem: 'str', log2: 2, rt: gp('w') },
  { key: 'LDR_w', size: 2, V: 0, opc: 1, mnem: 'ldr', log2: 2, rt: gp('w') },
  { key: 'LDRSW', size: 2, V: 0, opc: 2, mnem: 'ldrsw', log2: 2, rt: gp('x') },
  { key: 'STR_x', size: 3, V: 0, opc: 0, mnem: 'str', log2: 3, rt: gp('x') },
  { key: 'LDR_x', size: 3, V: 0, opc: 1, mnem: 'ldr', log2: 3, rt: gp('x') },
  { key: 'PRFM', size: 3, V: 0, opc: 2, mnem: 'prfm', log2: 3, rt: prfop },
  { key: 'STR_b', size: 0, V: 1, opc: 0, mnem: 'str', log2: 0, rt: fp('b') },
  { key: 'LDR_b', size: 0, V: 1, opc: 1, mnem: 'ldr', log2: 0, rt: fp('b') },
  { key: 'STR_q', size: 0, V: 1, opc: 2, mnem: 'str', log2: 4, rt: fp('q') },
  { key: 'LDR_q', size: 0, V: 1, opc: 3, mnem: 'ldr', log2: 4, rt: fp('q') },
  { key: 'STR_h', size: 1, V: 1, opc: 0, mnem: 'str', log2: 1, rt: fp('h') },
  { key: 'LDR_h', size: 1, V: 1, opc: 1, mnem: 'ldr', log2: 1, rt: fp('h') },
  { key: 'STR_s', size: 2, V: 1, opc: 0, mnem: 'str', log2: 2, rt: fp('s') },
  { key: 'LDR_s', size: 2, V: 1, opc: 1, mnem: 'ldr', log2: 2, rt: fp('s') },
  { key: 'STR_d', size: 3, V: 1, opc: 0, mnem: 'str', log2: 3, rt: fp('d') },
  { key: 'LDR_d', size: 3, V: 1, opc: 1, mnem: 'ldr', log2: 3, rt: fp('d') },
];

const bin = (v: number, n: number): string => v.toString(2).padStart(n, '0');
/** ldr -> ldur, strb -> sturb, prfm -> prfum; ldr -> ldtr for the unprivileged forms. */
const unscaled = (m: string): string => (m === 'prfm' ? 'prfum' : m.slice(0, 2) + 'u' + m.slice(2));
const unpriv = (m: string): string => m.slice(0, 2) + 't' + m.slice(2);

for (const k of KINDS) {
  const head = `${bin(k.size, 2)} 111 ${k.V}`;
  const opc = bin(k.opc, 2);
  const cls = k.V ? 'ldst-fp' : 'ldst';
  const lo12 = LO12[k.log2];
  // unsigned scaled offset
  F.push(form(k.key + '_uoff', k.mnem, `${head} 01 ${opc} imm12:12 Rn:5 Rt:5`,
    [k.rt(), memImm('Rn', 'imm12', { bits: 12, signed: false, scale: 1 << k.log2, lo12 })], cls));
  // unscaled signed offset (LDUR...), with `ldr` accepted for offsets only it can encode
  const u = unscaled(k.mnem);
  F.push(form(k.key + '_unscaled', u, `${head} 00 ${opc} 0 imm9:9 00 Rn:5 Rt:5`,
    [k.rt(), memImm('Rn', 'imm9', { bits: 9, signed: true, scale: 1 })], cls));
  A.push(alias(k.key + '_unscaled_as_' + k.mnem, k.mnem, k.key + '_unscaled',
    [k.rt(), memImm('Rn', 'imm9', { bits: 9, signed: true, scale: 1 })], { asmOnly: true }));
  // register offset
  F.push(form(k.key + '_reg', k.mnem, `${head} 00 ${opc} 1 Rm:5 option:3 S:1 10 Rn:5 Rt:5`,
    [k.rt(), memReg('Rn', 'Rm', 'option', 'S', k.log2)], cls, { valid: (f) => (f.option & 2) !== 0, unalloc: [{ mask: 0x00004000, value: 0 }] }));
  if (k.key === 'PRFM') continue;
  // post- and pre-index
  F.push(form(k.key + '_post', k.mnem, `${head} 00 ${opc} 0 imm9:9 01 Rn:5 Rt:5`,
    [k.rt(), memBase('Rn'), imm('imm9', { bits: 9, signed: true })], cls, { reject: k.V ? undefined : wbClash }));
  F.push(form(k.key + '_pre', k.mnem, `${head} 00 ${opc} 0 imm9:9 11 Rn:5 Rt:5`,
    [k.rt(), memImm('Rn', 'imm9', { bits: 9, signed: true, scale: 1, pre: true })], cls, { reject: k.V ? undefined : wbClash }));
  // unprivileged (LDTR...): general registers only
  if (!k.V) {
    F.push(form(k.key + '_unpriv', unpriv(k.mnem), `${head} 00 ${opc} 0 imm9:9 10 Rn:5 Rt:5`,
      [k.rt(), memImm('Rn', 'imm9', { bits: 9, signed: true, scale: 1 })], cls));
  }
}

// ---------------------------------------------------------------- literal (PC-relative)
const lit = (): Op => target({ fields: [['imm19', 19]], scale: 4, print: 'abs', reloc: (m) => (m === undefined ? 'R_AARCH64_LD_PREL_LO19' : undefined) });
for (const [opc, V, key, mnem, rt, pool] of [
  [0, 0, 'LDR_w_lit', 'ldr', gp('w'), 4], [1, 0, 'LDR_x_lit', 'ldr', gp('x'), 8], [2, 0, 'LDRSW_lit', 'ldrsw', gp('x'), 0],
  [3, 0, 'PRFM_lit', 'prfm', prfop, 0],
  [0, 1, 'LDR_s_lit', 'ldr', fp('s'), 0], [1, 1, 'LDR_d_lit', 'ldr', fp('d'), 0], [2, 1, 'LDR_q_lit', 'ldr', fp('q'), 0],
] as const) {
  F.push(form(key, mnem, `${bin(opc, 2)} 011 ${V} 00 imm19:19 Rt:5`, [rt(), lit()], V ? 'ldst-fp' : 'ldst'));
  if (pool) A.push(alias(key + '_pool', 'ldr', key, [rt(), litPool('Rt', pool as 4 | 8, pool === 4)], { asmOnly: true }));
}

// ---------------------------------------------------------------- pairs
interface PairKind { key: string; opc: number; V: 0 | 1; log2: number; rt: (f: string) => Op; ldOnly?: boolean; sfx?: string }
const PAIRS: PairKind[] = [
  { key: 'w', opc: 0, V: 0, log2: 2, rt: (f) => R(f, 'w') },
  { key: 'x', opc: 2, V: 0, log2: 3, rt: (f) => R(f, 'x') },
  { key: 'sw', opc: 1, V: 0, log2: 2, rt: (f) => R(f, 'x'), ldOnly: true, sfx: 'sw' },
  { key: 's', opc: 0, V: 1, log2: 2, rt: (f) => V(f, 's') },
  { key: 'd', opc: 1, V: 1, log2: 3, rt: (f) => V(f, 'd') },
  { key: 'q', opc: 2, V: 1, log2: 4, rt: (f) => V(f, 'q') },
];
for (const p of PAIRS) {
  for (const L of [0, 1]) {
    if (p.ldOnly && !L) continue;
    const base = (L ? 'ldp' : 'stp') + (p.sfx ?? '');
    const id = base.toUpperCase() + '_' + p.key;
    const head = `${bin(p.opc, 2)} 101 ${p.V}`;
    const cls = p.V ? 'ldst-fp' : 'ldst';
    const mi = (pre: boolean): Op => memImm('Rn', 'imm7', { bits: 7, signed: true, scale: 1 << p.log2, pre });
    // The checks llvm-mc makes (it lets some UNPREDICTABLE pairs through; so do we).
    const same = L ? sameDest : undefined;
    const pre = p.V ? same : wbPairClash;
    const post = p.V || p.sfx ? same : wbPairClash;
    const off = same;
    F.push(form(id + '_off', base, `${head} 010 ${L} imm7:7 Rt2:5 Rn:5 Rt:5`, [p.rt('Rt'), p.rt('Rt2'), mi(false)], cls, { reject: off }));
    F.push(form(id + '_pre', base, `${head} 011 ${L} imm7:7 Rt2:5 Rn:5 Rt:5`, [p.rt('Rt'), p.rt('Rt2'), mi(true)], cls, { reject: pre }));
    F.push(form(id + '_post', base, `${head} 001 ${L} imm7:7 Rt2:5 Rn:5 Rt:5`,
      [p.rt('Rt'), p.rt('Rt2'), memBase('Rn'), imm('imm7', { bits: 7, signed: true, scale: 1 << p.log2 })], cls, { reject: post }));
    if (!p.sfx) {
      const nt = L ? 'ldnp' : 'stnp';
      F.push(form(nt.toUpperCase() + '_' + p.key, nt, `${head} 000 ${L} imm7:7 Rt2:5 Rn:5 Rt:5`, [p.rt('Rt'), p.rt('Rt2'), mi(false)], cls));
    }
  }
}

// ---------------------------------------------------------------- exclusives, acquire/release
const SZ = [['b', 'w'], ['h', 'w'], ['', 'w'], ['', 'x']] as const;
for (let size = 0; size < 4; size++) {
  const [sfx, w] = SZ[size];
  const rt = (): Op => R('Rt', w);
  const head = `${bin(size, 2)} 001000`;
  const wkey = size === 2 ? '_w' : size === 3 ? '_x' : '';
  // o2 L o1 o0. Rs and Rt2 are should-be-one where unused: the assembler writes 11111, the
  // decoder ignores them (as llvm and the hardware do).
  const defs: Array<[string, string, string, Op[]]> = [
    ['stxr', '0 0 0', 'Rs:5 0 Rt2:5', [R('Rs', 'w'), rt(), memBase('Rn')]],
    ['stlxr', '0 0 0', 'Rs:5 1 Rt2:5', [R('Rs', 'w'), rt(), memBase('Rn')]],
    ['ldxr', '0 1 0', 'Rs:5 0 Rt2:5', [rt(), memBase('Rn')]],
    ['ldaxr', '0 1 0', 'Rs:5 1 Rt2:5', [rt(), memBase('Rn')]],
    ['stlr', '1 0 0', 'Rs:5 1 Rt2:5', [rt(), memBase('Rn')]],
    ['ldar', '1 1 0', 'Rs:5 1 Rt2:5', [rt(), memBase('Rn')]],
  ];
  if (size >= 2) {
    const rt2 = R('Rt2', w);
    defs.push(
      ['stxp', '0 0 1', 'Rs:5 0 Rt2:5', [R('Rs', 'w'), rt(), rt2, memBase('Rn')]],
      ['stlxp', '0 0 1', 'Rs:5 1 Rt2:5', [R('Rs', 'w'), rt(), rt2, memBase('Rn')]],
      ['ldxp', '0 1 1', 'Rs:5 0 Rt2:5', [rt(), rt2, memBase('Rn')]],
      ['ldaxp', '0 1 1', 'Rs:5 1 Rt2:5', [rt(), rt2, memBase('Rn')]],
    );
  }
  for (const [m, bits, mid, ops] of defs) {
    const mnem = m + sfx;
    const pair = m.endsWith('p');
    const reject = m.startsWith('st') && m.includes('x') ? statusClash(pair) : undefined;
    const fill = (f: Fields): void => {
      f.Rs ??= 31;
      f.Rt2 ??= 31;
    };
    const status = m.startsWith('st') && m.includes('x');
    const ignored = status ? (pair ? [] : ['Rt2']) : pair ? ['Rs'] : ['Rs', 'Rt2'];
    F.push(form(mnem.toUpperCase() + wkey, mnem, `${head} ${bits} ${mid} Rn:5 Rt:5`, ops, 'ldst-excl', { reject, fill, ignored }));
  }
}

export const LDST_FORMS = F;
export const LDST_ALIASES = A;
