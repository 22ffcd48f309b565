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

/** Access widths of the acquire/release and exclusive intrinsics: size suffix, register view. */
const WIDTHS: Record<string, { sfx: string; view: 'w' | 'x'; vt: 'i32' | 'i64'; size: number }> = {
  '8': { sfx: 'b', view: 'w', vt: 'i32', size: 1 },
  '16': { sfx: 'h', view: 'w', vt: 'i32', size: 2 },
  '32': { sfx: '', view: 'w', vt: 'i32', size: 4 },
  '64': { sfx: '', view: 'x', vt: 'i64', size: 8 },
};

/** Single acquire/release or exclusive accesses: `<name>.<bits>`. `st*x*` return the status
 *  (0: stored). */
const ORDERED: Record<string, 'load' | 'store' | 'storex'> = {
  ldar: 'load', ldxr: 'load', ldaxr: 'load', stlr: 'store', stxr: 'storex', stlxr: 'storex',
};

/** Read-modify-write loops on LDAXR/STLXR (ARMv8.0 has no LSE atomics: the A53 lacks them).
 *  Each is one template, so no compiled code (spills, reloads) runs between the exclusive pair.
 *  Operands: u0 the machine address, then the values; d0 the old value, d1 the status. */
const RMW: Record<string, { params: number; t: (v: string) => string; temps: number }> = {
  cas: {
    params: 2,
    temps: 0,
    t: (v) => `{L0}:\nldaxr {d0:${v}}, [{u0:x}]\ncmp {d0:${v}}, {u1:${v}}\nb.ne {L1}\nstlxr {d1:w}, {u2:${v}}, [{u0:x}]\ncbnz {d1:w}, {L0}\n{L1}:`,
  },
  swap: { params: 1, temps: 0, t: (v) => `{L0}:\nldaxr {d0:${v}}, [{u0:x}]\nstlxr {d1:w}, {u1:${v}}, [{u0:x}]\ncbnz {d1:w}, {L0}` },
  add: {
    params: 1,
    temps: 1,
    t: (v) => `{L0}:\nldaxr {d0:${v}}, [{u0:x}]\nadd {d2:${v}}, {d0:${v}}, {u1:${v}}\nstlxr {d1:w}, {d2:${v}}, [{u0:x}]\ncbnz {d1:w}, {L0}`,
  },
};

/** Spin locks on a 32-bit word (0 free, 1 held): WFE while it is held (the holder's STLR
 *  clears the waiters' exclusive monitors, which wakes them). */
const SPIN: Record<string, { sig: string; t: string; defs: number }> = {
  lock: {
    sig: '(i32)->()',
    defs: 2,
    t: 'mov {d1:w}, #1\nsevl\n{L0}:\nwfe\n{L1}:\nldaxr {d0:w}, [{u0:x}]\ncbnz {d0:w}, {L0}\nstxr {d0:w}, {d1:w}, [{u0:x}]\ncbnz {d0:w}, {L1}',
  },
  trylock: {
    sig: '(i32)->(i32)',
    defs: 2,
    t: '{L0}:\nldaxr {d0:w}, [{u0:x}]\ncbnz {d0:w}, {L1}\nmov {d1:w}, #1\nstxr {d0:w}, {d1:w}, [{u0:x}]\ncbnz {d0:w}, {L0}\nmov {d0:w}, #1\nb {L2}\n{L1}:\nclrex\nmov {d0:w}, #0\n{L2}:',
  },
  unlock: { sig: '(i32)->()', defs: 0, t: 'stlr wzr, [{u0:x}]' },
};

function sig(ft: FuncType): string {
  return `(${ft.params.join(',')})->(${ft.results.join(',')})`;
}

/** The machine address (x register) of an exclusive or acquire/release access: these take a
 *  base register only. Bounds-checked like any access when the program checks bounds. */
function orderedAddress(L: FuncLowering, addr: number, size: number): number {
  L.address(addr, 0, size, 'ldr');
  return L.machineAddr(addr);
}

const SYMBOL = /^[A-Za-z_.$][\w.$]*$/;

/** `addr.SYM` (a function `() -> i64/i32` or an imported const global): the address of a
 *  linker symbol (a .S label), `adrp` + `add :lo12:`. As i64 the machine address; as i32 the
 *  wasm address (machine address minus the program's address base). */
