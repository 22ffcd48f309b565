// `raspvisor image` end to end: the Pi boot files land in the image with their manifest (checked
// by sha256sum -c on the files mcopy extracts), identical input gives identical bytes, and bad
// input gives a clear error, exit 1 and no output file.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderConfigTxt } from '../../sdcard/config.ts';
import { DEBIAN_FIRMWARE_DIR } from '../../sdcard/firmware.ts';
import { openFat32Image } from '../../sdcard/fat32/reader.ts';
import { CLI, MiB, mtoolsExtract, pseudoRandom, tmpDir } from './helpers.ts';

const work = tmpDir('image');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const build = path.join(work, 'build');
fs.mkdirSync(build);
fs.writeFileSync(path.join(build, 'kernel8.img'), pseudoRandom(40000, 11));
fs.writeFileSync(path.join(build, 'mini-os.bin'), pseudoRandom(12345, 12));
fs.writeFileSync(path.join(build, 'echo.bin'), pseudoRandom(2000, 13));
fs.writeFileSync(path.join(build, 'kernel8.elf'), 'not packaged');

// A --firmware directory shaped like an official boot partition (small fake files).
const firmware = path.join(work, 'firmware');
fs.mkdirSync(firmware);
for (const [n, seed] of [['bootcode.bin', 1], ['start.elf', 2], ['fixup.dat', 3], ['start4.elf', 4]] as const) {
  fs.writeFileSync(path.join(firmware, n), pseudoRandom(1000 + seed, seed));
}

function raspvisor(args: string[], env: Record<string, string> = {}) {
  return execa('node', [CLI, ...args], { reject: false, env: { ...env, SOURCE_DATE_EPOCH: '' } });
}

/** Everything left in a directory whose name starts with the image's base name (temp files too). */
const leftovers = (dir: string, base: string) => fs.readdirSync(dir).filter((e) => e.includes(base));

