// The first program end to end: `raspvisor build` of this checkout (hypervisor in
// AssemblyScript + its guests) through asc, our backend, assembler and linker, then
// booted on the machine oracle, qemu-system-aarch64 -M raspi3b, entered at EL2 and at EL3.
import { beforeAll, describe, expect, test } from 'vitest';
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build, type BuildResult } from '../../tools/build/index.ts';
import { runRaspi3b } from './qemu.ts';

// Without an SD card the hypervisor runs the guests linked into kernel8.img, one VM each in
// name order: echo (VM 1, on the console) and test_binary (VM 2). Which of their first lines
// comes first depends on timing (QEMU runs in real time): both must come, once.
const head = (bootEL: number) =>
  `\nraspvisor: hypervisor in AssemblyScript, booted at EL${bootEL}, running at EL2\n` +
  'INFO: no SD card: running the guests linked into kernel8.img\n' +
  'INFO[1]: loading echo...\nINFO[1]: loaded\n' +
  'INFO[2]: loading test_binary...\nINFO[2]: loaded\n';
const BOTH = /^(Exception level: 1\nWARN\[2\]: HVC #777\n|WARN\[2\]: HVC #777\nException level: 1\n)$/;
const bothLines = /(Exception level: 1\n[^]*HVC #777\n|HVC #777\n[^]*Exception level: 1\n)/;

function checkTranscript(out: string, bootEL: number): void {
  expect(out.startsWith(head(bootEL)), out).toBe(true);
  expect(out.slice(head(bootEL).length)).toMatch(BOTH);
}

describe('hypervisor with the test_binary guest on qemu raspi3b', () => {
  let result: BuildResult;
  let image: string;
  beforeAll(async () => {
    const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-hyp-'));
    result = await build({ buildDir, log: () => {} });
    image = result.programs.find((p) => p.kind === 'hypervisor')!.image;
  });

  test('builds kernel8.img and test_binary.bin', () => {
    expect(result.programs.map((p) => p.name)).toEqual(['echo', 'test_binary', 'kernel8']);
    const guest = fs.readFileSync(result.programs[1].image);
    // mov x8, #777; hvc #0 (encodings as llvm-mc gives them)
    expect(guest.subarray(0, 8)).toEqual(Buffer.from([0x28, 0x61, 0x80, 0xd2, 0x02, 0x00, 0x00, 0xd4]));
    expect(fs.readFileSync(image).includes(guest)).toBe(true);
  });

  test('GNU as + ld + objcopy make byte-identical images from the same sources', async () => {
    const saved = process.env.RASPVISOR_TOOLCHAIN;
    process.env.RASPVISOR_TOOLCHAIN = 'gnu';
    try {
      const gnu = await build({ buildDir: fs.mkdtempSync(path.join(os.tmpdir(), 'rv-hyp-gnu-')), log: () => {} });
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
    expect(gdb.stdout).toContain(`Symbol "handle_exit" is at 0x${addr.replace(/^0+/, '')}`);
  });

  test('entered at EL2 (QEMU -kernel): banner, guest, its HVC', async () => {
    const r = await runRaspi3b(image, bothLines);
    checkTranscript(r.output, 2);
  });

  test('in our emulator (raspvisor run --kernel): the same transcript', async () => {
    const cli = path.resolve(import.meta.dirname, '../../tools/cli/raspvisor.mjs');
    // Our emulator is deterministic: echo's line first, then test_binary's.
    const r = await execa('node', [cli, 'run', '--kernel', image, '--until', 'HVC #777', '--max-insns', '200000000'], { reject: false, timeout: 170_000, stdin: 'ignore' });
    expect(r.exitCode, r.stderr).toBe(0);
    checkTranscript(r.stdout.replace(/\r\n/g, '\n') + '\n', 2);
  }, 180_000);

  test('entered at EL3 (reset at 0x80000): drops to EL2 first', async () => {
    const r = await runRaspi3b(image, bothLines, 15_000, 'el3');
    checkTranscript(r.output, 3);
  });
});
