// What the GDB stub needs from whatever it debugs. The machine implements it with its cores
// as threads 1-4; tests implement it with a small scripted target.
import type { Machine } from '../machine/machine.ts';
import { runMachine } from '../machine/runner.ts';
import { REG, REG_COUNT, SYSREG_NAMES } from './target-xml.ts';

export type StopEvent =
  | { kind: 'stopped'; thread: number; signal: number; swbreak?: boolean }
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
  step(t: number): Promise<StopEvent>;
  resume(interrupted: () => boolean): Promise<StopEvent>;
}

const ELS = ['EL0', 'EL1', 'EL2', 'EL3'];

export class MachineTarget implements GdbTarget {
  private bps = new Set<bigint>();
  constructor(private readonly m: Machine) {}

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
    const r = await runMachine(this.m, { interactive: true, shouldStop: () => (interrupted() ? 'quit' : null) });
    if (r.reason === 'breakpoint') return { kind: 'stopped', thread: (r.core ?? 0) + 1, signal: SIGTRAP, swbreak: true };
    if (r.reason === 'quit') return { kind: 'stopped', thread: 1, signal: SIGINT };
    return { kind: 'exited', code: 0, why: r.reason };
  }
}
