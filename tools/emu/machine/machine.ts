// The raspi3b machine: four cores, 1 GiB of RAM, the BCM2837 peripherals on a bus, and the
// scheduler that runs the cores in lock-step slices of virtual time. Idle cores (WFI with no
// interrupt, WFE with no event) cost nothing; when all are idle, time jumps to the next
// device or generic-timer event.
import { AuxMiniUart } from '../devices/aux-uart.ts';
import { Emmc } from '../devices/emmc.ts';
import { SdHost } from '../devices/sdhost.ts';
import { Gpio } from '../devices/gpio.ts';
import { GPU_IRQ, LegacyInterruptController } from '../devices/legacy-intc.ts';
import { LocalBlock } from '../devices/local-block.ts';
import { Mailbox } from '../devices/mailbox.ts';
import { Pl011Uart } from '../devices/pl011.ts';
import { PowerWatchdog } from '../devices/power-watchdog.ts';
import { Cprman } from '../devices/cprman.ts';
import { SdCard, type BlockStore } from '../devices/sd-card.ts';
import { SystemTimer } from '../devices/system-timer.ts';
import type { MmioDevice, TimedDevice } from '../devices/device.ts';
import type { BootPlan } from './boot.ts';
import { Bus } from './bus.ts';
import { Clock, COUNTER_HZ, COUNTER_TICKS_PER_NS, NS_PER_INSN } from './clock.ts';
import { CPU_TIMER, type CpuPort, type StopReasons } from './cpu-port.ts';
import type { InputItem } from './input-script.ts';
import { DEVICE_WINDOWS, MMIO, RAM_BYTES } from './memory-map.ts';

export const CORES = 4;
/** Instructions each core runs per slice: the interrupt latency of devices, in ns. */
export const DEFAULT_QUANTUM = 10_000;

export type CoreState = 'run' | 'wfi' | 'wfe' | 'halted';
export type UartId = 'mini' | 'pl011';

export type StopRequest =
  | { kind: 'breakpoint'; core: number }
  | { kind: 'reset' }
  | { kind: 'halted' }
  | { kind: 'exception'; core: number };

export interface MachineOptions {
  cpu: CpuPort;
  stop: StopReasons;
  ramBytes?: number;
  sd?: BlockStore | null;
  realtime?: boolean;
  quantum?: number;
  onOutput?: (byte: number, uart: UartId) => void;
  /** The bus the CPU was created with (the CPU needs it before the machine exists). */
  bus?: Bus;
}

export interface Devices {
  intc: LegacyInterruptController;
  local: LocalBlock;
  timer: SystemTimer;
  aux: AuxMiniUart;
  pl011: Pl011Uart;
  gpio: Gpio;
  mailbox: Mailbox;
  emmc: Emmc;
  sdhost: SdHost;
  pm: PowerWatchdog;
  cprman: Cprman;
}

/** Map the core's timer-output bits onto the ARM-local block's bit order. */
function localTimerBits(cpuBits: number): number {
  return (
    (cpuBits & CPU_TIMER.CNTPS ? 1 : 0) |
    (cpuBits & CPU_TIMER.CNTPNS ? 2 : 0) |
    (cpuBits & CPU_TIMER.CNTHP ? 4 : 0) |
    (cpuBits & CPU_TIMER.CNTV ? 8 : 0)
  );
}

export class Machine {
  readonly cpu: CpuPort;
  readonly stop: StopReasons;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly dev: Devices;
  readonly ramBytes: number;
  readonly quantum: number;
  readonly state: CoreState[] = ['run', 'run', 'run', 'run'];
  private irqLine = [false, false, false, false];
  private fiqLine = [false, false, false, false];
  private timed: TimedDevice[] = [];
  /** Everything the guest printed, both UARTs interleaved. */
  output = '';
  private input: InputItem[] = [];
  private inputPauseUntil = -1;
  private waitMark = 0;
  private lastInputNs = -Infinity;
  stopRequest: StopRequest | null = null;
  /** Input arrived: cores dozing in WFE get one more look (QEMU treats WFE as a yield, and
   *  polling loops with WFE are common in bare-metal UART code). */
  private wfeKick = false;
  totalInsns = 0;
  idleSkippedNs = 0;
  onOutput: (byte: number, uart: UartId) => void;
  /** --trace insn: called before every instruction (the machine then steps one at a time). */
  traceInsn: ((core: number) => void) | null = null;
  /** --trace irq: every change of a core's IRQ/FIQ input. */
  traceIrq: ((core: number, line: 'IRQ' | 'FIQ', level: boolean, nowNs: number) => void) | null = null;

