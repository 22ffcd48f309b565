// The soak run (soak.ts): a short CI variant of the same code path, and the long one behind
// RASPVISOR_LONG=1 (about 10^9 instructions on four cores).
import { describe, expect, test } from 'vitest';
import { FAULTERS, buildSoak, pools, runSoak, soakScript, stops } from './soak.ts';

const LONG = process.env.RASPVISOR_LONG === '1';

async function soak(chars: number, maxInsns: number, timeoutS: number) {
  const script = soakScript(chars, 10, 0x5eed);
  const r = await runSoak(await buildSoak(), script, maxInsns, timeoutS);
  process.stderr.write(`soak: ${chars} characters, ${script.restarts} restarts: ${r.insns} instructions (cores ${r.coreInsns.join(' ')}), ${r.virtualMs} ms virtual, ${(r.wallMs / 1000).toFixed(1)} s wall\n`);
  expect(r.exitCode, r.raw.slice(-3000) + r.stderr).toBe(0);
  expect(r.raw).not.toMatch(/EL2 exception|PANIC|abort:|trap:|EL3: unexpected/i);
  // Every core made progress.
  for (const n of r.coreInsns) expect(n).toBeGreaterThan(r.insns / 50);
  // Every ?r was taken; every stop is one of the four faults; no VM saw stale memory.
  const lines = r.raw.split('\r\n');
  expect(lines.filter((l) => /^INFO: VM [2-5] restarting from the console$/.test(l))).toHaveLength(script.restarts);
  const s = stops(r.raw);
  expect(s.other).toEqual([]);
  expect(Object.values(s.byReason).reduce((a, b) => a + b, 0)).toBeGreaterThan(FAULTERS.length);
  expect(r.raw).not.toMatch(/INFO\[[2-5]\]: exited with code/);
  // The pool and the heap: the same after all the restarts as at the start.
  const [start, end] = pools(r.raw);
  expect(end.free).toBe(start.free);
  expect(end.heap).toBe(start.heap);
  return r;
}

describe('soak: faulting VMs restarted at random, console input at 1,000 characters/s (our emulator)', () => {
  test('short (CI): 100 characters', async () => {
    await soak(100, 2_000_000_000, 200);
  }, 280_000);
  test.skipIf(!LONG)('long (RASPVISOR_LONG=1): ~10^9 instructions', async () => {
    const r = await soak(1500, 4_000_000_000, 1500);
    expect(r.insns).toBeGreaterThan(1e9);
  }, 1_600_000);
});
