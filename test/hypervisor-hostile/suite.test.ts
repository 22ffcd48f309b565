// The hostile-guest suite (docs/hypervisor.md "Containment"): attackers (guests/*.S here) run
// beside two well-behaved VMs (guests/good.S) on one card of VMs, batched so that every outcome
// stays separable (each attacker is its own VM with its own console lines). The well-behaved
// VMs' transcripts must be byte-identical to a run without the attackers, and each attacker's
// outcome (served correctly, or stopped with its report) is written out here from the
// architecture and the hypervisor's specification.
import { beforeAll, describe, expect, test } from 'vitest';
import { buildHostile, consoleLines, runHostile, vmBytes, type Run } from './harness.ts';

const GOOD = Array.from({ length: 24 }, (_, i) => `good: round 0x${(i + 1).toString(16)} ok\n`).join('') + 'good: done\n';
// VM 1 is on the console from the start; once it is done, ?2 shows VM 2's output (held while
// it was in the background, then live) and ?h marks the end.
const INPUT = '\\w{good: done\n}?2\\w{good: done\n}?h';
const UNTIL = '?h      this help';
const SWITCH = 'console: switched to VM 2 (b_good)\r\n';

interface Transcripts {
  vm1: string;
  vm2: string;
  lines: string[];
  raw: string;
}

function split(r: Run): Transcripts {
  expect(r.exitCode, r.raw + r.stderr).toBe(0);
  const at = r.raw.indexOf(SWITCH);
  expect(at, r.raw).toBeGreaterThan(0);
  const end = r.raw.indexOf('console commands:');
  return {
    vm1: vmBytes(r.raw.slice(0, at)),
    vm2: vmBytes(r.raw.slice(at + SWITCH.length, end < 0 ? undefined : end)),
    lines: consoleLines(r.raw),
    raw: r.raw,
  };
}

async function card(guests: Record<string, string>, input = INPUT): Promise<Transcripts> {
  const image = await buildHostile({ a_good: 'good', b_good: 'good', ...guests });
  return split(await runHostile(image, UNTIL, input));
}

/** No hypervisor bug report, no AssemblyScript abort or wasm trap, in any run. */
function noHypervisorReport(t: Transcripts): void {
  expect(t.raw).not.toMatch(/EL2 exception|abort:|trap:|EL3: unexpected/i);
}

const hex = '0x[0-9a-f]+';
const report = (vm: number, what: string) => new RegExp(`^WARN\\[${vm}\\]: stopped: ${what} \\(ELR_EL2 ${hex}, ESR_EL2 ${hex}, FAR_EL2 ${hex}\\)$`);