  constructor(opts: MachineOptions) {
    this.cpu = opts.cpu;
    this.stop = opts.stop;
    this.bus = opts.bus ?? new Bus();
    this.ramBytes = opts.ramBytes ?? RAM_BYTES;
    this.quantum = opts.quantum ?? DEFAULT_QUANTUM;
    this.clock = new Clock(opts.realtime ?? false);
    this.onOutput = opts.onOutput ?? (() => {});
    this.sd = opts.sd ?? null;
    this.dev = this.wireDevices();
  }

  private readonly sd: BlockStore | null;

  /** Create the peripherals in their power-on state and map them on the bus. */
  private wireDevices(): Devices {
    const cpu = this.cpu;
    const local = new LocalBlock(
      {
        setIrq: (c, l) => { this.irqLine[c] = l; cpu.setIrq(c, l); this.traceIrq?.(c, 'IRQ', l, this.clock.now); },
        setFiq: (c, l) => { this.fiqLine[c] = l; cpu.setFiq(c, l); this.traceIrq?.(c, 'FIQ', l, this.clock.now); },
      },
      (ns) => Math.floor(ns * COUNTER_TICKS_PER_NS),
    );
    const intc = new LegacyInterruptController((irq, fiq) => local.setGpuOutputs(irq, fiq));
    const gpu = (n: number) => (level: boolean) => intc.setGpuIrq(n, level);
    const emit = (uart: UartId) => (b: number) => {
      this.output += String.fromCharCode(b);
      this.lastTx = uart;
      this.onOutput(b, uart);
    };
    const dev: Devices = {
      intc,
      local,
      timer: new SystemTimer([0, 1, 2, 3].map((n) => gpu(GPU_IRQ.SYSTEM_TIMER_0 + n)), this.clock.now),
      aux: new AuxMiniUart(emit('mini'), gpu(GPU_IRQ.AUX)),
      pl011: new Pl011Uart(emit('pl011'), gpu(GPU_IRQ.UART)),
      gpio: new Gpio(),
      mailbox: new Mailbox(() => cpu.ram, (l) => intc.setArmIrq(1, l)),
      emmc: new Emmc(new SdCard(this.sd), gpu(GPU_IRQ.EMMC)),
      sdhost: new SdHost(),
      pm: new PowerWatchdog(() => { this.stopRequest = { kind: 'reset' }; }),
      cprman: new Cprman(),
    };
    const byKey: Record<keyof typeof MMIO, MmioDevice> = {
      SYSTEM_TIMER: dev.timer,
      INTC: intc,
      MAILBOX: dev.mailbox,
      PM: dev.pm,
      CPRMAN: dev.cprman,
      GPIO: dev.gpio,
      PL011: dev.pl011,
      AUX: dev.aux,
      EMMC: dev.emmc,
      SDHOST: dev.sdhost,
      LOCAL: local,
    };
    for (const w of DEVICE_WINDOWS) this.bus.map(w.base, w.size, byKey[w.key], w.key === 'INTC' ? 0x200 : 0);
    this.timed = [dev.timer, local, dev.pm];
    return dev;
  }

  /** A watchdog reset with --reboot: peripherals back to power-on, RAM cleared, the boot plan
   *  loaded again. Virtual time goes on; the SD card keeps what was written to it. */
  reboot(plan: BootPlan): void {
    this.cpu.ram.fill(0);
    this.bus.clear();
    for (let c = 0; c < CORES; c++) {
      this.irqLine[c] = this.fiqLine[c] = false;
      this.cpu.setIrq(c, false);
      this.cpu.setFiq(c, false);
    }
    (this as { dev: Devices }).dev = this.wireDevices();
    this.stopRequest = null;
    this.boot(plan);
  }

