// The part of the CPU core's API (tools/emu/README.md, engineer of issue 3) that the machine
// uses. Written as an interface so that the machine can also be driven by a scripted stand-in
// core in tests of the scheduler and devices.

/** Why `run` returned; the numeric values come from the core (tools/emu/cpu.ts StopReason). */
export interface StopReasons {
  Budget: number;
  Wfi: number;
  Wfe: number;
  Breakpoint: number;
  Halted: number;
  TimerChanged: number;
  Exception: number;
}

export interface CpuBus {
  read(core: number, pa: number, size: number): number;
  write(core: number, pa: number, size: number, value: number): void;
}

export interface CpuPort {
  readonly ram: Uint8Array;
  reset(core: number, state: { pc: bigint | number; el?: number; sp?: bigint | number; spsel?: number }): void;
  run(core: number, maxInsns: number): number;
  lastRunCount(core: number): number;
  insnCount(core: number): number;
  halt?(core: number): void;

  getX(core: number, n: number): bigint;
  setX(core: number, n: number, v: bigint): void;
  getSp(core: number): bigint;
  setSp(core: number, v: bigint): void;
  getPc(core: number): bigint;
  setPc(core: number, v: bigint): void;
  getCpsr(core: number): number;
  setCpsr(core: number, v: number): void;
  getV?(core: number, n: number): Uint8Array;
  setV?(core: number, n: number, bytes: Uint8Array): void;
  getFpsr?(core: number): number;
  getFpcr?(core: number): number;
  setFpsr?(core: number, v: number): void;
  setFpcr?(core: number, v: number): void;
  getSysreg(core: number, name: string): bigint;
  setSysreg(core: number, name: string, v: bigint): void;

  setIrq(core: number, level: boolean): void;
  setFiq(core: number, level: boolean): void;
  setCounter(core: number, cntpct: number, ticksPerInsn: number): void;
  setCntfrq(hz: number): void;
  timerLines(core: number): number;
  nextTimerDeadline(core: number): number;
  sendEvent(): void;

  addBreakpoint(va: bigint): void;
  removeBreakpoint(va: bigint): void;
  translate(core: number, va: bigint, forWrite?: boolean): bigint | null;
  readVirt?(core: number, va: bigint, len: number): Uint8Array | null;
  writeVirt?(core: number, va: bigint, bytes: Uint8Array): boolean | void;
  invalidateCode(pa: number, len: number): void;
  invalidateAllCode?(): void;
  /** Exception counts by class for --stats, when the core keeps them. */
  exceptionStats?(): Record<string, number>;
}

/** Timer output bits as the core reports them (timerLines). */
export const CPU_TIMER = { CNTPNS: 1, CNTV: 2, CNTHP: 4, CNTPS: 8 } as const;
