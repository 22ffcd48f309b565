// The interpreter's decoded records as the translator reads them: handler ids and kinds are
// taken from tools/emu/core/ops.ts itself (so a renumbering there cannot desynchronise us), and
// a record is read from the decoded-instruction slot in the core's memory.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const opsFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'core', 'ops.ts');
const consts = new Map<string, number>();
for (const m of fs.readFileSync(opsFile, 'utf8').matchAll(/export const (\w+): u(?:16|32) = (\d+);/g)) consts.set(m[1], Number(m[2]));

/** The numeric value of a handler id / kind / mode named in ops.ts. */
export function K(name: string): number {
  const v = consts.get(name);
  if (v === undefined) throw new Error(`ops.ts has no ${name}`);
  return v;
}
export const opName = new Map<number, string>([...consts].filter(([n]) => n.startsWith('OP_')).map(([n, v]) => [v, n.slice(3)]));

// must match tools/emu/core/layout.ts
export const ACT = 0x100000;
export const O_V0 = 0x200;
export const O_PC = 0x120;
export const O_N = 0x128;
export const SLOTS = 0x240000;
export const SLOT_STRIDE = 0x4010;
export const TLB_W_OFF = 0x10000;
// must match tools/emu/core/jit/tables.ts
export const JIT_FN = 0x1310000;
export const JIT_VARS = 0x1312000;

export interface Rec { idx: number; op: string; d: number; n: number; m: number; a: number; x: number; imm: bigint }

export function readRec(dv: DataView, slot: number, idx: number): Rec {
  const r = SLOTS + slot * SLOT_STRIDE + idx * 16;
  return {
    idx, op: opName.get(dv.getUint16(r, true)) ?? '?',
    d: dv.getUint8(r + 2), n: dv.getUint8(r + 3), m: dv.getUint8(r + 4), a: dv.getUint8(r + 5),
    x: dv.getUint16(r + 6, true), imm: dv.getBigUint64(r + 8, true),
  };
}
