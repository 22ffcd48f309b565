// The bare-metal runtime under the machine oracle, qemu-system-aarch64 -M raspi3b: trap and
// abort reports on the mini-UART, start-up (memory zeroed, data placed, start function run).
import { describe, expect, test } from 'vitest';
import * as path from 'node:path';
import { linkWithRuntime } from './link-runtime.ts';
import { runRaspi3b } from './qemu.ts';

const fx = (f: string) => path.join(import.meta.dirname, 'fixtures', f);

describe('bare-metal runtime on qemu raspi3b', () => {
  test('a trap names its kind, address and function', async () => {
    // victim: _start is 3 instructions at 0x80000; victim at 0x8000c, the trapping adr at +8.
    const img = await linkWithRuntime([fx('trap.S')], ['victim']);
    const r = await runRaspi3b(img, /\)\n/);
    expect(r.output).toBe('\nwasm trap: integer divide by zero at 0x80014 (victim+0x8)\n');
  });

  test('an unknown trap kind outside any function', async () => {
    const img = await linkWithRuntime([fx('unknown-trap.S')]);
    const r = await runRaspi3b(img, /0x1234\n/);
    expect(r.output).toBe('\nwasm trap: kind 42 at 0x1234\n');
  });

  test('abort prints the AssemblyScript message, file, line, column and caller', async () => {
    const img = await linkWithRuntime([fx('abort.S')], ['asserter']);
    const r = await runRaspi3b(img, /\)\n/);
    // 0xe9 is not ASCII: printed as '?'. asserter starts at 0x8000c; the call to rv_abort is its 6th instruction.
    expect(r.output).toBe('\nabort: boom! in main.ts?x:42:7, called from 0x80020 (asserter+0x14)\n');
  });

  test('start-up zeroes memory and .bss, places data, runs the start function', async () => {
    const img = await linkWithRuntime([fx('init.S')]);
    const r = await runRaspi3b(img, /bss=0x[0-9a-f]+\n/);
    expect(r.output).toBe('nonzero=10 data=0x3736353433323130 start=1 bss=0x0\n');
  });
});
