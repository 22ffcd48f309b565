// `raspvisor install --boot DIR` against temporary directories shaped like a Pi boot partition:
// first install, reinstall with backups, refusal, --dry-run, a failed write in the middle, and
// a process killed at each step of the transaction, recovered by the next run.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../tools/common/diagnostics.ts';
import { renderConfigTxt } from '../../sdcard/config.ts';
import { install, JOURNAL_FILE } from '../../sdcard/install.ts';
import { CLI, hostTree, pseudoRandom, sha256, tmpDir } from './helpers.ts';

const work = tmpDir('install');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let counter = 0;

/** A boot partition as Raspberry Pi OS leaves it, plus an earlier raspvisor kernel. */
function bootPartition(): string {
  const dir = path.join(work, `boot-${++counter}`);
  fs.mkdirSync(path.join(dir, 'overlays'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'bootcode.bin'), pseudoRandom(5000, 1));
  fs.writeFileSync(path.join(dir, 'start.elf'), pseudoRandom(9000, 2));
  fs.writeFileSync(path.join(dir, 'fixup.dat'), pseudoRandom(700, 3));
  fs.writeFileSync(path.join(dir, 'config.txt'), '# the distribution\'s config\ndtparam=audio=on\n');
  fs.writeFileSync(path.join(dir, 'cmdline.txt'), 'console=serial0,115200 root=/dev/mmcblk0p2\n');
  fs.writeFileSync(path.join(dir, 'kernel8.img'), 'an older kernel');
  fs.writeFileSync(path.join(dir, 'overlays', 'disable-bt.dtbo'), 'dtbo');
  return dir;
}

