// Hypervisor SMP scaling in our emulator (virtual time: instructions, every core in lock-step
// slices; repeatable): total guest progress per second of virtual time with the VMs' vCPUs on
// four cores beside the same VMs on one core (the manifest's core mask 0x1). The guest is
// guests/smp-spin (CPU-bound xorshift rounds on every vCPU; vCPU 0 reports the VM's total
// every 50 ms of its virtual counter). Two workloads:
//  - one VM with four vCPUs;
//  - four VMs with one vCPU each (only VM 1's reports reach the console: its progress, times
//    four by symmetry);
// plus the five-VM card's spread: instructions per core with the C original's five VMs.
// Expect close to 4x for CPU-bound guests. Prints the figures; asserts nothing.
//   npx tsx test/bench/hyp-smp-scaling.ts
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO, 'tools/cli/raspvisor.mjs');
const REPORTS = 8;

async function card(vms: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-smp-bench-'));
  fs.writeFileSync(path.join(dir, 'vms.txt'), vms);
  const img = path.join(dir, 'sdcard.img');
  await execa('node', [CLI, 'image', '-o', img, '--vms', path.join(dir, 'vms.txt')], { cwd: REPO });
  return img;
}

async function run(img: string, until: string): Promise<string> {
  const r = await execa('node', [CLI, 'run', img, '--until', until, '--max-insns', '20000000000', '--stats'], { reject: false, stdin: 'ignore', all: true });
  return String(r.all ?? '');
}

/** Rounds per virtual ms between the first and the last report. */
async function progress(vms: string): Promise<number> {
  const out = await run(await card(vms), `report ${REPORTS}:`);
  const reps = [...out.matchAll(/report \d+: t=(\d+) ms, rounds (\d+)/g)].map((m) => ({ t: Number(m[1]), r: Number(m[2]) }));
  if (reps.length < 2) throw new Error(`no reports:\n${out}`);
  const a = reps[0], b = reps[reps.length - 1];
  return (b.r - a.r) / (b.t - a.t);
}

const line = (mask: string, vcpus: number) => `spin  smp-spin.bin  0x80000 0x80000 16M 10ms ${mask} ${vcpus}\n`;
const fourVms = (mask: string) => [1, 2, 3, 4].map((i) => `spin${i}  smp-spin.bin  0x80000 0x80000 16M 10ms ${mask}\n`).join('');

const rows: [string, number, number][] = [];
rows.push(['one VM, four vCPUs', await progress(line('0xf', 4)), await progress(line('0x1', 4))]);
rows.push(['four VMs, one vCPU each (VM 1)', await progress(fourVms('0xf')), await progress(fourVms('0x1'))]);

console.log('guest progress, xorshift rounds per ms of virtual time (our emulator)');
console.log(`${'workload'.padEnd(34)} ${'4 cores'.padStart(12)} ${'1 core'.padStart(12)} ${'ratio'.padStart(7)}`);
for (const [name, four, one] of rows) {
  console.log(`${name.padEnd(34)} ${four.toFixed(0).padStart(12)} ${one.toFixed(0).padStart(12)} ${(four / one).toFixed(2).padStart(6)}x`);
}

// The five-VM card (mini-os, echo, mini-os, echo, mini-os): instructions per core up to the
// demo's output. Its VMs mostly wait (timer ticks, input), so this shows the spread only.
const five = await run(await card(fs.readFileSync(path.join(REPO, 'hypervisor/vms.txt'), 'utf8')), 'abcde');
const per = [...five.matchAll(/core (\d): (\d+) instructions/g)].map((m) => `core ${m[1]} ${(Number(m[2]) / 1e6).toFixed(1)}M`);
console.log(`five-VM card to its first 'abcde': ${per.join(', ')}`);