describe('raspvisor image', () => {
  const hasDebian = fs.existsSync(path.join(DEBIAN_FIRMWARE_DIR, 'start.elf'));

  it.runIf(hasDebian)('builds a bootable image from Debian raspi-firmware and records its version', async () => {
    const out = path.join(work, 'deb.img');
    const r = await raspvisor(['image', '-o', out, '--build-dir', build]);
    expect(r.exitCode, r.stderr).toBe(0);
    const version = (await execa('dpkg-query', ['-W', '-f', '${Version}', 'raspi-firmware'])).stdout.trim();
    expect(r.stdout).toContain(`firmware: Debian raspi-firmware ${version}`);
    expect(r.stdout).toMatch(/partition 1: type 0x0c \(FAT32 LBA\), sectors 8192-/);
    const fat = openFat32Image(out);
    const manifest = Buffer.from(fat.readFile('raspvisor-manifest.txt')).toString();
    expect(manifest).toContain(`# firmware: Debian raspi-firmware ${version}`);
    expect(fat.list('/').map((e) => e.name).sort()).toEqual(
      ['bootcode.bin', 'config.txt', 'echo.bin', 'fixup.dat', 'kernel8.img', 'mini-os.bin', 'raspvisor-manifest.txt', 'start.elf'].sort(),
    );
    expect(Buffer.from(fat.readFile('start.elf')).equals(fs.readFileSync(path.join(DEBIAN_FIRMWARE_DIR, 'start.elf')))).toBe(true);
    fat.close();
  });

  it('writes firmware, kernel, guests, config.txt and a manifest that sha256sum -c accepts', async () => {
    const out = path.join(work, 'sd.img');
    const r = await raspvisor(['image', '-o', out, '--build-dir', build, '--firmware', firmware, '--size', '48M']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(fs.statSync(out).size).toBe(48 * MiB);
    for (const name of ['bootcode.bin', 'start.elf', 'fixup.dat', 'kernel8.img', 'mini-os.bin', 'echo.bin', 'config.txt']) expect(r.stdout).toContain(name);
    const dest = path.join(work, 'extracted');
    await mtoolsExtract(out, 4 * MiB, dest);
    expect(fs.readdirSync(dest).sort()).toEqual(['bootcode.bin', 'config.txt', 'echo.bin', 'fixup.dat', 'kernel8.img', 'mini-os.bin', 'raspvisor-manifest.txt', 'start.elf']);
    const check = await execa('sha256sum', ['-c', 'raspvisor-manifest.txt'], { cwd: dest });
    expect(check.stdout.split('\n').filter((l) => l.endsWith(': OK'))).toHaveLength(7);
    expect(fs.readFileSync(path.join(dest, 'config.txt'), 'utf8')).toBe(renderConfigTxt());
    expect(fs.readFileSync(path.join(dest, 'kernel8.img')).equals(fs.readFileSync(path.join(build, 'kernel8.img')))).toBe(true);
  });

  it('gives byte-identical images from identical input', async () => {
    const a = path.join(work, 'same-a.img');
    const b = path.join(work, 'same-b.img');
    for (const o of [a, b]) expect((await raspvisor(['image', '-o', o, '--build-dir', build, '--firmware', firmware])).exitCode).toBe(0);
    expect((await execa('cmp', [a, b], { reject: false })).exitCode).toBe(0);
  });

  it('renders config.txt with the settings a 64-bit hypervisor on the mini-UART needs, each commented', () => {
    const cfg = renderConfigTxt();
    const settings = cfg.split('\n').filter((l) => /^\w/.test(l));
    expect(settings).toEqual(['arm_64bit=1', 'kernel=kernel8.img', 'enable_uart=1', 'core_freq=250', 'core_freq_min=250']);
    // Each setting sits in a block that opens with a comment.
    const lines = cfg.split('\n');
    for (const s of settings) {
      let i = lines.indexOf(s) - 1;
      while (/^\w/.test(lines[i])) i--;
      expect(lines[i].startsWith('#'), `${s} has a comment`).toBe(true);
    }
  });
});

describe('raspvisor image: bad input', () => {
  it('names the missing build outputs and says to run raspvisor build', async () => {
    const out = path.join(work, 'nobuild.img');
    const r = await raspvisor(['image', '-o', out, '--build-dir', path.join(work, 'nope'), '--firmware', firmware]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('kernel8.img: missing');
    expect(r.stderr).toContain('raspvisor build');
    expect(leftovers(work, 'nobuild')).toEqual([]);
  });

  it('names a --firmware directory missing a required file', async () => {
    const partial = path.join(work, 'fw-partial');
    fs.mkdirSync(partial);
    fs.copyFileSync(path.join(firmware, 'bootcode.bin'), path.join(partial, 'bootcode.bin'));
    const r = await raspvisor(['image', '-o', path.join(work, 'nofw.img'), '--build-dir', build, '--firmware', partial]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/fw-partial lacks start\.elf, fixup\.dat/);
    expect(r.stderr).toContain('apt-get install raspi-firmware');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(leftovers(work, 'nofw')).toEqual([]);
  });

  it('says where it looked when no firmware is installed', async () => {
    const r = await raspvisor(['image', '-o', path.join(work, 'nodeb.img'), '--build-dir', build], { RASPVISOR_FIRMWARE_DIR: path.join(work, 'no-such-firmware') });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`looked in ${path.join(work, 'no-such-firmware')}`);
    expect(r.stderr).toContain('official Raspberry Pi OS image');
    expect(leftovers(work, 'nodeb')).toEqual([]);
  });

  it('refuses files larger than the image and leaves nothing behind', async () => {
    const bigBuild = path.join(work, 'bigbuild');
    fs.mkdirSync(bigBuild);
    const k = path.join(bigBuild, 'kernel8.img');
    fs.writeFileSync(k, '');
    fs.truncateSync(k, 50 * MiB);
    fs.writeFileSync(path.join(work, 'toosmall.img'), 'previous contents');
    const r = await raspvisor(['image', '-o', path.join(work, 'toosmall.img'), '--build-dir', bigBuild, '--firmware', firmware, '--size', '40M']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/the files need \d+ clusters .* but a 40 MiB image holds/);
    expect(r.stderr).toMatch(/--size \d+M/);
    // The old file is untouched and no temporary file is left.
    expect(fs.readFileSync(path.join(work, 'toosmall.img'), 'utf8')).toBe('previous contents');
    expect(leftovers(work, 'toosmall')).toEqual(['toosmall.img']);
  });

  it('reports an unwritable output path', async () => {
    fs.writeFileSync(path.join(work, 'a-file'), '');
    for (const [out, msg] of [
      [path.join(work, 'no-dir', 'x.img'), /directory .*no-dir does not exist/],
      [path.join(work, 'a-file', 'x.img'), /cannot write .*a-file\/x.img/],
      [work, /is a directory/],
      ['/dev/null', /not a regular file; raspvisor writes an image file, not a device/],
    ] as const) {
      const r = await raspvisor(['image', '-o', out, '--build-dir', build, '--firmware', firmware]);
      expect(r.exitCode, out).toBe(1);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('with --no-build takes build/ of the current directory', async () => {
    const cwd = path.join(work, 'project');
    fs.mkdirSync(path.join(cwd, 'build'), { recursive: true });
    fs.copyFileSync(path.join(build, 'kernel8.img'), path.join(cwd, 'build', 'kernel8.img'));
    const r = await execa('node', [CLI, 'image', '-o', 'card.img', '--no-build', '--firmware', firmware], { cwd, reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    const fat = openFat32Image(path.join(cwd, 'card.img'));
    expect(Buffer.from(fat.readFile('kernel8.img')).equals(fs.readFileSync(path.join(build, 'kernel8.img')))).toBe(true);
    expect(fat.stat('mini-os.bin')).toBeUndefined();
    fat.close();
  });

  it('rejects a malformed or too small --size', async () => {
    const bad = await raspvisor(['image', '-o', path.join(work, 's.img'), '--build-dir', build, '--firmware', firmware, '--size', 'lots']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('--size "lots"');
    const small = await raspvisor(['image', '-o', path.join(work, 's.img'), '--build-dir', build, '--firmware', firmware, '--size', '20M']);
    expect(small.exitCode).toBe(1);
    expect(small.stderr).toMatch(/FAT32 needs at least 65525/);
    expect(leftovers(work, 's.img')).toEqual([]);
  });
});
