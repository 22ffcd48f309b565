// Both boot paths through the CLI (`raspvisor run`), and its answers to bad input: each a
// one-line error and exit code 1, never a stack trace or a hang.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleToObject } from '../../tools/asm/index.ts';
import { link } from '../../tools/elf/linker.ts';
import { writeImageFile } from '../../sdcard/index.ts';
import { parseConfigTxt } from '../../tools/emu/machine/config-txt.ts';
import { parseInputScript } from '../../tools/emu/machine/input-script.ts';
import { buildImage, IMAGES_DIR, tempDir, warmCpu } from './conformance-images.ts';
import { sampleDtb } from './dtb-samples.ts';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tools/cli/raspvisor.mjs');
const run = (args: string[]) => execa('node', [CLI, 'run', ...args], { reject: false, timeout: 110_000, stdin: 'ignore' });

async function imageAt(name: string, base: bigint): Promise<Uint8Array> {
  const obj = await assembleToObject(path.join(IMAGES_DIR, `${name}.S`), { includeDirs: [IMAGES_DIR] });
  return link([{ name: `${name}.o`, bytes: obj }], { base }).binary;
}

function sdImage(file: string, files: Record<string, Uint8Array | string>): void {
  writeImageFile(file, {
    sizeBytes: 40 << 20,
    files: Object.entries(files).map(([p, d]) => ({ path: p, source: { kind: 'bytes' as const, data: typeof d === 'string' ? Buffer.from(d) : d } })),
  } as any);
}

describe('config.txt and input scripts', () => {
  it('applies [all]/[pi3] sections, skips [pi4], parses numbers', () => {
    const c = parseConfigTxt('kernel=a.img\n[pi4]\nkernel=b.img\n[pi3]\nkernel_address=0x200000 # comment\n[all]\nenable_uart=1\narm_64bit=1\n');
    expect(c.kernel).toBe('a.img');
    expect(c.kernelAddress).toBe(0x200000);
    expect(c.enableUart).toBe(true);
    expect(c.kernelOld).toBe(false);
    expect(() => parseConfigTxt('kernel_address=0xzz\n', 'c.txt')).toThrow(/kernel_address=0xzz: not a number/);
  });
  it('parses escapes, pauses and waits', () => {
    expect(parseInputScript('a\\n\\x41\\p{2.5}\\w{> }b')).toEqual([
      { kind: 'byte', value: 0x61 }, { kind: 'byte', value: 10 }, { kind: 'byte', value: 0x41 },
      { kind: 'pause', ns: 2.5e6 }, { kind: 'wait', text: '> ' }, { kind: 'byte', value: 0x62 },
    ]);
    expect(() => parseInputScript('\\q')).toThrow(/unknown escape/);
  });
});

