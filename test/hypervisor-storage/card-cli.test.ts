// vms.txt on the card: `raspvisor image` and `install` put the manifest there (mtools reads it
// back), refuse a bad one with the located message (and write nothing), and the card that
// `raspvisor run` boots is rewritten only when a file on it changed.
import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, MiB, ORACLE_ENV, pseudoRandom, tmpDir } from '../sdcard/helpers.ts';
import { prepareRunImage } from '../../sdcard/run-image.ts';

const work = tmpDir('vms-cli');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const build = path.join(work, 'build');
fs.mkdirSync(build);
fs.writeFileSync(path.join(build, 'kernel8.img'), pseudoRandom(40000, 11));
fs.writeFileSync(path.join(build, 'mini-os.bin'), pseudoRandom(12345, 12));
fs.writeFileSync(path.join(build, 'echo.bin'), pseudoRandom(2000, 13));
const firmware = path.join(work, 'firmware');
fs.mkdirSync(firmware);
for (const [n, seed] of [['bootcode.bin', 1], ['start.elf', 2], ['fixup.dat', 3]] as const) fs.writeFileSync(path.join(firmware, n), pseudoRandom(1000 + seed, seed));

const GOOD = 'mini-os mini-os.bin 0x80000 0x80000 16M 10ms\necho echo.bin 0x80000 0x80000 1M 10ms 0x2\n';

function raspvisor(args: string[], cwd = work) {
  return execa('node', [CLI, ...args], { reject: false, cwd, env: { SOURCE_DATE_EPOCH: '' } });
}

async function cardFile(img: string, name: string): Promise<string> {
  const r = await execa('mcopy', ['-n', '-i', `${img}@@${4 * MiB}`, `::/${name}`, '-'], { env: ORACLE_ENV, stripFinalNewline: false });
  return r.stdout;
}

