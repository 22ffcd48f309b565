// What the GDB stub needs from whatever it debugs. The machine implements it with its cores
// as threads 1-4; tests implement it with a small scripted target.
import type { Machine } from '../machine/machine.ts';
import { runMachine, type RunLimits, type RunResult } from '../machine/runner.ts';
import { REG, REG_COUNT, SYSREG_NAMES } from './target-xml.ts';

export type StopEvent =
  | { kind: 'stopped'; thread: number; signal: number; swbreak?: boolean; watch?: bigint }
  | { kind: 'exited'; code: number; why: string };

export const SIGINT = 2;
export const SIGTRAP = 5;

export interface GdbTarget {
  threads(): number[];
  describeThread(t: number): string;
  readReg(t: number, n: number): bigint;
  writeReg(t: number, n: number, v: bigint): void;
  readMem(t: number, addr: bigint, len: number): Uint8Array | null;
  writeMem(t: number, addr: bigint, bytes: Uint8Array): boolean;
  addBreakpoint(addr: bigint): void;
  removeBreakpoint(addr: bigint): void;
  /** Write watchpoint (Z2) on `len` bytes at `addr` of thread `t`'s address space; false if
   *  the address is not RAM. Optional: a target without them answers Z2 as unsupported. */
  addWatchpoint?(t: number, addr: bigint, len: number): boolean;
  removeWatchpoint?(addr: bigint): void;
  step(t: number): Promise<StopEvent>;
  resume(interrupted: () => boolean): Promise<StopEvent>;
}

const ELS = ['EL0', 'EL1', 'EL2', 'EL3'];

/** A write watchpoint: the RAM bytes it covers (translated once, when set) and their value
 *  when last looked at. */
interface Watch { addr: bigint; pa: number; len: number; old: Uint8Array }

export class MachineTarget implements GdbTarget {
  private bps = new Set<bigint>();
  private watches = new Map<bigint, Watch>();
  private watchHit: { core: number; addr: bigint } | null = null;
  /** The session is over (gdb gone): a resume in progress ends at once. */
  private ended = false;
  /** limits(): the run's own --until/--timeout/--max-insns, what is left of them now. */
  constructor(private readonly m: Machine, private readonly limits: () => RunLimits = () => ({})) {}

  end(): void {
    this.ended = true;
  }

  private running: Promise<unknown> = Promise.resolve();
  private hit(): { core: number; addr: bigint } | null { return this.watchHit; }
  /** Resolves once no resume is running (it ends within a batch of end()). */
  async settled(): Promise<void> {
    await this.running.catch(() => {});
  }

  /** gdb has gone: its breakpoints and watchpoints go with it. */
  clearDebug(): void {
    for (const a of this.bps) this.m.cpu.removeBreakpoint(a);
    this.bps.clear();
    this.watches.clear();
  }

  threads(): number[] {
    return [1, 2, 3, 4];
  }

  describeThread(t: number): string {
    const c = t - 1;
    return `core ${c} ${ELS[(this.m.cpu.getCpsr(c) >> 2) & 3]} ${this.m.state[c]}`;
  }

  readReg(t: number, n: number): bigint {
    const cpu = this.m.cpu, c = t - 1;
    if (n < 31) return cpu.getX(c, n);
    if (n === REG.SP) return cpu.getSp(c);
    if (n === REG.PC) return cpu.getPc(c);
    if (n === REG.CPSR) return BigInt(cpu.getCpsr(c) >>> 0);
    if (n === REG.FPSR) return BigInt((cpu.getFpsr?.(c) ?? 0) >>> 0);
    if (n === REG.FPCR) return BigInt((cpu.getFpcr?.(c) ?? 0) >>> 0);
    if (n >= REG_COUNT) return cpu.getSysreg?.(c, SYSREG_NAMES[n - REG_COUNT]) ?? 0n;
    const v = cpu.getV?.(c, n - REG.V0);
    if (!v) return 0n;
    let x = 0n;
    for (let i = 15; i >= 0; i--) x = (x << 8n) | BigInt(v[i]);
    return x;
  }

  writeReg(t: number, n: number, v: bigint): void {
    const cpu = this.m.cpu, c = t - 1;
    if (n < 31) cpu.setX(c, n, v);
    else if (n === REG.SP) cpu.setSp(c, v);
    else if (n === REG.PC) cpu.setPc(c, v);
    else if (n === REG.CPSR) cpu.setCpsr(c, Number(v & 0xffffffffn));
    else if (n === REG.FPSR) cpu.setFpsr?.(c, Number(v));
    else if (n === REG.FPCR) cpu.setFpcr?.(c, Number(v));
    else if (n >= REG_COUNT) cpu.setSysreg?.(c, SYSREG_NAMES[n - REG_COUNT], v);
    else if (cpu.setV) {
      const b = new Uint8Array(16);
      for (let i = 0; i < 16; i++) b[i] = Number((v >> BigInt(8 * i)) & 0xffn);
      cpu.setV(c, n - REG.V0, b);
    }
  }

