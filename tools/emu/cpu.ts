// The CPU core as seen from TypeScript: loads the compiled AssemblyScript core (building and
// caching it on first use), owns the wasm memory (RAM is a Uint8Array view of it), and offers
// the API the machine, the GDB stub and the user-mode harness use (tools/emu/README.md).
import * as fs from 'node:fs';
import { coreWasmPath } from './gen/build-core.ts';
import { sysregs } from './gen/sysreg-list.ts';
import { Jit, FIRST_INDEX, type JitStats } from './jit/jit.ts';
export type { JitStats };

export enum StopReason { Budget = 0, Wfi = 1, Wfe = 2, Breakpoint = 3, Halted = 4, TimerChanged = 5, Exception = 6 }

export interface Bus {
  read(core: number, pa: number, size: 1 | 2 | 4): number;
  write(core: number, pa: number, size: 1 | 2 | 4, value: number): void;
}
/** jit: translate hot code to wasm (default on; RASPVISOR_JIT=0 turns it off; see docs/cpu.md) */
export interface CpuOptions { cores?: number; ramBytes?: number; bus?: Bus; jit?: boolean; jitHot?: number }
export function jitDefault(): boolean { return process.env.RASPVISOR_JIT !== '0'; }
export interface LastException { esr: bigint; far: bigint; elr: bigint; targetEl: number; vector: number; ec: number }

// must match tools/emu/core/layout.ts
const RAM_BASE = 0x1400000;
const BPS = 0x118000;
const STATS = 0x119000;
const MAX_BPS = 64;
const RUN_SLICE = 1 << 22;
const L = {
  PC: 0x120, SPEL: 0x150, ICOUNT: 0x170, FPCR: 0x1b0, FPSR: 0x1b4, LAST_ESR: 0x1c0, LAST_FAR: 0x1c8,
  LAST_ELR: 0x1d0, LAST_TARGET: 0x1d8, LAST_VEC: 0x1dc, LASTRUN: 0x1e0, V0: 0x200, SYS: 0x400, LINES: 0x14c,
};
const sysregIndex = new Map(sysregs.map(([name], i) => [name.replace(/_$/, ''), i]));

interface CoreExports {
  init(cores: number, ram: number): void;
  stateBase(c: number): number;
  resetCore(c: number, pc: number, el: number): void;
  run(c: number, n: number): number;
  skipBreakpointOnce(): void;
  setLines(c: number, l: number): void;
  setCounter(c: number, cnt: number, tpi: number): void;
  timerLines(c: number): number;
  updateTimerLines(c: number): number;
  nextTimerDeadline(c: number): number;
  counterNow(c: number): number;
  getPstateOf(c: number): number;
  setPstateOf(c: number, v: number): void;
  stateChanged(c: number): void;
  syncSpBanks(c: number): void;
  reloadSp(c: number): void;
  invalidateCode(pa: number, len: number): void;
  invalidateAllCode(): void;
  flushTlbs(): void;
  sendEvent(): void;
  setHalted(c: number, h: number): void;
  setHostExceptions(c: number, on: number): void;
  setCntfrq(hz: number): void;
  translateVa(c: number, va: bigint, write: number): bigint;
  jitEnable(on: number, hot: number): void;
  jitRead: Function; jitWrite: Function; jitStoreHook: Function;
  jitPrep(slot: number, ppn: number, idx: number): void;
  jitFlush(): void;
}

let modulePromise: Promise<WebAssembly.Module> | undefined;
async function coreModule(): Promise<WebAssembly.Module> {
  modulePromise ??= coreWasmPath().then((p) => WebAssembly.compile(fs.readFileSync(p)));
  return modulePromise;
}

