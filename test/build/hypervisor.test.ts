// The first program end to end: `raspvisor build` of this checkout (hypervisor in
// AssemblyScript + the test_binary guest) through asc, our backend, assembler and linker, then
// booted on the machine oracle, qemu-system-aarch64 -M raspi3b, entered at EL2 and at EL3.
import { beforeAll, describe, expect, test } from 'vitest';
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build, type BuildResult } from '../../tools/build/index.ts';
import { runRaspi3b } from './qemu.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

const transcript = (bootEL: number) =>
  `\nraspvisor: hypervisor in AssemblyScript, booted at EL${bootEL}, running at EL2\n` +
  'INFO: no SD card: running the guests linked into kernel8.img\n' +
  'INFO[1]: loading test_binary...\n' +
  'INFO[1]: loaded\n' +
  'WARN[1]: HVC #777\n';

describe('hypervisor with the test_binary guest on qemu raspi3b', () => {
  let result: BuildResult;
  let image: string;
  let root: string;
  beforeAll(async () => {
    const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-hyp-'));
    // Without a card the hypervisor runs the guests it carries: give it only test_binary (and
    // the guest library test_binary uses).
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-hyp-src-'));
    for (const d of ['hypervisor', 'guests/test_binary', 'guests/lib']) fs.cpSync(path.join(ROOT, d), path.join(root, d), { recursive: true });
    result = await build({ root, buildDir, log: () => {} });
    image = result.programs.find((p) => p.kind === 'hypervisor')!.image;
  });

  test('builds kernel8.img and test_binary.bin', () => {
    expect(result.programs.map((p) => p.name)).toEqual(['test_binary', 'kernel8']);
    const guest = fs.readFileSync(result.programs[0].image);
    // The image starts with guests/lib/boot.S's `b _start` (B: 0b000101 imm26); at _start,
    // mov x8, #777 first, then (at EL1) hvc #0 (encodings as llvm-mc gives them).
    const first = guest.readUInt32LE(0);
    expect(first >>> 26).toBe(0b000101);
    const start = (first & 0x3ffffff) * 4;
    expect(guest.subarray(start, start + 4)).toEqual(Buffer.from([0x28, 0x61, 0x80, 0xd2]));
    expect(guest.subarray(start, start + 0x20).includes(Buffer.from([0x02, 0x00, 0x00, 0xd4]))).toBe(true);
    expect(fs.readFileSync(image).includes(guest)).toBe(true);
  });

  test('GNU as + ld + objcopy make byte-identical images from the same sources', async () => {
    const saved = process.env.RASPVISOR_TOOLCHAIN;
    process.env.RASPVISOR_TOOLCHAIN = 'gnu';
    try {
      const gnu = await build({ root, buildDir: fs.mkdtempSync(path.join(os.tmpdir(), 'rv-hyp-gnu-')), log: () => {} });
      expect(gnu.toolchain).toBe('gnu');
      for (let i = 0; i < gnu.programs.length; i++) {
        expect(fs.readFileSync(gnu.programs[i].image).equals(fs.readFileSync(result.programs[i].image)), gnu.programs[i].name).toBe(true);
      }
    } finally {
      if (saved === undefined) delete process.env.RASPVISOR_TOOLCHAIN;
      else process.env.RASPVISOR_TOOLCHAIN = saved;
    }
  }, 600_000);

  test('kernel8.elf names compiled functions after their source (llvm-readelf, gdb-multiarch)', async () => {
    const elf = result.programs.find((p) => p.kind === 'hypervisor')!.elf;
    const syms = (await execa('llvm-readelf', ['-s', elf])).stdout;
    expect(syms).toMatch(/FUNC\s+GLOBAL\s+DEFAULT\s+\d+ handle_exit$/m);
    expect(syms).toMatch(/FUNC\s+LOCAL\s+DEFAULT\s+\d+ hypervisor_drivers_mini_uart_putHex$/m);
    const addr = /^\s*\d+: ([0-9a-f]+)\s+\d+ FUNC\s+GLOBAL\s+DEFAULT\s+\d+ handle_exit$/m.exec(syms)![1];
    const gdb = await execa('gdb-multiarch', ['-batch', '-nx', '-ex', 'info address handle_exit', elf]);
    // With DWARF (.debug_info subprograms) gdb says "is a function at address"; without, "is at".
    expect(gdb.stdout).toContain(`Symbol "handle_exit" is a function at address 0x${addr.replace(/^0+/, '')}`);
  });

  test('entered at EL2 (QEMU -kernel): banner, guest, its HVC', async () => {
    const r = await runRaspi3b(image, /HVC #777\n/);
    // the guest goes on after its HVC: compare up to it
    expect(r.output.slice(0, transcript(2).length)).toBe(transcript(2));
  });

  test('in our emulator (raspvisor run --kernel): the same transcript', async () => {
    const cli = path.resolve(import.meta.dirname, '../../tools/cli/raspvisor.mjs');
    const r = await execa('node', [cli, 'run', '--kernel', image, '--until', 'HVC #777', '--max-insns', '50000000'], { reject: false, timeout: 170_000, stdin: 'ignore' });
    expect(r.exitCode, r.stderr).toBe(0);
    // --until stops once the text is out; the rest of that line may or may not follow.
    const out = r.stdout.replace(/\r\n/g, '\n');
    const t = transcript(2);
    expect(out.slice(0, t.indexOf('HVC #777') + 8)).toBe(t.slice(0, t.indexOf('HVC #777') + 8));
    expect(t.startsWith(out), out).toBe(true);
  }, 180_000);

  test('entered at EL3 (reset at 0x80000): drops to EL2 first', async () => {
    const r = await runRaspi3b(image, /HVC #777\n/, 15_000, 'el3');
    // the guest goes on after its HVC: compare up to it
    expect(r.output.slice(0, transcript(3).length)).toBe(transcript(3));
  });
});