describe('raspvisor run: boot paths', () => {
  let dir = '';
  let hello: Uint8Array;
  beforeAll(async () => {
    await warmCpu();
    dir = tempDir('boot');
    hello = fs.readFileSync((await buildImage('hello_el2', dir)).img);
  });
  afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  it('SD image: kernel8.img at 0x80000, EL2, x0 = 0 (no device tree), secondaries on the spin table', async () => {
    const img = path.join(dir, 'sd1.img');
    sdImage(img, { 'config.txt': 'arm_64bit=1\nenable_uart=1\n', 'kernel8.img': hello });
    const r = await run([img, '--until', 'END', '--max-insns', '20000000']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('hello from EL2, x0=00000000\ncore 1 up at EL2\ncore 2 up at EL2\ncore 3 up at EL2\nall cores up');
  });

  it('a card written by `raspvisor image` (firmware, config.txt template) boots', async () => {
    const bd = path.join(dir, 'build');
    fs.mkdirSync(bd, { recursive: true });
    fs.writeFileSync(path.join(bd, 'kernel8.img'), hello);
    const card = path.join(dir, 'card.img');
    const mk = await execa('node', [CLI, 'image', '-o', card, '--build-dir', bd], { reject: false });
    expect(mk.exitCode, mk.stderr).toBe(0);
    const r = await run([card, '--until', 'END', '--trace', 'boot']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('kernel8.img at 0x80000, EL2 through the armstub');
    expect(r.stdout).toContain('all cores up');
  });

  it('SD image: kernel= names the file; kernel_address moves it', async () => {
    const img = path.join(dir, 'sd2.img');
    sdImage(img, { 'config.txt': 'kernel=hyp.bin\nkernel_address=0x200000\n', 'hyp.bin': await imageAt('hello_el2', 0x200000n) });
    const r = await run([img, '--until', 'END', '--max-insns', '20000000']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('all cores up');
  });

  it('SD image: kernel_old=1 loads at 0 and starts every core at EL3', async () => {
    const img = path.join(dir, 'sd3.img');
    sdImage(img, { 'config.txt': 'kernel_old=1\n', 'kernel8.img': await imageAt('el_levels', 0n) });
    const r = await run([img, '--until', 'END', '--max-insns', '20000000']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith('EL3\nEL2\nEL1\nEL0\n')).toBe(true);
  });

  it('SD image: armstub= runs the stub at 0 on every core at EL3, with the kernel entry patched in', async () => {
    const img = path.join(dir, 'sd4.img');
    sdImage(img, { 'config.txt': 'armstub=stub.bin\nkernel_address=0x100000\n', 'stub.bin': await imageAt('armstub_test', 0n), 'kernel8.img': hello });
    const r = await run([img, '--until', 'END']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('armstub at EL3, kernel entry 00100000');
  });

  it('--until not seen: exit 1 with the reason', async () => {
    const k = path.join(dir, 'hello.img');
    fs.writeFileSync(k, hello);
    const r = await run(['--kernel', k, '--until', 'never printed', '--max-insns', '1000000']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/without printing "never printed": .*(reset|idle|budget)/);
  });

  it('--dtb: the tree lands where QEMU puts it (128 MiB), its address in x0; bad blobs are refused', async () => {
    const k = path.join(dir, 'hello.img');
    fs.writeFileSync(k, hello);
    const dtb = path.join(dir, 'board.dtb');
    fs.writeFileSync(dtb, sampleDtb());
    const r = await run(['--kernel', k, '--dtb', dtb, '--until', 'END']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('x0=08000000'); // qemu-system-aarch64 -M raspi3b prints the same (kernel-args.test.ts)
    fs.writeFileSync(dtb, Buffer.from([0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0, 0x40, ...new Array(56).fill(0)]));
    const trunc = await run(['--kernel', k, '--dtb', dtb]);
    expect(trunc.exitCode).toBe(1);
    expect(trunc.stderr).toMatch(/board\.dtb: offset 0x[0-9a-f]+: error: not a valid device tree blob: /);
    expect(trunc.stderr).not.toMatch(/\n\s+at /);
    fs.writeFileSync(dtb, 'not a dtb');
    const bad = await run(['--kernel', k, '--dtb', dtb]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/not a device tree blob/);
  });

  it('--realtime: virtual time follows the wall clock (five 10 ms timer ticks take 50 ms)', async () => {
    const k = (await buildImage('systimer_irq', dir)).img;
    const r = await run(['--kernel', k, '--realtime', '--stats', '--until', 'END']);
    expect(r.exitCode).toBe(0);
    const wall = Number(/wall time: +([\d.]+) s/.exec(r.stderr)![1]);
    const virt = Number(/virtual time: ([\d.]+) ms/.exec(r.stderr)![1]);
    expect(virt).toBeGreaterThanOrEqual(50);
    expect(wall).toBeGreaterThanOrEqual(0.05);
    // Deterministic mode gets there with time skipped while the cores wait.
    const d = await run(['--kernel', k, '--stats', '--until', 'END']);
    expect(d.stderr).toMatch(/virtual time: 5\d\.\d+ ms \(4\d\.\d+ ms skipped/);
  });

  it('--timeout ends a long run; --input-file feeds the UART; an idle guest ends a batch run', async () => {
    const bench = (await buildImage('bench_boot', dir)).img;
    const t = await run(['--kernel', bench, '--timeout', '0.3']);
    expect(t.exitCode).toBe(0);
    expect(t.stderr).toContain('wall-clock timeout (--timeout) reached');
    const echo = (await buildImage('echo_hex', dir)).img;
    const f = path.join(dir, 'input.txt');
    fs.writeFileSync(f, '\\w{ready}hi\\x7f');
    const e = await run(['--kernel', echo, '--input-file', f]);
    expect(e.exitCode).toBe(0);
    expect(e.stdout).toContain('echo ready\n[68][69][7f]');
    expect(e.stderr).toContain('all cores wait for an interrupt that nothing will raise');
    // `--input-file -` streams stdin, raw; the run ends once it is closed and the guest idles.
    const p = await execa('node', [CLI, 'run', '--kernel', echo, '--input-file', '-'], { reject: false, timeout: 110_000, input: 'ok\\n' });
    expect(p.exitCode).toBe(0);
    expect(p.stdout).toContain('echo ready\n[6f][6b][5c][6e]');
  });

  it('--reboot: a watchdog reset boots the machine again', async () => {
    const k = path.join(dir, 'hello.img');
    fs.writeFileSync(k, hello);
    const r = await run(['--kernel', k, '--reboot', '--until', 'END\nhello from EL2, x0=00000100\ncore 1 up']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('watchdog reset: rebooting');
  });

  it('--trace insn: every executed instruction, disassembled, as many as --stats counts', async () => {
    const k = path.join(dir, 'hello.img');
    fs.writeFileSync(k, hello);
    const r = await run(['--kernel', k, '--trace', 'insn', '--stats']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('insn core0 EL2 0000000000000000: 580000c0  ldr\tx0, 0x18\n');
    expect(r.stderr).toContain('insn core0 EL2 0000000000080000: aa0003f3  mov\tx19, x0\n');
    const traced = r.stderr.split('\n').filter((l) => l.startsWith('insn ')).length;
    expect(traced).toBe(Number(/instructions: (\d+)/.exec(r.stderr)![1]));
  });

  it('--stats counts exceptions by class (3 SVC, 1 HVC, 1 SMC in el_levels)', async () => {
    const k = (await buildImage('el_levels', dir)).elf;
    const r = await run(['--kernel', k, '--stats']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/exception EC 0x15 \(SVC\): 3\n/);
    expect(r.stderr).toMatch(/exception EC 0x16 \(HVC\): 1\n/);
    expect(r.stderr).toMatch(/exception EC 0x17 \(SMC\): 1\n/);
  });

  it('--stats reports instructions, MIPS and idle time', async () => {
    const k = path.join(dir, 'hello.img');
    fs.writeFileSync(k, hello);
    const r = await run(['--kernel', k, '--stats']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/instructions: \d+/);
    expect(r.stderr).toMatch(/MIPS: +[\d.]+/);
    expect(r.stderr).toContain('the guest asked for a reset');
  });
});

describe('raspvisor run: bad input', () => {
  let dir = '';
  beforeAll(() => { dir = tempDir('badboot'); });
  afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  const expectUserError = (r: { exitCode?: number; stderr: string }, re: RegExp) => {
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(re);
    expect(r.stderr).not.toMatch(/internal error|    at /);
  };

  it('missing image', async () => {
    expectUserError(await run([path.join(dir, 'nope.img')]), /nope\.img: no such file/);
    expectUserError(await run(['--kernel', path.join(dir, 'nope.bin')]), /nope\.bin: no such file/);
  });

  it('truncated image', async () => {
    const img = path.join(dir, 'full.img');
    sdImage(img, { 'kernel8.img': new Uint8Array(16) });
    const cut = path.join(dir, 'cut.img');
    fs.writeFileSync(cut, fs.readFileSync(img).subarray(0, 8 << 20));
    expectUserError(await run([cut]), /truncated: partition 1 ends at byte \d+ but the image has only 8388608 bytes/);
    const tiny = path.join(dir, 'tiny.img');
    fs.writeFileSync(tiny, Buffer.alloc(100));
    expectUserError(await run([tiny]), /smaller than one 512-byte block/);
  });

  it('image without a FAT partition', async () => {
    const img = Buffer.alloc(4 << 20);
    img[0x1be + 4] = 0x83; // Linux
    img.writeUInt32LE(2048, 0x1be + 8);
    img.writeUInt32LE(4096, 0x1be + 12);
    img[510] = 0x55;
    img[511] = 0xaa;
    const f = path.join(dir, 'linux.img');
    fs.writeFileSync(f, img);
    expectUserError(await run([f]), /no FAT partition/);
  });

  it('config.txt naming a missing kernel, and no kernel8.img', async () => {
    const img = path.join(dir, 'nokernel.img');
    sdImage(img, { 'config.txt': '# hi\nkernel=hyp.img\n', 'kernel8.img': new Uint8Array(16) });
    expectUserError(await run([img]), /config\.txt:2: kernel=hyp\.img: no such file on the boot partition/);
    const img2 = path.join(dir, 'empty.img');
    sdImage(img2, { 'config.txt': 'enable_uart=1\n' });
    expectUserError(await run([img2]), /no kernel8\.img on the boot partition/);
  });

  it('kernel too large for RAM', async () => {
    const img = path.join(dir, 'big.img');
    sdImage(img, { 'config.txt': 'kernel_address=0x3eff0000\n', 'kernel8.img': new Uint8Array(0x20000) });
    expectUserError(await run([img]), /does not fit in RAM/);
    const big = path.join(dir, 'big.bin');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 0x40000000); // sparse 1 GiB file
    expectUserError(await run(['--kernel', big]), /larger than the \d+ MiB of RAM/);
  });

  it('32-bit kernels and conflicting flags', async () => {
    const img = path.join(dir, 'a32.img');
    sdImage(img, { 'config.txt': 'arm_64bit=0\n', 'kernel8.img': new Uint8Array(16) });
    expectUserError(await run([img]), /arm_64bit=0 asks for a 32-bit kernel/);
    expectUserError(await run(['--kernel', img, '--input', 'a', '--input-file', img]), /either --input or --input-file/);
  });
});