export function symbolAddress(L: FuncLowering, field: string, type: string, fail: (m: string) => never): number {
  const sym = field.startsWith('addr.') ? field.slice(5) : '';
  if (!SYMBOL.test(sym)) fail(`unknown intrinsic "aarch64.${field}" (the address of a symbol is "aarch64.addr.<symbol>")`);
  if (type !== 'i64' && type !== 'i32') fail(`intrinsic "aarch64.${field}" must have type i64 (u64) or i32 (usize), not ${type}`);
  const d = L.newV('x');
  L.emit({ t: `adrp {d0:x}, ${sym}\nadd {d0:x}, {d0:x}, :lo12:${sym}`, defs: [d], uses: [], pure: true });
  if (type === 'i64') return d;
  const w = L.newV('i32');
  if (L.env.addressBase === 0n) L.emit({ t: 'mov {d0:w}, {u0:w}', defs: [w], uses: [d], pure: true });
  else L.emit({ t: 'sub {d0:x}, {u0:x}, {u1:x}\nmov {d0:w}, {d0:w}', defs: [w], uses: [d, L.base()], pure: true });
  return w;
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
    case 'volatile':
    case 'mmio': {
      // volatile.load<N>/store<N> are the mmio accesses under names for plain memory.
      if (head === 'volatile' && !/^(load|store)/.test(arg)) ctx.fail(`unknown intrinsic "aarch64.${name}"`);
      const op = head === 'volatile' ? arg.replace(/^load/, 'read').replace(/^store/, 'write') : arg;
      const m = MMIO[op];
      if (!m) ctx.fail(`unknown intrinsic "aarch64.${name}"`);
      const [size, mn, view] = m;
      const vt = size === 8 ? 'i64' : 'i32';
      const ad = L.address(args[0], 0, size, mn);
      if (op.startsWith('read')) {
        want(`(i32)->(${vt})`);
        const d = L.newV(vt);
        L.emit({ t: `${mn} {d0:${view}}, ${ad.text.replace('{uA', '{u0').replace('{uB', '{u1')}`, defs: [d], uses: ad.uses });
        return [d];
      }
      want(`(i32,${vt})->()`);
      L.emit({ t: `${mn} {u0:${view}}, ${ad.text.replace('{uA', '{u1').replace('{uB', '{u2')}`, defs: [], uses: [args[1], ...ad.uses] });
      return [];
    }
    case 'ldar':
    case 'ldxr':
    case 'ldaxr':
    case 'stlr':
    case 'stxr':
    case 'stlxr': {
      const wd = WIDTHS[arg];
      if (!wd) ctx.fail(`"aarch64.${name}": width must be 8, 16, 32 or 64`);
      const a = orderedAddress(L, args[0], wd.size);
      const kind = ORDERED[head];
      if (kind === 'load') {
        want(`(i32)->(${wd.vt})`);
        const d = L.newV(wd.vt);
        L.emit({ t: `${head}${wd.sfx} {d0:${wd.view}}, [{u0:x}]`, defs: [d], uses: [a] });
        return [d];
      }
      want(`(i32,${wd.vt})->(${kind === 'storex' ? 'i32' : ''})`);
      if (kind === 'store') {
        L.emit({ t: `${head}${wd.sfx} {u1:${wd.view}}, [{u0:x}]`, defs: [], uses: [a, args[1]] });
        return [];
      }
      const st = L.newV('i32');
      L.emit({ t: `${head}${wd.sfx} {d0:w}, {u1:${wd.view}}, [{u0:x}]`, defs: [st], uses: [a, args[1]], ec: true });
      return [st];
    }
    case 'atomic': {
      const m = /^(cas|swap|add)(32|64)$/.exec(arg);
      if (!m) ctx.fail(`unknown intrinsic "aarch64.${name}" (atomic.cas32/64, atomic.swap32/64, atomic.add32/64)`);
      const op = RMW[m[1]];
      const wd = WIDTHS[m[2]];
      want(`(i32${`,${wd.vt}`.repeat(op.params)})->(${wd.vt})`);
      const a = orderedAddress(L, args[0], wd.size);
      const defs = [L.newV(wd.vt), L.newV('i32'), ...Array.from({ length: op.temps }, () => L.newV(wd.vt))];
      L.emit({ t: op.t(wd.view), defs, uses: [a, ...args.slice(1)], ec: true });
      return [defs[0]];
    }
    case 'spin': {
      const sp = SPIN[arg];
      if (!sp) ctx.fail(`unknown intrinsic "aarch64.${name}" (spin.lock, spin.trylock, spin.unlock)`);
      want(sp.sig);
      const a = orderedAddress(L, args[0], 4);
      const defs = Array.from({ length: sp.defs }, () => L.newV('i32'));
      L.emit({ t: sp.t, defs, uses: [a], ec: true });
      return sp.sig.endsWith('(i32)') ? [defs[0]] : [];
    }
    case 'addr': {
      if (ft.params.length !== 0 || ft.results.length !== 1) ctx.fail(`intrinsic "aarch64.${name}" must have type ()->(i64) or ()->(i32), not ${sig(ft)}`);
      return [symbolAddress(L, name, ft.results[0], ctx.fail)];
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
