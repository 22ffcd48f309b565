// The machine's scheduler and clock with a scripted stand-in core (no CPU needed): idle
// skipping to the next device event, WFI wake-up by an interrupt routed through the legacy
// controller and the ARM-local block, WFE polling, input pacing, and no spinning on a core
// that makes no progress.
import { describe, expect, it } from 'vitest';
import type { CpuPort, StopReasons } from '../../tools/emu/machine/cpu-port.ts';
import { Machine } from '../../tools/emu/machine/machine.ts';
import { runMachine } from '../../tools/emu/machine/runner.ts';

const STOP: StopReasons = { Budget: 0, Wfi: 1, Wfe: 2, Breakpoint: 3, Halted: 4, TimerChanged: 5, Exception: 6 };

/** Each core follows a script: run(c, n) asks `next(c, n)` for [reason, executed]. */
class ScriptedCpu implements Partial<CpuPort> {
  ram = new Uint8Array(1 << 16);
  irq = [false, false, false, false];
  calls = [0, 0, 0, 0];
  count = [0, 0, 0, 0];
  private last = [0, 0, 0, 0];
  constructor(private readonly next: (c: number, n: number, cpu: ScriptedCpu) => [number, number]) {}
  run(c: number, n: number) { this.calls[c]++; const [why, k] = this.next(c, n, this); this.last[c] = k; this.count[c] += k; return why; }
  lastRunCount(c: number) { return this.last[c]; }
  insnCount(c: number) { return this.count[c]; }
  setIrq(c: number, l: boolean) { this.irq[c] = l; }
  setFiq() {}
  setCounter() {}
  setCntfrq() {}
  timerLines() { return 0; }
  nextTimerDeadline() { return Infinity; }
  invalidateCode() {}
  sendEvent() {}
}

function machine(next: ConstructorParameters<typeof ScriptedCpu>[0]) {
  const cpu = new ScriptedCpu(next);
  const m = new Machine({ cpu: cpu as unknown as CpuPort, stop: STOP });
  return { m, cpu };
}

describe('scheduler and virtual clock', () => {
  it('skips idle time to a system timer match and wakes the WFI core through IC + local block', async () => {
    let woke = -1;
    const { m, cpu } = machine((c, n, cpu) => {
      if (c !== 0) return [STOP.Wfe, 0];
      if (cpu.irq[0]) { woke = m.clock.now; return [STOP.Halted, 1]; }
      return [STOP.Wfi, 100];
    });
    m.bus.write(0, 0x3f00b210, 4, 1 << 3); // enable GPU IRQ 3 (timer match 3)
    m.bus.write(0, 0x3f003018, 4, 5000); // C3 = 5000 µs
    const r = await runMachine(m, { maxInsns: 1e6 });
    expect(woke).toBe(5_000_000); // time jumped to the match at 5 ms; the core woke right there
    expect(m.idleSkippedNs).toBeGreaterThan(4_900_000);
    expect(r.insns).toBeLessThan(2000);
    expect(cpu.calls[1]).toBeLessThan(10); // the dozing cores were looked at only now and then
  });

  it('paces input one byte per slice and wakes WFE cores when it arrives', async () => {
    const got: number[] = [];
    const { m } = machine((c) => {
      if (c !== 0) return [STOP.Halted, 0];
      while (m.bus.read(0, 0x3f215054, 4) & 1) got.push(m.bus.read(0, 0x3f215040, 4));
      return [STOP.Wfe, 10];
    });
    m.bus.write(0, 0x3f215004, 4, 1); // AUX_ENABLES
    m.queueInput([{ kind: 'pause', ns: 1e6 }, ...[...'abc'].map((ch) => ({ kind: 'byte' as const, value: ch.charCodeAt(0) }))]);
    const r = await runMachine(m, { maxInsns: 1e6 });
    expect(String.fromCharCode(...got)).toBe('abc');
    expect(r.reason).toBe('idle');
    expect(m.clock.now).toBeGreaterThanOrEqual(1e6);
  });

  it('does not spin on a core whose run() makes no progress', async () => {
    const { m, cpu } = machine((c) => (c === 0 ? [STOP.Budget, 0] : [STOP.Halted, 0]));
    await runMachine(m, { maxInsns: 10, timeoutMs: 200 });
    expect(cpu.calls[0]).toBeGreaterThan(0);
  });
});