describe('raspvisor image', () => {
  it('copies DIR/vms.txt with --build-dir DIR, and --vms FILE instead when given', async () => {
    fs.writeFileSync(path.join(build, 'vms.txt'), GOOD);
    const out = path.join(work, 'a.img');
    const r = await raspvisor(['image', '-o', out, '--build-dir', build, '--firmware', firmware]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/vms\.txt\s+\d+\s+sha256 [0-9a-f]{64}\s+\(vms\)/);
    expect(await cardFile(out, 'vms.txt')).toBe(GOOD);
    const other = path.join(work, 'other-vms.txt');
    fs.writeFileSync(other, 'echo echo.bin 0x80000 0x80000 1M 1s\n');
    const b = path.join(work, 'b.img');
    expect((await raspvisor(['image', '-o', b, '--build-dir', build, '--firmware', firmware, '--vms', other])).exitCode).toBe(0);
    expect(await cardFile(b, 'vms.txt')).toBe('echo echo.bin 0x80000 0x80000 1M 1s\n');
    const c = path.join(work, 'c.img');
    expect((await raspvisor(['image', '-o', c, '--build-dir', build, '--firmware', firmware, '--no-vms'])).exitCode).toBe(0);
    const dir = await execa('mdir', ['-b', '-i', `${c}@@${4 * MiB}`, '::/'], { env: ORACLE_ENV });
    expect(dir.stdout.toLowerCase()).not.toContain('vms.txt');
    fs.rmSync(path.join(build, 'vms.txt'));
  });

  // Each: the manifest, the message (file:line:col as the CLI prints it).
  const BAD: [string, RegExp][] = [
    ['echo echo.bin 0x80000 0x80000 1M\n', /bad-vms\.txt:1:33: error: expected the time slice \(e\.g\. 10ms\)/],
    [`${GOOD}x nope.bin 0x80000 0x80000 16M 10ms\n`, /bad-vms\.txt:3:3: error: nope\.bin is not in the build \(build\/ has echo\.bin, mini-os\.bin\)/],
    ['mini-os mini-os.bin 0xff000 0xff000 1M 10ms\n', /bad-vms\.txt:1:9: error: mini-os\.bin \(12345 bytes\) loaded at 0xff000 ends at 0x102039, beyond the VM's 1M of memory/],
    ['echo echo.bin 0x80000 0x90000 16M 10ms\n', /bad-vms\.txt:1:23: error: entry 0x90000 is outside echo\.bin, loaded at 0x80000-0x807cf/],
    [Array.from({ length: 10 }, (_, i) => `v${i} echo.bin 0x80000 0x80000 1M 10ms`).join('\n'), /bad-vms\.txt:10:1: error: a 10th VM: the hypervisor runs at most 9 VMs/],
    ['a echo.bin 0 0 600M 10ms\nb echo.bin 0 0 400M 10ms\n', /bad-vms\.txt:2:16: error: the VMs' memory would overlap: with this one they need 1000M, the host has 944M for VMs/],
  ];
  it.each(BAD)('refuses %j with a located error, writing nothing', async (text, message) => {
    fs.writeFileSync(path.join(work, 'bad-vms.txt'), text);
    const out = path.join(work, 'bad.img');
    const r = await raspvisor(['image', '-o', out, '--build-dir', build, '--firmware', firmware, '--vms', 'bad-vms.txt']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.readdirSync(work).filter((e) => e.includes('bad.img'))).toEqual([]);
  });

  it('a missing --vms file', async () => {
    const r = await raspvisor(['image', '-o', path.join(work, 'm.img'), '--build-dir', build, '--firmware', firmware, '--vms', 'no-such.txt']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('--vms no-such.txt: no such file');
  });
});

describe('raspvisor install', () => {
  it('installs vms.txt, and refuses a bad one before touching the partition', async () => {
    const boot = path.join(work, 'boot');
    fs.mkdirSync(boot);
    for (const n of ['bootcode.bin', 'start.elf']) fs.writeFileSync(path.join(boot, n), 'fw');
    fs.writeFileSync(path.join(work, 'vms-ok.txt'), GOOD);
    const r = await raspvisor(['install', '--boot', boot, '--build-dir', build, '--vms', 'vms-ok.txt']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(boot, 'vms.txt'), 'utf8')).toBe(GOOD);
    const before = fs.readdirSync(boot).sort();
    fs.writeFileSync(path.join(work, 'vms-bad.txt'), 'echo echo.bin 0x80000 0x80000 16M 10 \n');
    const bad = await raspvisor(['install', '--boot', boot, '--build-dir', build, '--vms', 'vms-bad.txt']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/vms-bad\.txt:1:35: error: time slice '10': expected a number with us, ms or s \(e\.g\. 10ms\)/);
    expect(fs.readdirSync(boot).sort()).toEqual(before);
    expect(fs.readFileSync(path.join(boot, 'vms.txt'), 'utf8')).toBe(GOOD);
  });
});

describe('the card raspvisor run boots', () => {
  it('is written once, kept while nothing changed, rewritten when vms.txt changes', async () => {
    const root = path.join(work, 'project');
    fs.mkdirSync(path.join(root, 'hypervisor'), { recursive: true });
    fs.writeFileSync(path.join(root, 'hypervisor/vms.txt'), GOOD);
    const images = ['kernel8.img', 'mini-os.bin', 'echo.bin'].map((n) => path.join(build, n));
    const warnings: string[] = [];
    const opts = { buildDir: build, images, root, warn: (m: string) => warnings.push(m) };
    const first = prepareRunImage(opts);
    expect(first.written).toBe(true);
    const size = fs.statSync(first.path).size;
    expect(size & (size - 1)).toBe(0); // a power of two, as QEMU's SD card wants
    expect(await cardFile(first.path, 'vms.txt')).toBe(GOOD);
    const mtime = fs.statSync(first.path).mtimeMs;
    expect(prepareRunImage(opts).written).toBe(false);
    expect(fs.statSync(first.path).mtimeMs).toBe(mtime);
    fs.writeFileSync(path.join(root, 'hypervisor/vms.txt'), GOOD + 'x gone.bin 0x80000 0x80000 1M 10ms\n');
    expect(prepareRunImage(opts).written).toBe(true);
    expect(warnings).toEqual([`${path.relative(process.cwd(), path.join(root, 'hypervisor/vms.txt'))}:3:3: warning: gone.bin is not in the build (${path.relative(process.cwd(), build)}/ has echo.bin, mini-os.bin); the hypervisor will stop that VM and run the others`]);
    expect(await cardFile(first.path, 'vms.txt')).toContain('gone.bin');
  });
});