  /** Put a boot plan into RAM and the cores into their first state. */
  boot(plan: BootPlan): void {
    const ram = this.cpu.ram;
    for (const l of plan.loads) ram.set(l.bytes, l.addr);
    this.cpu.invalidateAllCode ? this.cpu.invalidateAllCode() : this.cpu.invalidateCode(0, this.ramBytes);
    this.cpu.setCntfrq(COUNTER_HZ);
    plan.cores.forEach((s, c) => {
      this.cpu.reset(c, { pc: BigInt(s.pc), el: s.el, sp: 0n, spsel: 1 });
      s.x.forEach((v, n) => this.cpu.setX(c, n, BigInt(v)));
      if (s.el === 2) {
        // What the firmware's armstub (and QEMU's boot code) leaves behind at EL3: non-secure,
        // EL2 enabled, lower levels AArch64, SMC disabled; EL1 AArch64 from HCR_EL2.RW.
        this.cpu.setSysreg(c, 'SCR_EL3', 0x5b1n);
        this.cpu.setSysreg(c, 'HCR_EL2', 1n << 31n);
        this.cpu.setSysreg(c, 'CNTVOFF_EL2', 0n);
      }
      this.state[c] = 'run';
    });
    if (plan.enableUart) {
      // start.elf with enable_uart=1: GPIO 14/15 to ALT5 (mini-UART), UART on at 115200 8N1.
      this.dev.gpio.write(0x04, 4, (this.dev.gpio.read(0x04) & ~(0x3f << 12)) | (2 << 12) | (2 << 15));
      this.dev.aux.write(0x04, 4, 1);
      this.dev.aux.write(0x4c, 4, 3);
      this.dev.aux.write(0x68, 4, 270);
      this.dev.aux.write(0x60, 4, 3);
    }
    this.syncTime();
  }

  queueInput(items: InputItem[]): void {
    this.input.push(...items);
  }

  get inputPending(): boolean {
    return this.input.length > 0;
  }

  /** The UART the guest last wrote to: typed input goes there (both may be on). */
  private lastTx: UartId | null = null;

  private rxTarget(): AuxMiniUart | Pl011Uart | null {
    if (this.lastTx === 'pl011') return this.dev.pl011.canReceive() ? this.dev.pl011 : null;
    if (this.dev.aux.read(0x04) & 1) return this.dev.aux.canReceive() ? this.dev.aux : null;
    return this.dev.pl011.canReceive() ? this.dev.pl011 : null;
  }

  /** Feed scripted/keyboard input: at most one byte per slice, like a fast serial line. */
  private pumpInput(): void {
    while (this.input.length) {
      const head = this.input[0];
      if (head.kind === 'pause') {
        if (this.inputPauseUntil < 0) this.inputPauseUntil = this.clock.now + head.ns;
        if (this.clock.now < this.inputPauseUntil) return;
        this.inputPauseUntil = -1;
        this.input.shift();
        continue;
      }
      if (head.kind === 'wait') {
        const at = this.output.indexOf(head.text, this.waitMark);
        if (at < 0) return;
        this.waitMark = at + head.text.length;
        this.input.shift();
        continue;
      }
      if (this.clock.now - this.lastInputNs < this.quantum * NS_PER_INSN) return;
      const t = this.rxTarget();
      if (!t) return;
      t.receive(head.value);
      this.lastInputNs = this.clock.now;
      this.wfeKick = true;
      this.input.shift();
      return;
    }
  }

  /** When input could next move without the guest doing anything (Infinity: never). */
  private nextInputNs(): number {
    const head = this.input[0];
    if (!head) return Infinity;
    if (head.kind === 'pause') return this.inputPauseUntil < 0 ? this.clock.now : this.inputPauseUntil;
    if (head.kind === 'byte' && this.rxTarget()) return Math.max(this.clock.now, this.lastInputNs + this.quantum * NS_PER_INSN);
    return Infinity;
  }

  private syncTime(): void {
    const now = this.clock.now;
    for (const d of this.timed) d.sync(now);
    const cnt = Math.floor(now * COUNTER_TICKS_PER_NS);
    for (let c = 0; c < CORES; c++) {
      this.cpu.setCounter(c, cnt, COUNTER_TICKS_PER_NS * NS_PER_INSN);
      this.dev.local.setTimerLines(c, localTimerBits(this.cpu.timerLines(c)));
    }
  }

