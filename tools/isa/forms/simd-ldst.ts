// Advanced SIMD load/store multiple structures: LD1-LD4/ST1-ST4 with a register list of 1-4
// consecutive V registers, no offset or post-index (by the transfer size, or by Xm); and the
// table lookups TBL/TBX, whose table is such a list too.
import { R, fail, memBase } from '../operands.ts';
import { form, type Fields, type Form, type Op } from '../table.ts';

const F: Form[] = [];
const ARR = [['8b', '16b'], ['4h', '8h'], ['2s', '4s'], ['1d', '2d']];

/** `{ Vt.T, Vt+1.T, ... }` (consecutive modulo 32), llvm-objdump's spacing. */
function vlist(n: number): Op {
  return {
    syntax: `{ <Vt>.<T>${', <Vt+1>.<T>'.repeat(n - 1)} }`,
    parse(p, f, cx) {
      const t = p.trim();
      if (t[0] !== '{' || t[t.length - 1] !== '}') return false;
      const regs = t.slice(1, -1).split(',').map((s) => s.trim());
      if (regs.length !== n) return false;
      let first = -1, arr = '';
      for (let i = 0; i < n; i++) {
        const m = /^v(\d+)\.(\d+[bhsd])$/i.exec(regs[i]);
        if (!m || Number(m[1]) > 31) return false;
        const r = Number(m[1]), a = m[2].toLowerCase();
        if (i === 0) { first = r; arr = a; } else if (a !== arr) return false;
        else if (r !== (first + i) % 32) fail(cx, 'registers of a list must be consecutive');
      }
      const size = ARR.findIndex((x) => x.includes(arr));
      if (size < 0) return false;
      f.size = size; f.Q = ARR[size].indexOf(arr); f.Rt = first;
      return true;
    },
    print: (f) => `{ ${Array.from({ length: n }, (_, i) => `v${(f.Rt + i) % 32}.${ARR[f.size][f.Q]}`).join(', ')} }`,
  };
}
function postImm(n: number): Op {
  return {
    syntax: '#<imm>',
    parse(p, f, cx) {
      const m = /^#?\s*(\d+)$/.exec(p.trim());
      if (!m) return false;
      const want = n * (f.Q ? 16 : 8);
      if (Number(m[1]) !== want) fail(cx, `post-index immediate must be ${want} (the bytes transferred)`);
      return true;
    },
    print: (f) => `#${n * (f.Q ? 16 : 8)}`,
  };
}
// [opcode, mnemonic stem, registers, elements per structure]
const KINDS: Array<[number, string, number, number]> = [
  [0b0000, '4', 4, 4], [0b0010, '1', 4, 1], [0b0100, '3', 3, 3], [0b0110, '1', 3, 1], [0b0111, '1', 1, 1], [0b1000, '2', 2, 2], [0b1010, '1', 2, 1],
];
function sform(id: string, mnem: string, pattern: string, ops: Op[], unalloc: Array<{ mask: number; value: number }>): void {
  const fm = form(id, mnem, pattern, ops, 'simd', { unalloc });
  fm.extra.valid = (f: Fields) => {
    let w = fm.value;
    for (const x of fm.fields) w |= ((f[x.name] ?? 0) & ((1 << x.width) - 1)) << x.lsb;
    w >>>= 0;
    return !unalloc.some((u) => ((w & u.mask) >>> 0) === u.value);
  };
  F.push(fm);
}
for (const L of [1, 0]) {
  for (const [opc, stem, n, selem] of KINDS) {
    const mn = `${L ? 'ld' : 'st'}${stem}`;
    const op4 = opc.toString(2).padStart(4, '0');
    const un = selem > 1 ? [{ mask: 0x40000c00, value: 0x00000c00 }] : []; // .1d needs one element per structure
    const id = `VLDST_${mn.toUpperCase()}_${n}`;
    sform(id, mn, `0 Q:1 0011000 ${L} 000000 ${op4} size:2 Rn:5 Rt:5`, [vlist(n), memBase('Rn')], un);
    sform(`${id}_POSTI`, mn, `0 Q:1 0011001 ${L} 0 11111 ${op4} size:2 Rn:5 Rt:5`, [vlist(n), memBase('Rn'), postImm(n)], un);
    sform(`${id}_POSTR`, mn, `0 Q:1 0011001 ${L} 0 Rm:5 ${op4} size:2 Rn:5 Rt:5`, [vlist(n), memBase('Rn'), R('Rm', 'x')], [...un, { mask: 0x001f0000, value: 0x001f0000 }]);
  }
}