describe('hostile guests beside two well-behaved VMs (our emulator)', () => {
  let alone: Transcripts;
  beforeAll(async () => {
    alone = await card({});
  }, 280_000);

  test('without attackers: both well-behaved VMs keep all their state for 24 rounds', () => {
    expect(alone.vm1).toBe(GOOD);
    expect(alone.vm2).toBe(GOOD);
    noHypervisorReport(alone);
  });

  test('SMC, EL2/EL3 registers, undefined encodings, ISV=0 MMIO, IPAs outside, quota', async () => {
    const t = await card({
      c_smc: 'smc', d_el2regs: 'el2regs', e_undef: 'undef', f_mmio: 'mmio', g_ipa: 'ipa_high', h_iabt: 'iabt', i_quota: 'quota',
    });
    expect(t.vm1).toBe(alone.vm1);
    expect(t.vm2).toBe(alone.vm2);
    noHypervisorReport(t);
    const of = (vm: number) => t.lines.filter((l) => l.startsWith(`WARN[${vm}]`) || l.startsWith(`INFO[${vm}]: exited`));
    // SMC (ESR EC 0x17, IL): trapped by HCR_EL2.TSC, never reaches EL3; PSCI served, a SiP call stops it.
    expect(of(3)).toHaveLength(1);
    expect(of(3)[0]).toMatch(report(3, 'SMC \\(not available to VMs\\)'));
    expect(of(3)[0]).toContain('(ELR_EL2 0x80014, ESR_EL2 0x5e000000,');
    // All 16 EL2/EL3 accesses UNDEFINED at EL1: taken by the guest's own vector with EC 0.
    expect(of(4)).toEqual(['INFO[4]: exited with code 16']);
    // 8 undefined encodings (EC 0) and the illegal return to EL2 (EC 0x0E), all at EL1.
    expect(of(5)).toEqual(['INFO[5]: exited with code 9']);
    // XZR, LDP/STP writeback and the flood served (0x7), then the SIMD load stops it.
    expect(of(6)[0]).toBe('WARN[6]: HVC #7');
    expect(of(6)[1]).toMatch(report(6, 'MMIO access at IPA 0x3f200000 by an instruction that cannot be emulated \\(0x3dc00000\\)'));
    expect(of(6)).toHaveLength(2);
    expect(of(7)).toHaveLength(1);
    expect(of(7)[0]).toMatch(report(7, 'data abort at IPA 0x100000000, outside its memory \\(DFSC 0x[4-7]\\)'));
    expect(of(8)).toHaveLength(1);
    expect(of(8)[0]).toMatch(report(8, 'instruction abort at IPA 0x3f215040'));
    // Every page of its 16 MiB fresh and zero, then one page past it: stopped.
    expect(of(9)).toHaveLength(1);
    expect(of(9)[0]).toMatch(report(9, 'data abort at IPA 0x1000000, outside its memory \\(DFSC 0x[4-7]\\)'));
  }, 280_000);

  test('FP/SIMD in two more VMs, mailbox and DMA, a complaint flood, WFI for ever, random code', async () => {
    const t = await card({
      c_fp: 'fpsimd', d_fp: 'fpsimd', e_mbox: 'mailbox', f_flood: 'flood', g_wfi: 'wfi', h_wfip: 'wfi_pending', i_random: 'random',
    }, INPUT.replace('?h', '\\p{300}?h')); // on four cores the good VMs are done long before the flood: give it 300 ms more
    expect(t.vm1).toBe(alone.vm1);
    expect(t.vm2).toBe(alone.vm2);
    noHypervisorReport(t);
    const of = (vm: number) => t.lines.filter((l) => (l.startsWith(`WARN[${vm}]`) || l.startsWith(`INFO[${vm}]`) || l.includes(`about VM ${vm} `)) && !/: load(ing|ed)/.test(l));
    expect(of(3)).toContain('INFO[3]: exited with code 0');
    expect(of(4)).toContain('INFO[4]: exited with code 0');
    expect(of(5)).toContain('INFO[5]: exited with code 15');
    // The flood: at most the burst of 10 lines plus what the refill allows, a "suppressed"
    // count, and it got to its end (the hypervisor did not run out of memory).
    const flood = of(6);
    expect(flood.filter((l) => /^INFO\[6\]: exited with code (0|32)$/.test(l)), flood.join('\n')).toHaveLength(1);
    expect(flood.filter((l) => l.startsWith('WARN[6]: HVC #')).length).toBeLessThan(40);
    // (The "N messages suppressed" line comes with the next line allowed, if any before the end.)
    for (const l of flood.filter((x) => x.startsWith('console:'))) expect(l).toMatch(/^console: \d+ messages about VM 6 suppressed$/);
    // WFI with interrupts masked, with or without one pending: no line at all.
    expect(of(7)).toEqual([]);
    expect(of(8)).toEqual([]);
    // Random code: anything confined to VM 9 (its lines name VM 9 only).
    expect(t.lines.filter((l) => /^(WARN|INFO)\[/.test(l) && !/^(WARN|INFO)\[[1-9]\]/.test(l))).toEqual([]);
  }, 280_000);
});
