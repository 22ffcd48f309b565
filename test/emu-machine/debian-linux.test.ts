// Third-party software: Debian's arm64 Linux kernel (the Image and bcm2837-rpi-3-b.dtb of the
// current linux-image-*-arm64 package) booted with `--kernel --dtb --append`, against
// qemu-system-aarch64 -M raspi3b on the same files. Packages are fetched at test time with
// apt-get download (60 MB; the test skips with the reason when that fails).
//   CI: the kernel's first lines, up to "Kernel command line:", equal QEMU's.
//   RASPVISOR_LONG=1: the whole log to the "VFS: Unable to mount root fs" panic equals QEMU's
//   but for the lines debian-linux.ts explains; with an initramfs holding busybox-static as
//   /init, a shell where `uname -a`, `cat /proc/cpuinfo` and `ls /` give QEMU's output (but
//   for cpuinfo's BogoMIPS, from the counter frequency, and Features: QEMU's A53 has the
//   Crypto extension, the BCM2837 has not).
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './conformance-images.ts';
import { APPEND, CLI, KNOWN_DIFFERENT, PANIC, busyboxInitramfs, comparable, fetchDebianLinux, kernelLines, qemuLinux, type DebianLinux } from './debian-linux.ts';

const LONG = process.env.RASPVISOR_LONG === '1';

// The default (translation on): its adaptive guard hands a boot like this one, where compiling
// costs more than it gains, back to the interpreter after a few modules (docs/cpu.md;
// test/bench/linux-boot.ts prints both modes). `jit: false` runs the interpreter alone.
async function ours(k: DebianLinux, until: string, extra: string[] = [], jit = true): Promise<{ out: string; code: number | undefined }> {
  const r = await execa('node', [CLI, 'run', ...(jit ? [] : ['--no-jit']), '--kernel', k.image, '--dtb', k.dtb, '--append', APPEND, '--until', until, '--max-insns', '20000000000', ...extra],
    { reject: false, timeout: 1_500_000 });
  return { out: String(r.stdout), code: r.exitCode };
}

describe("Debian's Linux kernel with --kernel Image --dtb bcm2837-rpi-3-b.dtb", () => {
  const dir = tempDir('linux');
  let k: DebianLinux | string = 'not fetched';
  beforeAll(async () => { k = await fetchDebianLinux(dir); if (typeof k === 'string') console.warn(`skipping: ${k}`); }, 600_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints QEMU\'s first kernel lines, up to the command line', async (ctx) => {
    if (typeof k === 'string') { ctx.skip(); return; }
    const until = 'Kernel command line: ';
    const [q, o, i] = await Promise.all([qemuLinux(k, { until: APPEND, timeoutMs: 120_000 }), ours(k, `${until}${APPEND}`), ours(k, `${until}${APPEND}`, [], false)]);
    // both up to the command line (a run stops a little after what it waits for)
    const upTo = (ls: string[]) => ls.slice(0, ls.findIndex((l) => l.startsWith(until)) + 1);
    const ql = upTo(kernelLines(q));
    for (const [mode, r] of [['translation on', o], ['interpreter', i]] as const) {
      const ol = upTo(kernelLines(r.out));
      expect({ mode, code: r.code }).toEqual({ mode, code: 0 });
      expect(ol[0]).toMatch(/^Booting Linux on physical CPU 0x0000000000 \[0x410fd034\]$/);
      expect(ol.length).toBeGreaterThan(25);
      expect(ol).toEqual(ql);
      expect(ol[ol.length - 1]).toBe(`Kernel command line: ${APPEND}`);
    }
  }, 900_000);

  it.skipIf(!LONG)('boots to the VFS panic with QEMU\'s kernel log lines', async (ctx) => {
    if (typeof k === 'string') { ctx.skip(); return; }
    const [q, o] = await Promise.all([qemuLinux(k, { until: PANIC }), ours(k, PANIC, ['--stats'])]);
    expect(o.code).toBe(0);
    const ql = kernelLines(q), ol = kernelLines(o.out);
    expect(ql.some((l) => l.includes(PANIC))).toBe(true);
    // every explained difference is really there (else the list is stale)
    for (const [re, why] of KNOWN_DIFFERENT) if (why !== 'hand-over line repeats') expect({ why, ours: ol.some((l) => re.test(l)) || ql.some((l) => re.test(l)) }).toEqual({ why, ours: true });
    expect(comparable(ol)).toEqual(comparable(ql));
    expect(ol).toContain('printk: console [ttyS1] enabled');
    expect(ol.length).toBeGreaterThan(200);
  }, 1_800_000);

  it.skipIf(!LONG)('with busybox-static as /init: a shell runs uname -a, cat /proc/cpuinfo, ls /', async (ctx) => {
    if (typeof k === 'string') { ctx.skip(); return; }
    const initrd = busyboxInitramfs(k.busybox, path.join(dir, 'initrd.cpio'));
    const cmds = ['uname -a', 'cat /proc/cpuinfo', 'ls /'];
    const input = cmds.map((c) => `\\w{/ # }${c}\\n`).join('');
    const [q, o] = await Promise.all([
      qemuLinux(k, { initrd, until: 'init  proc', input: cmds, prompt: '/ # ' }),
      ours(k, 'init  proc', ['--initrd', initrd, '--input', input]),
    ]);
    expect(o.code).toBe(0);
    // the shell's part of the transcript: from the first command on
    const shell = (t: string) => t.slice(t.indexOf('uname -a')).replace(/\r/g, '').replace(/\x1b\[6n/g, '')
      .split('\n').filter((l) => !/^\[\s*\d+\.\d+\] /.test(l));
    const qs = shell(q), os = shell(o.out);
    const uname = (s: string[]) => s.find((l) => l.startsWith('Linux '));
    expect(uname(os)).toMatch(/^Linux \(none\) 6\.\d+\.\d+-\d+-arm64 #1 SMP .* aarch64 GNU\/Linux$/);
    expect(uname(os)).toBe(uname(qs));
    const cpu = (s: string[]) => s.filter((l) => /^(processor|CPU implementer|CPU architecture|CPU variant|CPU part|CPU revision)\s*:/.test(l));
    expect(cpu(os)).toEqual(cpu(qs));
    expect(cpu(os).filter((l) => l.startsWith('processor')).length).toBe(4);
    expect(os.filter((l) => l.startsWith('Features'))[0]).toBe('Features\t: fp asimd evtstrm crc32 cpuid');
    expect(os.find((l) => /^bin\s+dev\s+etc\s+init\s+proc/.test(l))).toBe(qs.find((l) => /^bin\s+dev\s+etc\s+init\s+proc/.test(l)));
  }, 1_800_000);
});
