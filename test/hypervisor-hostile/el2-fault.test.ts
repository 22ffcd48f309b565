// A planted hypervisor bug: the EL2 exception report (hypervisor/exits/el2-fault.ts) and "stop
// only the affected core" (issue 13). A test build of the hypervisor (the tree copied, with
// exits/el2-fault-plant.ts's PLANTED set) has a hypercall whose handler loads from an address
// the EL2 map leaves unmapped. VM 3 (guests/plant.S) calls it a little after the start; the two
// well-behaved VMs must then run to their end on the other cores, with console input still
// reaching the hypervisor. The report's PC is checked against the ELF (llvm-symbolizer: the
// source line of the planted load; llvm-objdump: a load there), its ESR against the ARM ARM's
// data-abort syndrome, its FAR against the planted address; in our emulator and under
// qemu-system-aarch64 -M raspi3b. The default build must not have the hypercall at all.
import { beforeAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { execa } from 'execa';
import { REPO, buildHostile, consoleLines, runHostile, vmBytes } from './harness.ts';

const PLANT_SRC = path.join(REPO, 'hypervisor/exits/el2-fault-plant.ts');
const FLAG_OFF = 'export const PLANTED: bool = false;';
const GOOD = Array.from({ length: 24 }, (_, i) => `good: round 0x${(i + 1).toString(16)} ok\n`).join('') + 'good: done\n';
const GUESTS = { a_good: 'good', b_good: 'good', c_plant: 'plant' };
const INPUT = '\\w{good: done\n}?2\\w{good: done\n}?h';
const UNTIL = '?h      this help';
const SWITCH = 'console: switched to VM 2 (b_good)\r\n';
const REPORT = /\r\nEL2 exception \(hypervisor bug\): sync from EL2, ESR_EL2 (0x[0-9a-f]+), ELR_EL2 (0x[0-9a-f]+), FAR_EL2 (0x[0-9a-f]+); core ([0-3]) stopped\r\n/g;

const plantSource = fs.readFileSync(PLANT_SRC, 'utf8');
const PLANT_ADDRESS = BigInt(/PLANT_ADDRESS: u64 = (0x[0-9a-fA-F]+);/.exec(plantSource)![1]);
/** The source line (1-based) of the planted load. */
const LOAD_LINE = plantSource.split('\n').findIndex((l) => l.includes('load<u64>(<usize>PLANT_ADDRESS)')) + 1;

interface Report { esr: bigint; elr: bigint; far: bigint; core: number; at: number }

function reports(raw: string): Report[] {
  return [...raw.matchAll(REPORT)].map((m) => ({ esr: BigInt(m[1]), elr: BigInt(m[2]), far: BigInt(m[3]), core: Number(m[4]), at: m.index! }));
}

/** VM 1's bytes (in the foreground first) and VM 2's (after ?2), the console's lines removed. */
function transcripts(raw: string): { vm1: string; vm2: string } {
  const at = raw.indexOf(SWITCH);
  expect(at, raw).toBeGreaterThan(0);
  const end = raw.indexOf('console commands:');
  return { vm1: vmBytes(raw.slice(0, at)), vm2: vmBytes(raw.slice(at + SWITCH.length, end < 0 ? undefined : end)) };
}

/** The ESR of a data abort taken from EL2 to EL2 by a 64-bit LDR into `rt` (ARM ARM D13.2.37:
 *  EC 0x25, IL 1, DFSC 0b000110 = translation fault at level 2; when ISV is set the
 *  instruction syndrome is SAS 3, SRT rt, SF 1, WnR 0). ISV may be 0 for an abort at the same EL. */
function expectSyndrome(esr: bigint, rt: number): void {
  expect(esr >> 26n, 'EC').toBe(0x25n);
  expect((esr >> 25n) & 1n, 'IL').toBe(1n);
  expect(esr & 0x3fn, 'DFSC').toBe(0x06n);
  expect((esr >> 6n) & 1n, 'WnR').toBe(0n);
  if ((esr >> 24n) & 1n) expect(esr & 0x00ff0000n, 'SAS/SSE/SRT').toBe((3n << 22n) | (BigInt(rt) << 16n));
  if ((esr >> 24n) & 1n) expect((esr >> 15n) & 1n, 'SF').toBe(1n);
}

/** What the ELF says of an EL2 PC: its source line and function (llvm-symbolizer), the
 *  instruction there (llvm-objdump). */
async function whereIs(elf: string, pc: bigint): Promise<{ file: string; line: number; fn: string; insn: string }> {
  const hex = `0x${pc.toString(16)}`;
  const sym = (await execa('llvm-symbolizer', ['-e', elf, hex])).stdout.split('\n');
  const [file, line] = sym[1].split(':');
  const dis = (await execa('llvm-objdump', ['-d', `--start-address=${hex}`, `--stop-address=0x${(pc + 4n).toString(16)}`, elf])).stdout;
  const insn = dis.split('\n').find((l) => l.trim().startsWith(`${pc.toString(16)}:`)) ?? '';
  return { file, line: Number(line), fn: sym[0], insn: insn.split('\t').slice(1).join(' ').trim() };
}

/** qemu-system-aarch64 -M raspi3b -kernel IMAGE, the raw output (CR LF kept: the console's
 *  lines are told from the guests' by them), typing `steps` (send once `after` has appeared). */
function qemuRaw(image: string, steps: { after: string; send: string }[], until: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const q = spawn('qemu-system-aarch64', ['-M', 'raspi3b', '-kernel', image, '-serial', 'null', '-serial', 'stdio', '-display', 'none', '-monitor', 'none', '-nodefaults'],
      { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let from = 0;
    let next = 0;
    const finish = () => {
      clearTimeout(timer);
      q.kill('SIGKILL');
      resolve(out);
    };
    const timer = setTimeout(finish, timeoutMs);
    q.stdout.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      while (next < steps.length) {
        const at = out.indexOf(steps[next].after, from);
        if (at < 0) break;
        from = at + steps[next].after.length;
        q.stdin.write(steps[next++].send);
      }
      if (next >= steps.length && out.indexOf(until, from) >= 0) finish();
    });
    q.on('error', reject);
  });
}