function buildDir(seed: number): string {
  const dir = path.join(work, `build-${++counter}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'kernel8.img'), pseudoRandom(30000, seed));
  fs.writeFileSync(path.join(dir, 'mini-os.bin'), pseudoRandom(20000, seed + 1));
  fs.writeFileSync(path.join(dir, 'echo.bin'), pseudoRandom(3000, seed + 2));
  return dir;
}

const snapshot = (dir: string) => hostTree(dir);
const bytesOf = (p: string) => sha256(fs.readFileSync(p));

function expectInstalled(boot: string, build: string): void {
  for (const f of ['kernel8.img', 'mini-os.bin', 'echo.bin']) expect(bytesOf(path.join(boot, f)), f).toBe(bytesOf(path.join(build, f)));
  expect(fs.readFileSync(path.join(boot, 'config.txt'), 'utf8')).toBe(renderConfigTxt());
  const left = fs.readdirSync(boot).filter((e) => e.startsWith('.'));
  expect(left, 'no journal or temporary files left').toEqual([]);
}

function raspvisor(args: string[], env: Record<string, string> = {}) {
  return execa('node', [CLI, 'install', ...args], { reject: false, env });
}

describe('raspvisor install', () => {
  it('installs, then reinstalls with a numbered backup of each replaced file', async () => {
    const boot = bootPartition();
    const build1 = buildDir(100);
    const oldKernel = fs.readFileSync(path.join(boot, 'kernel8.img'));
    const oldConfig = fs.readFileSync(path.join(boot, 'config.txt'));
    const first = await raspvisor(['--boot', boot, '--build-dir', build1]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/replaced\s+kernel8\.img .*raspvisor-backup\/1\/kernel8\.img/);
    expect(first.stdout).toMatch(/added\s+mini-os\.bin/);
    expectInstalled(boot, build1);
    expect(fs.readFileSync(path.join(boot, 'raspvisor-backup/1/kernel8.img')).equals(oldKernel)).toBe(true);
    expect(fs.readFileSync(path.join(boot, 'raspvisor-backup/1/config.txt')).equals(oldConfig)).toBe(true);
    // Files raspvisor does not own are left alone.
    expect(fs.readFileSync(path.join(boot, 'cmdline.txt'), 'utf8')).toContain('console=serial0');
    expect(fs.existsSync(path.join(boot, 'overlays/disable-bt.dtbo'))).toBe(true);

    const again = await raspvisor(['--boot', boot, '--build-dir', build1]);
    expect(again.stdout).toContain('already up to date');
    expect(fs.existsSync(path.join(boot, 'raspvisor-backup/2'))).toBe(false);

    const build2 = buildDir(200);
    const third = await raspvisor(['--boot', boot, '--build-dir', build2]);
    expect(third.exitCode, third.stderr).toBe(0);
    expectInstalled(boot, build2);
    expect(bytesOf(path.join(boot, 'raspvisor-backup/2/kernel8.img'))).toBe(bytesOf(path.join(build1, 'kernel8.img')));
    expect(fs.existsSync(path.join(boot, 'raspvisor-backup/2/config.txt'))).toBe(false); // it was unchanged
    // The manifest on the partition checks out with sha256sum.
    const check = await execa('sha256sum', ['-c', 'raspvisor-manifest.txt'], { cwd: boot });
    expect(check.stdout.split('\n').filter((l) => l.endsWith(': OK'))).toHaveLength(4);
  });

  it('replaces a file whose name differs only in case, as FAT would see it', () => {
    const boot = bootPartition();
    fs.renameSync(path.join(boot, 'kernel8.img'), path.join(boot, 'KERNEL8.IMG'));
    const build = buildDir(150);
    const r = install({ bootDir: boot, buildDir: build });
    expect(r.changes.find((c) => c.name === 'KERNEL8.IMG')?.action).toBe('replace');
    expect(fs.existsSync(path.join(boot, 'kernel8.img'))).toBe(false);
    expect(bytesOf(path.join(boot, 'KERNEL8.IMG'))).toBe(bytesOf(path.join(build, 'kernel8.img')));
    expect(fs.readFileSync(path.join(boot, 'raspvisor-backup/1/KERNEL8.IMG'), 'utf8')).toBe('an older kernel');
  });

  it('refuses a directory that is not a boot partition unless --force', async () => {
    const dir = path.join(work, 'not-boot');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hi');
    const build = buildDir(300);
    const r = await raspvisor(['--boot', dir, '--build-dir', build]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('does not look like a Raspberry Pi boot partition (no bootcode.bin or start*.elf)');
    expect(fs.readdirSync(dir)).toEqual(['notes.txt']);
    const forced = await raspvisor(['--boot', dir, '--build-dir', build, '--force']);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expectInstalled(dir, build);
    const missing = await raspvisor(['--boot', path.join(work, 'nowhere'), '--build-dir', build]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('no such directory');
  });

  it('changes nothing with --dry-run, and says what it would do', async () => {
    const boot = bootPartition();
    const before = snapshot(boot);
    const r = await raspvisor(['--boot', boot, '--build-dir', buildDir(400), '--dry-run']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/would replace\s+kernel8\.img/);
    expect(r.stdout).toMatch(/would add\s+echo\.bin/);
    expect(r.stdout).toContain('dry run: nothing written');
    expect(snapshot(boot)).toEqual(before);
  });

  it('leaves the old files intact when a write fails in the middle', () => {
    const boot = bootPartition();
    const before = snapshot(boot);
    const build = buildDir(500);
    let err: unknown;
    try {
      install({ bootDir: boot, buildDir: build, faults: { failWriteOf: 'config.txt' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/failed while writing the new files: EIO/);
    expect((err as UserError).notes.join()).toContain('unchanged');
    expect(snapshot(boot)).toEqual(before);
    // The next run just works.
    install({ bootDir: boot, buildDir: build });
    expectInstalled(boot, build);
  });

  it('reports a failed write from the command line with exit 1 and no stack trace', async () => {
    const boot = bootPartition();
    const before = snapshot(boot);
    const r = await raspvisor(['--boot', boot, '--build-dir', buildDir(550)], { RASPVISOR_TEST_INSTALL_FAIL_WRITE: 'kernel8.img' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('failed while writing the new files');
    expect(r.stderr).toContain('the boot partition is unchanged');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot(boot)).toEqual(before);
  });

  // Kill the process (SIGKILL, no cleanup) at each step; the partition must then be either as it
  // was or fully updated once the next run has recovered, and the next run must install cleanly.
  const steps = [
    { at: 'written:echo.bin', state: 'old' },
    { at: 'written:raspvisor-manifest.txt', state: 'old' },
    { at: 'committed', state: 'new' },
    { at: 'backed-up:kernel8.img', state: 'new' },
    { at: 'renamed:config.txt', state: 'new' },
  ] as const;
  it.each(steps)('recovers from a crash at $at (rolls $state)', async ({ at, state }) => {
    const boot = bootPartition();
    const before = snapshot(boot);
    const build = buildDir(600);
    const crashed = await raspvisor(['--boot', boot, '--build-dir', build], { RASPVISOR_TEST_INSTALL_CRASH_AT: at });
    expect(crashed.signal).toBe('SIGKILL');
    expect(fs.existsSync(path.join(boot, JOURNAL_FILE))).toBe(true);
    if (state === 'old') {
      // Not committed: every old file is still there, byte for byte.
      for (const [p, h] of before) expect(snapshot(boot).get(p), p).toBe(h);
    }
    const dry = await raspvisor(['--boot', boot, '--build-dir', build, '--dry-run']);
    expect(dry.stdout).toContain(state === 'old' ? 'would roll back' : 'would roll forward');
    expect(fs.existsSync(path.join(boot, JOURNAL_FILE))).toBe(true);

    const next = await raspvisor(['--boot', boot, '--build-dir', build]);
    expect(next.exitCode, next.stderr).toBe(0);
    expect(next.stdout).toContain(state === 'old' ? 'rolled back' : 'rolled forward');
    expectInstalled(boot, build);
    // The first kernel and config are in backup 1 whichever way it went.
    expect(fs.readFileSync(path.join(boot, 'raspvisor-backup/1/kernel8.img'), 'utf8')).toBe('an older kernel');
    expect(fs.readFileSync(path.join(boot, 'raspvisor-backup/1/config.txt'), 'utf8')).toContain('dtparam=audio=on');
    if (state === 'new') expect(next.stdout).toContain('already up to date');
  });
});