  /** The earliest time at which something will happen by itself. */
  nextEventNs(): number {
    const now = this.clock.now;
    let t = this.nextInputNs();
    for (const d of this.timed) t = Math.min(t, d.nextEventNs(now));
    for (let c = 0; c < CORES; c++) {
      if (this.state[c] === 'halted') continue;
      const dl = this.cpu.nextTimerDeadline(c);
      if (Number.isFinite(dl)) {
        const ns = Math.ceil(dl / COUNTER_TICKS_PER_NS);
        if (ns > now) t = Math.min(t, ns);
      }
    }
    return t;
  }

  /** A core that was running in the last slice may have executed SEV. */
  private sevPossible = false;

  private runnable(c: number): boolean {
    const s = this.state[c];
    if (s === 'run') return true;
    // A WFE core wakes on SEV from another core (only the core itself knows whether its event
    // register is set), on input (a polling loop) or on an interrupt. Looking costs one call
    // into the core, so it looks only when one of these can have happened.
    if (s === 'wfe') return this.wfeKick || this.sevPossible || this.irqLine[c] || this.fiqLine[c];
    if (s === 'wfi') return this.irqLine[c] || this.fiqLine[c];
    return false;
  }

  /** Run one slice on every runnable core. Returns the instructions executed. */
  slice(): number {
    const S = this.stop;
    const cpu = this.cpu;
    let executed = 0;
    let byRunning = 0; // instructions of cores that were running, not dozing
    for (let c = 0; c < CORES; c++) {
      if (!this.runnable(c)) continue;
      const wasRunning = this.state[c] === 'run';
      const before = executed;
      this.state[c] = 'run';
      let left = this.quantum;
      let stalls = 0; // calls that executed nothing: never loop on them
      while (left > 0) {
        if (this.traceInsn) {
          if (this.stopRequest) break; // the last instruction ended the run: trace nothing that will not run
          this.traceInsn(c);
          if (this.stopRequest) break; // the hook stopped the run (a gdb watchpoint)
        }
        const why = cpu.run(c, this.traceInsn ? 1 : left);
        const n = cpu.lastRunCount(c);
        left -= n;
        executed += n;
        if (n === 0 && ++stalls > 2) {
          if (why === S.Wfi) this.state[c] = 'wfi';
          else if (why === S.Wfe) this.state[c] = 'wfe';
          else if (why === S.Breakpoint) this.stopRequest = { kind: 'breakpoint', core: c };
          else if (why === S.Halted) this.state[c] = 'halted';
          break;
        }
        if (why === S.Budget) {
          if (this.traceInsn && left > 0) continue; // stepping one instruction at a time
          break;
        }
        if (why === S.TimerChanged) {
          this.dev.local.setTimerLines(c, localTimerBits(cpu.timerLines(c)));
          continue;
        }
        if (why === S.Wfi) {
          this.state[c] = 'wfi';
          if (this.irqLine[c] || this.fiqLine[c]) { this.state[c] = 'run'; continue; }
          break;
        }
        if (why === S.Wfe) { this.state[c] = 'wfe'; break; }
        if (why === S.Breakpoint) { this.stopRequest = { kind: 'breakpoint', core: c }; break; }
        if (why === S.Halted) { this.state[c] = 'halted'; break; }
        this.state[c] = 'halted';
        this.stopRequest = { kind: 'exception', core: c };
        break;
      }
      if (wasRunning) byRunning += executed - before;
      if (this.stopRequest) break;
    }
    this.sevPossible = byRunning > 0;
    this.wfeKick = false;
    this.totalInsns += executed;
    if (!this.clock.realtime) this.clock.now += this.quantum * NS_PER_INSN;
    else this.clock.followWall();
    this.syncTime();
    this.pumpInput();
    if (this.state.every((s) => s === 'halted') && !this.stopRequest) this.stopRequest = { kind: 'halted' };
    return executed;
  }

  /** Whether no core can make progress until an event. */
  allIdle(): boolean {
    for (let c = 0; c < CORES; c++) {
      if (!this.runnable(c)) continue;
      if (this.state[c] !== 'wfe' || this.wfeKick || this.irqLine[c] || this.fiqLine[c]) return false;
    }
    return true;
  }

  /** All cores idle: jump virtual time to the next event. False when there is none. */
  skipToNextEvent(): boolean {
    const t = this.nextEventNs();
    if (!Number.isFinite(t)) return false;
    if (t > this.clock.now) {
      this.idleSkippedNs += t - this.clock.now;
      this.clock.now = t;
    }
    this.syncTime();
    this.pumpInput();
    return true;
  }
}
