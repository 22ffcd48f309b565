// Random 32-bit words executed one at a time at EL1 (and EL0): each either executes (PC moves
// on, or a branch goes somewhere) or stops with an architectural exception whose class is one
// the architecture can raise for it; the core never throws or hangs. In addition, a word the
// ISA table (tools/isa) does not describe must be UNDEFINED (EC 0), and a word it describes
// must not be, except for the families the core deliberately leaves UNDEFINED (listed below).
import { describe, it, expect, beforeAll } from 'vitest';
import { createCpu, StopReason, type Cpu } from '../../tools/emu/cpu.ts';
import { findForm } from '../../tools/isa/index.ts';
import { Rng } from './randgen.ts';
import { extraForms } from '../../tools/emu/gen/provisional-forms.ts';
import { groupOf } from '../../tools/emu/gen/forms.ts';
import { exportTable } from '../../tools/isa/export.ts';
import { compilePattern } from '../../tools/isa/pattern.ts';

// AdvSIMD forms the core decodes before tools/isa describes them.
const extras = extraForms.map((f) => compilePattern(f.pattern));
const isExtra = (w: number) => extras.some((e) => ((w & e.mask) >>> 0) === e.value);

const LONG = process.env.RASPVISOR_LONG === '1';
const N = LONG ? 200_000 : 20_000;
const CODE_PA = 0x10000;
const ALLOWED_EC = new Set([0x00, 0x01, 0x07, 0x0e, 0x15, 0x16, 0x17, 0x18, 0x20, 0x21, 0x22, 0x24, 0x25, 0x26, 0x3c]);
// Table forms the core executes as UNDEFINED on purpose (debug state, halting debug, SYSL, UDF).
const UNDEF_BY_DESIGN = /^(DRPS|DCPS\d|HLT|SYSL|MRS_op0_0|MSR_op0_0|UDF)$/;
// System-register and SYS accesses may be UNDEFINED for encodings the core does not know.
const MAY_UNDEF = /^(MRS|MSR_reg|SYS|MSR_SPSel|MSR_DAIFSet|MSR_DAIFClr|ERET|HVC|SMC)$/;

let cpu: Cpu;
beforeAll(async () => { cpu = await createCpu({ cores: 1, ramBytes: 16 << 20 }); });

function step(word: number, el: number, r: Rng): { why: StopReason; ec?: number } {
  new DataView(cpu.ram.buffer, cpu.ram.byteOffset).setUint32(CODE_PA, word, true);
  cpu.invalidateCode(CODE_PA, 4);
  cpu.reset(0, { pc: CODE_PA, el });
  if (el === 0) cpu.setSysreg(0, 'CPACR_EL1', 3n << 20n);
  for (let i = 0; i < 31; i++) cpu.setX(0, i, r.bool() ? BigInt(r.int(1 << 20)) * 8n : r.next64());
  cpu.setSp(0, 0x20000n);
  cpu.setHostExceptions(0, true);
  const why = cpu.run(0, 1);
  if (why === StopReason.Exception) return { why, ec: cpu.lastException(0).ec };
  return { why };
}

describe('ISA table coverage', () => {
  it('every form of tools/isa maps to semantics in the core (or is UNDEFINED by design)', () => {
    const missing = exportTable().map((f) => f.id).filter((id) => !groupOf(id) && !UNDEF_BY_DESIGN.test(id));
    expect(missing).toEqual([]);
  });
});

describe('fuzz: random words as instructions', () => {
  for (const el of [1, 0]) {
    it(`${N} random words at EL${el}`, () => {
      const r = new Rng(77 + el);
      const bad: string[] = [];
      const counts = { executed: 0, exception: 0, undefined: 0 };
      for (let i = 0; i < N && bad.length < 10; i++) {
        const w = Number(r.next64() & 0xffffffffn);
        let res: { why: StopReason; ec?: number };
        try { res = step(w, el, r); } catch (e) { bad.push(`0x${w.toString(16)}: threw ${(e as Error).message}`); continue; }
        if (res.why === StopReason.Exception) {
          counts.exception++;
          if (!ALLOWED_EC.has(res.ec!)) bad.push(`0x${w.toString(16)}: unexpected exception class 0x${res.ec!.toString(16)}`);
        } else if (res.why !== StopReason.Budget && res.why !== StopReason.Wfi && res.why !== StopReason.Wfe) {
          bad.push(`0x${w.toString(16)}: stopped with ${StopReason[res.why]}`);
        } else counts.executed++;
        const f = findForm(w);
        const undef = res.ec === 0x00;
        if (undef) counts.undefined++;
        if (!f && !undef && !isExtra(w)) bad.push(`0x${w.toString(16)}: not in the ISA table but executed (${res.ec === undefined ? StopReason[res.why] : 'EC 0x' + res.ec.toString(16)})`);
        if (f && undef && groupOf(f.form.id) && !UNDEF_BY_DESIGN.test(f.form.id) && !MAY_UNDEF.test(f.form.id)) bad.push(`0x${w.toString(16)}: ${f.form.id} is UNDEFINED in the core`);
      }
      expect(bad).toEqual([]);
      expect(counts.executed).toBeGreaterThan(N / 20);
    });
  }
});