// ---------------------------------------------------------------- single structures
// LD1-LD4/ST1-ST4 of one element (`{ Vt.B, Vt+1.B }[i]`) and the replicating loads LD1R-LD4R
// (`{ Vt.8B, ... }`): 0 Q 0011010 L R 00000 opcode S size Rn Rt (post-index: 0011011, Rm).
// opcode<2:1> picks the element (B, H, S or D by size, replicate), opcode<0>:R the count;
// the index is Q:S:size for B, Q:S:size<1> for H, Q:S for S and Q for D.
const ELT = 'bhsd';
function elist(n: number, es: number): Op {
  return {
    syntax: `{ <Vt>.${ELT[es].toUpperCase()}${', <Vt+1>.'.repeat(n - 1)}${n > 1 ? ELT[es].toUpperCase() : ''} }[<index>]`,
    parse(p, f, cx) {
      const m = /^\{(.*)\}\s*\[\s*(\d+)\s*\]$/.exec(p.trim());
      if (!m) return false;
      const regs = m[1].split(',').map((x) => x.trim());
      if (regs.length !== n) return false;
      let first = -1;
      for (let i = 0; i < n; i++) {
        const r = /^v(\d+)\.([bhsd])$/i.exec(regs[i]);
        if (!r || Number(r[1]) > 31 || r[2].toLowerCase() !== ELT[es]) return false;
        if (i === 0) first = Number(r[1]); else if (Number(r[1]) !== (first + i) % 32) fail(cx, 'registers of a list must be consecutive');
      }
      const idx = Number(m[2]);
      if (idx >= 16 >> es) fail(cx, `element index ${idx} out of range [0, ${(16 >> es) - 1}]`);
      f.Rt = first;
      const bits = idx << es; // the index in byte units: Q:S:size
      f.Q = bits >> 3; f.S = (bits >> 2) & 1;
      if (es < 2) f.size = bits & 3; else f.size = es === 2 ? 0 : 1;
      return true;
    },
    print: (f) => {
      const bits = (f.Q << 3) | (f.S << 2) | (es < 2 ? f.size : 0);
      return `{ ${Array.from({ length: n }, (_, i) => `v${(f.Rt + i) % 32}.${ELT[es]}`).join(', ')} }[${bits >> es}]`;
    },
  };
}
function postBytes(bytes: (f: Fields) => number): Op {
  return {
    syntax: '#<imm>',
    parse(p, f, cx) {
      const m = /^#?\s*(\d+)$/.exec(p.trim());
      if (!m) return false;
      if (Number(m[1]) !== bytes(f)) fail(cx, `post-index immediate must be ${bytes(f)} (the bytes transferred)`);
      return true;
    },
    print: (f) => `#${bytes(f)}`,
  };
}
for (const L of [1, 0]) {
  for (let n = 1; n <= 4; n++) {
    const o0 = (n - 1) >> 1, rbit = (n - 1) & 1;
    const mn = `${L ? 'ld' : 'st'}${n}`;
    // [element, opcode<2:1>, fixed size bits or '', unalloc]
    const kinds: Array<[number, string, string, Array<{ mask: number; value: number }>]> = [
      [0, '00', 'size:2', []], [1, '01', 'size:2', [{ mask: 0x00000400, value: 0x00000400 }]], [2, '10', '00', []], [3, '10', '01', [{ mask: 0x00001000, value: 0x00001000 }]],
    ];
    for (const [es, op21, sz, un] of kinds) {
      const S = es === 3 ? '0' : 'S:1';
      const body = (post: string) => `0 Q:1 001101${post} ${L} ${rbit} `;
      const tail = `${op21}${o0} ${S} ${sz} Rn:5 Rt:5`;
      const id = `VLDS_${mn.toUpperCase()}_${ELT[es].toUpperCase()}`;
      const ops = [elist(n, es), memBase('Rn')];
      sform(id, mn, `${body('0')}00000 ${tail}`, ops, un);
      sform(`${id}_POSTI`, mn, `${body('1')}11111 ${tail}`, [...ops, postBytes(() => n << es)], un);
      sform(`${id}_POSTR`, mn, `${body('1')}Rm:5 ${tail}`, [...ops, R('Rm', 'x')], [...un, { mask: 0x001f0000, value: 0x001f0000 }]);
    }
    if (L) { // LDnR: replicate one structure to all lanes
      const id = `VLDS_${mn.toUpperCase()}R`;
      const tail = `11${o0} 0 size:2 Rn:5 Rt:5`;
      const ops = [vlist(n), memBase('Rn')];
      sform(id, `${mn}r`, `0 Q:1 0011010 1 ${rbit} 00000 ${tail}`, ops, []);
      sform(`${id}_POSTI`, `${mn}r`, `0 Q:1 0011011 1 ${rbit} 11111 ${tail}`, [...ops, postBytes((f) => n << f.size)], []);
      sform(`${id}_POSTR`, `${mn}r`, `0 Q:1 0011011 1 ${rbit} Rm:5 ${tail}`, [...ops, R('Rm', 'x')], [{ mask: 0x001f0000, value: 0x001f0000 }]);
    }
  }
}

