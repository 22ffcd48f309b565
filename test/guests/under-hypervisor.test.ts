// The three guests as the hypervisor's VMs (kernel8.img carrying just them; no SD card: the
// linked guests, one VM each, in name order), under qemu-system-aarch64 -M raspi3b: the console switches to each
// VM (`?n`), and each shows what it shows bare.
import { beforeAll, expect, test } from 'vitest';
import { runQemu, hypervisorWith } from './machines.ts';

let kernel = '';
beforeAll(async () => {
  kernel = await hypervisorWith(['echo', 'mini-os', 'test_binary']);
}, 900_000);

test('test_binary gets the ABI version, mini-os runs its transcript and both processes, echo echoes', async () => {
  const vm = (text: string, n: number) => text.indexOf(`switched to VM ${n}`);
  const done = (o: string) => vm(o, 1) >= 0 && o.slice(vm(o, 1)).includes('hi\r');
  const r = await runQemu(kernel, done, 'Exception level: 1\n', ['?3', '?2', '?1', 'h', 'i', '\r'], 4000, 120_000);
  const out = r.output;
  expect(out).toMatch(/INFO\[1\]: loading echo\.\.\.\nINFO\[1\]: loaded\nINFO\[2\]: loading mini-os\.\.\.\nINFO\[2\]: loaded\nINFO\[3\]: loading test_binary\.\.\.\nINFO\[3\]: loaded\n/);
  expect(out).toContain('WARN[3]: HVC #777\n');
  const tb = out.slice(vm(out, 3), vm(out, 2));
  expect(tb).toContain('test_binary: HVC #777 made at EL1\nhypercall ABI version: 1.0\n');
  const mos = out.slice(vm(out, 2), vm(out, 1));
  // Its start may have been dropped while it ran in the background (QEMU keeps real time, so
  // how much it printed before `?2` arrived varies): the console says so, and then only the
  // demo's interleaving is there to check.
  const dropped = /console: \d+ earlier bytes of its output were dropped/.test(mos);
  if (!dropped) expect(mos).toContain('mini-os: process 3 exited with code 7, freed 7 pages, 512 free\nUser process\n');
  const demo = dropped ? mos.slice(mos.indexOf('were dropped')) : mos.slice(mos.indexOf('User process\n') + 13);
  expect(demo).toMatch(/[1-5]+[a-e]+[1-5]+/);
  expect(out.slice(vm(out, 1))).toMatch(/switched to VM 1 \(echo\)\n(.*\n)?hi\r/);
}, 180_000);