export async function createCpu(opts: CpuOptions = {}): Promise<Cpu> {
  const cores = opts.cores ?? 4;
  const ramBytes = opts.ramBytes ?? 1 << 30;
  if (cores < 1 || cores > 4) throw new RangeError('cores must be 1..4');
  if (ramBytes % 65536 !== 0 || ramBytes <= 0 || ramBytes > 1 << 30) throw new RangeError('ramBytes must be a multiple of 64 KiB, at most 1 GiB');
  const pages = Math.max(400, (RAM_BASE + ramBytes) / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const bus = opts.bus ?? { read: () => 0, write: () => {} };
  const table = new WebAssembly.Table({ initial: FIRST_INDEX + 64, element: 'anyfunc' });
  let jit: Jit | undefined;
  const inst = await WebAssembly.instantiate(await coreModule(), {
    env: { memory, table },
    jit: { compile: (slot: number, ppn: number, off: number, why: number) => (jit ? jit.compile(slot, ppn, off, why) : 0) },
    bus: {
      read: (c: number, pa: number, size: number) => bus.read(c, pa, size as 1 | 2 | 4) >>> 0,
      write: (c: number, pa: number, size: number, v: number) => bus.write(c, pa, size as 1 | 2 | 4, v >>> 0),
    },
  });
  const ex = inst.exports as unknown as CoreExports;
  ex.init(cores, ramBytes);
  // jitHot (or RASPVISOR_JIT_HOT): entries before a page is translated (1: at once, for tests)
  if (opts.jit ?? jitDefault()) {
    const hot = opts.jitHot ?? Number(process.env.RASPVISOR_JIT_HOT ?? 0);
    jit = new Jit(memory, table, ex, hot !== 1);
    ex.jitEnable(1, hot);
  }
  return new Cpu(ex, memory, cores, ramBytes, jit);
}

export class Cpu {
  readonly ram: Uint8Array;
  private readonly dv: DataView;
  private readonly bps: bigint[] = [];
  private readonly lastRun: number[] = [0, 0, 0, 0];
  private readonly u8: Uint8Array;

  constructor(private readonly ex: CoreExports, memory: WebAssembly.Memory, readonly cores: number, readonly ramBytes: number, private readonly jit?: Jit) {
    this.ram = new Uint8Array(memory.buffer, RAM_BASE, ramBytes);
    this.dv = new DataView(memory.buffer);
    this.u8 = new Uint8Array(memory.buffer);
  }

  private base(core: number): number { this.checkCore(core); return this.ex.stateBase(core); }
  private checkCore(core: number): void { if (!(core >= 0 && core < this.cores)) throw new RangeError(`no core ${core}`); }

  reset(core: number, o: { pc: bigint | number; el?: number; sp?: bigint | number; spsel?: number }): void {
    this.checkCore(core);
    const el = o.el ?? 3;
    this.ex.resetCore(core, Number(o.pc), el);
    if (o.spsel === 0) this.setCpsr(core, (this.getCpsr(core) & ~1) >>> 0);
    if (o.sp !== undefined) this.setSp(core, BigInt(o.sp));
  }
  run(core: number, maxInsns: number): StopReason {
    this.checkCore(core);
    // Long budgets are cut into slices: V8 runs a wasm function in its baseline tier until the
    // function is entered again, so one endless call would never reach the optimizing tier.
    let left = Math.max(0, Math.min(maxInsns, 0x7fffffff)) | 0;
    let done = 0;
    for (;;) {
      const why = this.ex.run(core, Math.min(left, RUN_SLICE)) as StopReason;
      const n = this.dv.getInt32(this.base(core) + L.LASTRUN, true);
      done += n; left -= n;
      if (why !== StopReason.Budget || left <= 0 || n === 0) {
        this.lastRun[core] = done;
        return why;
      }
    }
  }
  /** Translator figures (undefined when translation is off). */
  jitStats(): JitStats | undefined { return this.jit?.figures(); }
  /** Resume past a breakpoint at the current PC (GDB continue/step from a breakpoint). */
  skipBreakpointOnce(): void { this.ex.skipBreakpointOnce(); }
  lastRunCount(core: number): number { this.checkCore(core); return this.lastRun[core]; }
  insnCount(core: number): number { return Number(this.dv.getBigInt64(this.base(core) + L.ICOUNT, true)); }

  getX(core: number, n: number): bigint {
    if (n === 31) return 0n;
    return this.dv.getBigUint64(this.base(core) + n * 8, true);
  }
  setX(core: number, n: number, v: bigint): void {
    if (n < 0 || n > 30) throw new RangeError('x register 0..30');
    this.dv.setBigUint64(this.base(core) + n * 8, BigInt.asUintN(64, v), true);
  }
  getSp(core: number): bigint { return this.dv.getBigUint64(this.base(core) + 33 * 8, true); }
  setSp(core: number, v: bigint): void { this.dv.setBigUint64(this.base(core) + 33 * 8, BigInt.asUintN(64, v), true); this.ex.syncSpBanks(core); }
  getPc(core: number): bigint { return this.dv.getBigUint64(this.base(core) + L.PC, true); }
  setPc(core: number, v: bigint): void { this.dv.setBigUint64(this.base(core) + L.PC, BigInt.asUintN(64, v), true); }
  getCpsr(core: number): number { this.checkCore(core); return this.ex.getPstateOf(core) >>> 0; }
  setCpsr(core: number, v: number): void { this.checkCore(core); this.ex.setPstateOf(core, v >>> 0); }
  getV(core: number, n: number): Uint8Array { const b = this.base(core) + L.V0 + n * 16; return this.u8.slice(b, b + 16); }
  setV(core: number, n: number, bytes: Uint8Array): void { this.u8.set(bytes.subarray(0, 16), this.base(core) + L.V0 + n * 16); }
  getFpsr(core: number): number { return this.dv.getUint32(this.base(core) + L.FPSR, true); }
  getFpcr(core: number): number { return this.dv.getUint32(this.base(core) + L.FPCR, true); }
  setFpsr(core: number, v: number): void { this.dv.setUint32(this.base(core) + L.FPSR, v & 0xf800009f, true); }
  setFpcr(core: number, v: number): void { this.dv.setUint32(this.base(core) + L.FPCR, v & 0x07f70000, true); }

  /** Exceptions taken so far (all cores), by class: 'EC 0x15 (SVC)', 'IRQ', ... (non-zero only). */
  exceptionStats(): Record<string, number> {
    const names: Record<number, string> = { 0x00: 'UNDEFINED', 0x01: 'WFI/WFE trap', 0x07: 'FP trap', 0x0e: 'illegal state', 0x15: 'SVC', 0x16: 'HVC',
      0x17: 'SMC', 0x18: 'sysreg trap', 0x20: 'instruction abort (lower EL)', 0x21: 'instruction abort', 0x22: 'PC alignment',
      0x24: 'data abort (lower EL)', 0x25: 'data abort', 0x26: 'SP alignment', 0x2f: 'SError', 0x3c: 'BRK' };
    const out: Record<string, number> = {};
    for (let i = 0; i < 67; i++) {
      const n = this.dv.getInt32(STATS + i * 4, true);
      if (!n) continue;
      const key = i < 64 ? `EC 0x${i.toString(16).padStart(2, '0')} (${names[i] ?? 'other'})` : ['IRQ', 'FIQ', 'SError'][i - 64];
      out[key] = n;
    }
    return out;
  }
  private srOffset(name: string): number {
    const i = sysregIndex.get(name);
    if (i === undefined) throw new RangeError(`unknown system register ${name}`);
    return L.SYS + i * 8;
  }
  getSysreg(core: number, name: string): bigint {
    if (name === 'SP_EL0' || name === 'SP_EL1' || name === 'SP_EL2' || name === 'SP_EL3') {
      this.ex.syncSpBanks(core);
      return this.dv.getBigUint64(this.base(core) + L.SPEL + Number(name[5]) * 8, true);
    }
    return this.dv.getBigUint64(this.base(core) + this.srOffset(name), true);
  }
  setSysreg(core: number, name: string, v: bigint): void {
    if (name === 'SP_EL0' || name === 'SP_EL1' || name === 'SP_EL2' || name === 'SP_EL3') {
      this.ex.syncSpBanks(core);
      this.dv.setBigUint64(this.base(core) + L.SPEL + Number(name[5]) * 8, BigInt.asUintN(64, v), true);
      this.ex.reloadSp(core);
      return;
    }
    this.dv.setBigUint64(this.base(core) + this.srOffset(name), BigInt.asUintN(64, v), true);
    this.ex.stateChanged(core);
  }
  static sysregNames(): string[] { return [...sysregIndex.keys()]; }

  // ---- interrupts and time
  private lines(core: number): number { return this.dv.getInt32(this.base(core) + L.LINES, true); }
  private setLine(core: number, bit: number, level: boolean): void {
    const l = this.lines(core);
    this.ex.setLines(core, level ? l | bit : l & ~bit);
  }
  setIrq(core: number, level: boolean): void { this.setLine(core, 1, level); }
  setFiq(core: number, level: boolean): void { this.setLine(core, 2, level); }
  setSError(core: number, level: boolean): void { this.setLine(core, 4, level); }
  setCounter(core: number, cntpct: number, ticksPerInsn: number): void { this.checkCore(core); this.ex.setCounter(core, cntpct, ticksPerInsn); }
  counter(core: number): number { this.checkCore(core); return this.ex.counterNow(core); }
  setCntfrq(hz: number): void { this.ex.setCntfrq(hz); }
  timerLines(core: number): number { this.checkCore(core); return this.ex.updateTimerLines(core); }
  nextTimerDeadline(core: number): number { this.checkCore(core); const d = this.ex.nextTimerDeadline(core); return d < 0 ? Infinity : d; }
  sendEvent(): void { this.ex.sendEvent(); }
  halt(core: number, halted = true): void { this.checkCore(core); this.ex.setHalted(core, halted ? 1 : 0); }

  // ---- memory
  translate(core: number, va: bigint, forWrite = false): bigint | null {
    this.checkCore(core);
    const p = this.ex.translateVa(core, BigInt.asUintN(64, va), forWrite ? 1 : 0);
    return p < 0n ? null : p;
  }
  readVirt(core: number, va: bigint, len: number): Uint8Array | null {
    const out = new Uint8Array(len);
    for (let i = 0; i < len;) {
      const a = va + BigInt(i);
      const pa = this.translate(core, a);
      if (pa === null || pa >= BigInt(this.ramBytes)) return null;
      const chunk = Math.min(len - i, 4096 - Number(a & 0xfffn));
      out.set(this.ram.subarray(Number(pa), Number(pa) + chunk), i);
      i += chunk;
    }
    return out;
  }
  writeVirt(core: number, va: bigint, bytes: Uint8Array): boolean {
    for (let i = 0; i < bytes.length;) {
      const a = va + BigInt(i);
      const pa = this.translate(core, a, true) ?? this.translate(core, a);
      if (pa === null || pa >= BigInt(this.ramBytes)) return false;
      const chunk = Math.min(bytes.length - i, 4096 - Number(a & 0xfffn));
      this.ram.set(bytes.subarray(i, i + chunk), Number(pa));
      this.invalidateCode(Number(pa), chunk);
      i += chunk;
    }
    return true;
  }
  invalidateCode(pa: number, len: number): void { this.ex.invalidateCode(pa, len); }
  invalidateAllCode(): void { this.ex.invalidateAllCode(); }
  flushTlbs(): void { this.ex.flushTlbs(); }

  // ---- debugging
  addBreakpoint(va: bigint): void {
    va = BigInt.asUintN(64, va);
    if (this.bps.includes(va)) return;
    if (this.bps.length >= MAX_BPS) throw new RangeError(`at most ${MAX_BPS} breakpoints`);
    this.bps.push(va);
    this.writeBps();
  }
  removeBreakpoint(va: bigint): void {
    const i = this.bps.indexOf(BigInt.asUintN(64, va));
    if (i >= 0) { this.bps.splice(i, 1); this.writeBps(); }
  }
  private writeBps(): void {
    this.dv.setInt32(BPS, this.bps.length, true);
    this.bps.forEach((v, i) => this.dv.setBigUint64(BPS + 8 + i * 8, v, true));
  }

  /** Host-exception mode: exceptions stop run() with StopReason.Exception instead of being taken. */
  setHostExceptions(core: number, on: boolean): void { this.checkCore(core); this.ex.setHostExceptions(core, on ? 1 : 0); }
  lastException(core: number): LastException {
    const b = this.base(core);
    const esr = this.dv.getBigUint64(b + L.LAST_ESR, true);
    return {
      esr, far: this.dv.getBigUint64(b + L.LAST_FAR, true), elr: this.dv.getBigUint64(b + L.LAST_ELR, true),
      targetEl: this.dv.getInt32(b + L.LAST_TARGET, true), vector: this.dv.getInt32(b + L.LAST_VEC, true), ec: Number(esr >> 26n) & 0x3f,
    };
  }
}