  readMem(t: number, addr: bigint, len: number): Uint8Array | null {
    const cpu = this.m.cpu;
    if (cpu.readVirt) return cpu.readVirt(t - 1, addr, len);
    const a = Number(addr);
    if (a < 0 || a + len > cpu.ram.length) return null;
    return cpu.ram.slice(a, a + len);
  }

  writeMem(t: number, addr: bigint, bytes: Uint8Array): boolean {
    const cpu = this.m.cpu;
    if (cpu.writeVirt) return cpu.writeVirt(t - 1, addr, bytes) !== false;
    const a = Number(addr);
    if (a < 0 || a + bytes.length > cpu.ram.length) return false;
    cpu.ram.set(bytes, a);
    cpu.invalidateCode(a, bytes.length);
    return true;
  }

  addBreakpoint(addr: bigint): void {
    this.bps.add(addr);
    this.m.cpu.addBreakpoint(addr);
  }

  removeBreakpoint(addr: bigint): void {
    this.bps.delete(addr);
    this.m.cpu.removeBreakpoint(addr);
  }

  addWatchpoint(t: number, addr: bigint, len: number): boolean {
    const pa = this.m.cpu.translate(t - 1, addr, true) ?? this.m.cpu.translate(t - 1, addr);
    if (pa === null || pa + BigInt(len) > BigInt(this.m.cpu.ram.length) || len < 1 || len > 4096) return false;
    const n = Number(pa);
    this.watches.set(addr, { addr, pa: n, len, old: this.m.cpu.ram.slice(n, n + len) });
    return true;
  }

  removeWatchpoint(addr: bigint): void {
    this.watches.delete(addr);
  }

  /** Watching writes costs a look before every instruction (the machine then steps one at a
   *  time, as for --trace insn): the instruction before changed the bytes, so the stop is
   *  after the write, where gdb expects a watchpoint to stop. Value-preserving writes are not
   *  seen (as with gdb's own software watchpoints). */
  private watchHook(): ((c: number) => void) | null {
    if (this.watches.size === 0) return null;
    const ram = this.m.cpu.ram;
    const ws = [...this.watches.values()];
    return (c) => {
      for (const w of ws) {
        let same = true;
        for (let i = 0; i < w.len; i++) if (ram[w.pa + i] !== w.old[i]) { same = false; break; }
        if (same) continue;
        w.old = ram.slice(w.pa, w.pa + w.len);
        // The write may be another core's: gdb is told the core that made it, which ran last.
        this.watchHit = { core: this.lastCore, addr: w.addr };
        this.m.stopRequest = { kind: 'breakpoint', core: this.lastCore };
        return;
      }
      this.lastCore = c;
    };
  }
  private lastCore = 0;

  /** Execute one instruction of a core that sits on a breakpoint, with that breakpoint lifted. */
  private stepOff(c: number): void {
    const pc = this.m.cpu.getPc(c);
    if (!this.bps.has(pc)) return;
    this.m.cpu.removeBreakpoint(pc);
    this.m.cpu.run(c, 1);
    this.m.cpu.addBreakpoint(pc);
  }

  async step(t: number): Promise<StopEvent> {
    const c = t - 1;
    const pc = this.m.cpu.getPc(c);
    if (this.bps.has(pc)) this.stepOff(c);
    else this.m.cpu.run(c, 1);
    this.m.state[c] = 'run';
    return { kind: 'stopped', thread: t, signal: SIGTRAP };
  }

  async resume(interrupted: () => boolean): Promise<StopEvent> {
    for (let c = 0; c < 4; c++) this.stepOff(c);
    if (this.ended) return { kind: 'exited', code: 0, why: 'quit' };
    const hook = this.watchHook();
    const traced = this.m.traceInsn;
    if (hook) this.m.traceInsn = traced ? (c) => (traced(c), hook(c)) : hook;
    this.watchHit = null;
    let r: RunResult;
    try {
      const p = runMachine(this.m, { ...this.limits(), interactive: true, shouldStop: () => (interrupted() || this.ended ? 'quit' : null) });
      this.running = p;
      r = await p;
    } finally {
      this.m.traceInsn = traced;
    }
    const w = this.hit();
    if (r.reason === 'breakpoint' && w) return { kind: 'stopped', thread: w.core + 1, signal: SIGTRAP, watch: w.addr };
    if (r.reason === 'breakpoint') return { kind: 'stopped', thread: (r.core ?? 0) + 1, signal: SIGTRAP, swbreak: true };
    if (r.reason === 'quit' && !this.ended) return { kind: 'stopped', thread: 1, signal: SIGINT };
    return { kind: 'exited', code: 0, why: r.reason };
  }
}