// ---------------------------------------------------------------- TBL/TBX (table lookup)
/** `{ Vn.16B, ... }`: the len + 1 table registers, from Rn (consecutive modulo 32). */
function tlist(n: number): Op {
  return {
    syntax: `{ <Vn>.16B${', <Vn+1>.16B'.repeat(n - 1)} }`,
    parse(p, f, cx) {
      const t = p.trim();
      if (t[0] !== '{' || t[t.length - 1] !== '}') return false;
      const regs = t.slice(1, -1).split(',').map((s) => s.trim());
      if (regs.length !== n) return false;
      let first = -1;
      for (let i = 0; i < n; i++) {
        const m = /^v(\d+)\.16b$/i.exec(regs[i]);
        if (!m || Number(m[1]) > 31) return false;
        const r = Number(m[1]);
        if (i === 0) first = r; else if (r !== (first + i) % 32) fail(cx, 'registers of a list must be consecutive');
      }
      f.Rn = first;
      return true;
    },
    print: (f) => `{ ${Array.from({ length: n }, (_, i) => `v${(f.Rn + i) % 32}.16b`).join(', ')} }`,
  };
}
const bq = (field: string): Op => ({
  syntax: 'V<n>.<8B|16B>',
  parse(p, f) {
    const m = /^v(\d+)\.(8b|16b)$/i.exec(p.trim());
    if (!m || Number(m[1]) > 31) return false;
    const Q = m[2].toLowerCase() === '16b' ? 1 : 0;
    if (f.Q !== undefined && f.Q !== Q) return false;
    f.Q = Q; f[field] = Number(m[1]);
    return true;
  },
  print: (f) => `v${f[field]}.${f.Q ? '16b' : '8b'}`,
});
for (const [op, m] of [[0, 'tbl'], [1, 'tbx']] as const) {
  for (let len = 0; len < 4; len++) {
    sform(`VTBL_${m.toUpperCase()}_${len + 1}`, m, `0 Q:1 001110 000 Rm:5 0 ${len >> 1}${len & 1} ${op} 00 Rn:5 Rd:5`, [bq('Rd'), tlist(len + 1), bq('Rm')], []);
  }
}

export const SIMD_LDST_FORMS = F;
