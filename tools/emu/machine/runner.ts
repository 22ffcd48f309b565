// Drives a Machine until a stop condition: the output contains --until text, the instruction
// budget or the wall-clock timeout runs out, the guest resets or halts, the user quits, or
// nothing can ever happen again. Slices run in batches of a few milliseconds between which
// the Node event loop gets a turn (keyboard, GDB socket, signals).
import type { Machine } from './machine.ts';

export type EndReason = 'until' | 'max-insns' | 'timeout' | 'reset' | 'halted' | 'exception' | 'idle' | 'quit' | 'breakpoint';

export interface RunLimits {
  maxInsns?: number;
  timeoutMs?: number;
  until?: string;
  /** Keep waiting when all cores are idle with nothing scheduled (an interactive terminal). */
  interactive?: boolean;
  /** More input may still come (an open pipe on stdin): an idle guest waits instead of ending. */
  waitForInput?: () => boolean;
  /** Called at each batch; return true to stop (quit key, GDB interrupt). */
  shouldStop?: () => EndReason | null;
}

export interface RunResult {
  reason: EndReason;
  insns: number;
  wallMs: number;
  virtualNs: number;
  core?: number;
}

const BATCH_MS = 20;
const IDLE_POLL_MS = 20;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const tick = () => new Promise<void>((r) => setImmediate(r));

export async function runMachine(m: Machine, limits: RunLimits): Promise<RunResult> {
  const t0 = performance.now();
  const insns0 = m.totalInsns;
  const result = (reason: EndReason, core?: number): RunResult => ({
    reason,
    insns: m.totalInsns - insns0,
    wallMs: performance.now() - t0,
    virtualNs: m.clock.now,
    core,
  });
  const untilSeen = () => limits.until !== undefined && m.output.includes(limits.until);
  for (;;) {
    const batchEnd = performance.now() + BATCH_MS;
    while (performance.now() < batchEnd) {
      if (m.allIdle()) {
        if (m.clock.realtime) {
          const next = m.nextEventNs();
          const waitMs = Math.min(IDLE_POLL_MS, Math.max(0, (next - m.clock.wallNs()) / 1e6));
          if (waitMs > 0) await sleep(waitMs);
          m.clock.followWall();
          m.skipToNextEvent();
          if (m.allIdle()) break; // let the event loop run, check stop conditions
        } else if (limits.interactive && m.nextEventNs() > m.clock.wallNs()) {
          // Someone is at the keyboard: an idle guest must not race its clock ahead of the
          // wall (a 10 ms scheduler tick would otherwise spin the host at full speed), so wait
          // until the wall clock reaches the next event or a key arrives.
          const next = m.nextEventNs();
          await sleep(Math.min(IDLE_POLL_MS, Number.isFinite(next) ? Math.max(1, (next - m.clock.wallNs()) / 1e6) : IDLE_POLL_MS));
          break;
        } else if (!m.skipToNextEvent()) {
          if (!limits.interactive && !limits.waitForInput?.()) return result('idle');
          await sleep(IDLE_POLL_MS);
          break;
        }
      }
      for (let i = 0; i < 64; i++) {
        m.slice();
        if (m.stopRequest || m.allIdle()) break;
        if (limits.maxInsns !== undefined && m.totalInsns - insns0 >= limits.maxInsns) break;
      }
      if (untilSeen()) return result('until');
      const s = m.stopRequest;
      if (s) {
        m.stopRequest = null;
        if (s.kind === 'breakpoint') return result('breakpoint', s.core);
        if (s.kind === 'exception') return result('exception', s.core);
        return result(s.kind);
      }
      if (limits.maxInsns !== undefined && m.totalInsns - insns0 >= limits.maxInsns) return result('max-insns');
    }
    if (untilSeen()) return result('until');
    if (limits.timeoutMs !== undefined && performance.now() - t0 >= limits.timeoutMs) return result('timeout');
    const stop = limits.shouldStop?.();
    if (stop) return result(stop);
    await tick();
  }
}
