// Imports from the "aarch64" module, expanded inline (contract: tools/runtime-intrinsics.md).
// Names are checked against the ISA's system-register, SYS-operation and barrier tables.
import { BARRIERS, parseSysreg, SYS_OPS } from '../../isa/sysregs.ts';
import type { FuncType } from '../wasm/module.ts';
import type { FuncLowering } from './lower.ts';

export interface IntrinsicCtx {
  lower: FuncLowering;
  fail(msg: string): never;
}

const SIMPLE = new Set(['eret', 'wfi', 'wfe', 'sev', 'sevl', 'nop', 'yield', 'clrex', 'isb']);
const MMIO: Record<string, [number, string, string]> = {
  read8: [1, 'ldrb', 'w'], read16: [2, 'ldrh', 'w'], read32: [4, 'ldr', 'w'], read64: [8, 'ldr', 'x'],
  write8: [1, 'strb', 'w'], write16: [2, 'strh', 'w'], write32: [4, 'str', 'w'], write64: [8, 'str', 'x'],
};

function sig(ft: FuncType): string {
  return `(${ft.params.join(',')})->(${ft.results.join(',')})`;
}

/** Expand intrinsic `name` with argument registers `args`; returns result registers. */
export function expandIntrinsic(ctx: IntrinsicCtx, name: string, ft: FuncType, args: number[]): number[] {
  const L = ctx.lower;
  const want = (s: string) => {
    if (sig(ft) !== s) ctx.fail(`intrinsic "aarch64.${name}" must have type ${s}, not ${sig(ft)}`);
  };
  const side = (t: string, uses: number[] = []) => L.emit({ t, defs: [], uses, w: 'x' });
  const dot = name.indexOf('.');
  const head = dot < 0 ? name : name.slice(0, dot);
  const arg = dot < 0 ? '' : name.slice(dot + 1);

  if (dot < 0 && SIMPLE.has(name)) {
    want('()->()');
    side(name);
    return [];
  }
  switch (head) {
    case 'mrs':
    case 'msr': {
      const r = parseSysreg(arg, head === 'mrs' ? 'r' : 'w');
      if (r === undefined) ctx.fail(`unknown system register "${arg}" in intrinsic "aarch64.${name}"`);
      if (r === null) ctx.fail(`system register "${arg}" cannot be ${head === 'mrs' ? 'read' : 'written'}`);
      if (head === 'mrs') {
        want('()->(i64)');
        const d = L.newV('x');
        L.emit({ t: `mrs {d0}, ${arg}`, defs: [d], uses: [], w: 'x' });
        return [d];
      }
      want('(i64)->()');
      side(`msr ${arg}, {u0}`, args);
      return [];
    }
    case 'daifset':
    case 'daifclr': {
      const n = Number(arg);
      if (!/^\d+$/.test(arg) || n > 15) ctx.fail(`"aarch64.${name}": immediate must be 0-15`);
      want('()->()');
      side(`msr ${head}, #${n}`);
      return [];
    }
    case 'dsb':
    case 'dmb': {
      if (![...BARRIERS.values()].includes(arg)) ctx.fail(`unknown barrier option "${arg}" in "aarch64.${name}" (one of ${[...BARRIERS.values()].join(', ')})`);
      want('()->()');
      side(`${head} ${arg}`);
      return [];
    }
    case 'tlbi':
    case 'dc':
    case 'at':
    case 'ic': {
      const op = SYS_OPS.find((o) => o.kind === head && o.name === arg);
      if (!op) ctx.fail(`unknown ${head} operation "${arg}" in "aarch64.${name}"`);
      if (op.reg) {
        want('(i64)->()');
        side(`${head} ${arg}, {u0}`, args);
      } else {
        want('()->()');
        side(`${head} ${arg}`);
      }
      return [];
    }
    case 'hvc':
    case 'svc':
    case 'smc': {
      const n = Number(arg);
      if (!/^\d+$/.test(arg) || n > 65535) ctx.fail(`"aarch64.${name}": immediate must be 0-65535`);
      want('(i64,i64,i64,i64)->(i64)');
      const d = L.newV('x');
      L.hasCalls = true;
      L.emit({ t: '', defs: [d], uses: args, call: { insn: `${head} #${n}`, args, rets: [d] } });
      return [d];
    }
    case 'brk': {
      const n = Number(arg);
      if (!/^\d+$/.test(arg) || n > 65535) ctx.fail(`"aarch64.${name}": immediate must be 0-65535`);
      want('()->()');
      side(`brk #${n}`);
      return [];
    }
    case 'mmio': {
      const m = MMIO[arg];
      if (!m) ctx.fail(`unknown intrinsic "aarch64.${name}"`);
      const [size, mn, view] = m;
      const vt = size === 8 ? 'i64' : 'i32';
      const ad = L.address(args[0], 0, size, mn);
      if (arg.startsWith('read')) {
        want(`(i32)->(${vt})`);
        const d = L.newV(vt);
        L.emit({ t: `${mn} {d0:${view}}, ${ad.text.replace('{uA', '{u0').replace('{uB', '{u1')}`, defs: [d], uses: ad.uses });
        return [d];
      }
      want(`(i32,${vt})->()`);
      L.emit({ t: `${mn} {u0:${view}}, ${ad.text.replace('{uA', '{u1').replace('{uB', '{u2')}`, defs: [], uses: [args[1], ...ad.uses] });
      return [];
    }
    case 'sp': {
      want('()->(i64)');
      const d = L.newV('x');
      L.emit({ t: 'mov {d0}, sp', defs: [d], uses: [], w: 'x' });
      return [d];
    }
    case 'current_el': {
      want('()->(i32)');
      const d = L.newV('w');
      L.emit({ t: 'mrs {d0:x}, CurrentEL\nubfx {d0:w}, {d0:w}, #2, #2', defs: [d], uses: [] });
      return [d];
    }
  }
  ctx.fail(`unknown intrinsic "aarch64.${name}"`);
}