describe('a planted EL2 fault: the report, and only its core stops', () => {
  let planted = '';
  let elf = '';
  beforeAll(async () => {
    planted = await buildHostile(GUESTS, (root) => {
      const f = path.join(root, 'hypervisor/exits/el2-fault-plant.ts');
      const s = fs.readFileSync(f, 'utf8');
      if (!s.includes(FLAG_OFF)) throw new Error(`${f}: no '${FLAG_OFF}' to turn on`);
      fs.writeFileSync(f, s.replace(FLAG_OFF, 'export const PLANTED: bool = true;'));
    });
    elf = path.join(path.dirname(planted), 'kernel8.elf');
  }, 280_000);

  let emuReport: Report | undefined;
  test('our emulator: one report naming the EL2 PC, ESR and FAR; the other VMs and the console go on', async () => {
    const r = await runHostile(planted, UNTIL, INPUT);
    expect(r.exitCode, r.raw + r.stderr).toBe(0); // ?2 and ?h were read: console input survived
    const [rep, ...more] = reports(r.raw);
    expect(rep, r.raw).toBeDefined();
    expect(more).toEqual([]);
    emuReport = rep;
    expect(rep.far).toBe(PLANT_ADDRESS);
    const where = await whereIs(elf, rep.elr);
    expect(path.basename(where.file)).toBe('el2-fault-plant.ts');
    expect(where.line).toBe(LOAD_LINE);
    expect(where.fn).toMatch(/^hypervisor_exits_(hvc_handleHvc|el2_fault_plant_plantEl2Fault)$/);
    const ldr = /^ldr\s+x(\d+), \[x\d+\]$/.exec(where.insn);
    expect(ldr, where.insn).not.toBeNull();
    expectSyndrome(rep.esr, Number(ldr![1]));
    // Both well-behaved VMs ran to their end, VM 1 printing on after the report.
    const { vm1, vm2 } = transcripts(r.raw);
    expect(vm1).toBe(GOOD);
    expect(vm2).toBe(GOOD);
    expect(r.raw.indexOf('good: round 0x18 ok\n')).toBeGreaterThan(rep.at);
    expect(consoleLines(r.raw).filter((l) => /stopped|exited/.test(l) && !l.startsWith('EL2 exception'))).toEqual([]);
  }, 280_000);

  test('QEMU raspi3b: the same report (ESR, ELR, FAR) and the other VMs run to their end', async () => {
    const raw = await qemuRaw(planted, [{ after: 'good: done\n', send: '?2' }, { after: 'good: done\n', send: '?h' }], UNTIL, 120_000);
    const [rep, ...more] = reports(raw);
    expect(rep, raw).toBeDefined();
    expect(more).toEqual([]);
    expect(rep.far).toBe(PLANT_ADDRESS);
    const where = await whereIs(elf, rep.elr);
    expect([path.basename(where.file), where.line]).toEqual(['el2-fault-plant.ts', LOAD_LINE]);
    expectSyndrome(rep.esr, Number(/^ldr\s+x(\d+),/.exec(where.insn)?.[1]));
    if (emuReport) expect([rep.esr, rep.elr]).toEqual([emuReport.esr, emuReport.elr]); // the same image: the same fault
    const { vm1, vm2 } = transcripts(raw);
    expect(vm1).toBe(GOOD);
    expect(vm2).toBe(GOOD);
    expect(raw).toContain(UNTIL);
  }, 150_000);

  test('the default build has no such hypercall: NOT_SUPPORTED (-1) comes back, no report', async () => {
    const image = await buildHostile(GUESTS);
    const r = await runHostile(image, UNTIL, INPUT);
    expect(r.exitCode, r.raw + r.stderr).toBe(0);
    expect(reports(r.raw)).toEqual([]);
    expect(r.raw).not.toContain('EL2 exception');
    expect(consoleLines(r.raw)).toContain('INFO[3]: exited with code 18446744073709551615');
    const { vm1, vm2 } = transcripts(r.raw);
    expect(vm1).toBe(GOOD);
    expect(vm2).toBe(GOOD);
  }, 400_000);
});
