// Debian's arm64 Linux kernel and busybox-static for the Linux boot test and benchmark: fetched
// with apt-get download at run time (nothing committed), the kernel's Image and the Pi 3 device
// tree taken from the package, an initramfs with busybox as /init built without root, and the
// kernel log normalised for comparison with QEMU.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpioNewc } from './cpio.ts';

export const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tools/cli/raspvisor.mjs');
export const APPEND = 'console=ttyS1,115200 earlycon';
export const PANIC = 'end Kernel panic - not syncing: VFS: Unable to mount root fs';

export interface DebianLinux { image: string; dtb: string; busybox: string; version: string }

/** The current Debian arm64 kernel package (what linux-image-arm64 depends on) and
 *  busybox-static, unpacked under `dir`; a string says why that was not possible. */
export async function fetchDebianLinux(dir: string): Promise<DebianLinux | string> {
  const dep = await execa('apt-cache', ['depends', 'linux-image-arm64:arm64'], { reject: false });
  const m = /Depends: (linux-image-[^\s:]+)/.exec(String(dep.stdout));
  if (!m) return 'apt-cache finds no linux-image-arm64:arm64 (add the arm64 architecture: tools/setup/apt-deps.sh)';
  for (const name of [`${m[1]}:arm64`, 'busybox-static:arm64']) {
    if (fs.readdirSync(dir).some((f) => f.startsWith(name.split(':')[0] + '_'))) continue;
    const r = await execa('apt-get', ['download', name], { cwd: dir, reject: false, timeout: 300_000 });
    if (r.exitCode !== 0) return `apt-get download ${name} failed: ${String(r.stderr).trim().split('\n').pop()}`;
  }
  const x = path.join(dir, 'x');
  if (!fs.existsSync(x)) for (const deb of fs.readdirSync(dir).filter((f) => f.endsWith('.deb'))) await execa('dpkg-deb', ['-x', path.join(dir, deb), x]);
  const image = fs.readdirSync(path.join(x, 'boot')).find((f) => f.startsWith('vmlinuz-'));
  const kdir = fs.readdirSync(path.join(x, 'usr/lib')).find((d) => d.startsWith('linux-image-'));
  const dtb = kdir ? path.join(x, 'usr/lib', kdir, 'broadcom/bcm2837-rpi-3-b.dtb') : '';
  const busybox = path.join(x, 'bin/busybox');
  if (!image || !fs.existsSync(dtb) || !fs.existsSync(busybox)) return 'the packages do not hold /boot/vmlinuz-*, broadcom/bcm2837-rpi-3-b.dtb and /bin/busybox';
  return { image: path.join(x, 'boot', image), dtb, busybox, version: m[1] };
}

/** An initramfs: busybox as /init (its init reads /etc/inittab: mount /proc and /sys, then a
 *  shell on the console), /bin/sh and /bin/mount linked to it, /dev/console. */
export function busyboxInitramfs(busybox: string, file: string): string {
  const inittab = '::sysinit:/bin/mount -t proc proc /proc\n::sysinit:/bin/mount -t sysfs sysfs /sys\n::respawn:-/bin/sh\n';
  fs.writeFileSync(file, cpioNewc([
    { path: 'init', kind: 'file', data: fs.readFileSync(busybox) },
    { path: 'bin', kind: 'dir' }, { path: 'bin/sh', kind: 'symlink', target: '/init' }, { path: 'bin/mount', kind: 'symlink', target: '/init' },
    { path: 'dev', kind: 'dir' }, { path: 'dev/console', kind: 'chardev', major: 5, minor: 1 },
    { path: 'proc', kind: 'dir' }, { path: 'sys', kind: 'dir' },
    { path: 'etc', kind: 'dir' }, { path: 'etc/inittab', kind: 'file', data: Buffer.from(inittab), mode: 0o644 },
  ]));
  return file;
}

/** QEMU's raspi3b on the same files, both UARTs on stdout; killed once `until` is printed
 *  (after sending `input` lines, each once the previous prompt appeared). */
export async function qemuLinux(k: DebianLinux, opts: { initrd?: string; until: string; input?: string[]; prompt?: string; timeoutMs?: number }): Promise<string> {
  const args = ['-M', 'raspi3b', '-kernel', k.image, '-dtb', k.dtb, '-append', APPEND, '-display', 'none', '-monitor', 'none',
    '-chardev', 'stdio,id=c,mux=on', '-serial', 'chardev:c', '-serial', 'chardev:c', '-no-reboot'];
  if (opts.initrd) args.push('-initrd', opts.initrd);
  const q = execa('qemu-system-aarch64', args, { reject: false, timeout: opts.timeoutMs ?? 300_000, stdin: 'pipe' });
  let out = '', sent = 0;
  const input = opts.input ?? [];
  q.stdout?.on('data', (d: Buffer) => {
    out += d.toString('latin1');
    if (out.includes(opts.until)) { q.kill(); return; }
    const prompts = opts.prompt ? out.split(opts.prompt).length - 1 : 0;
    while (sent < input.length && prompts > sent) q.stdin?.write(input[sent++] + '\n');
  });
  await q;
  return out;
}

/** Kernel log lines without their timestamps (and without the stray bytes a UART prints while
 *  the console moves from earlycon to the real driver). */
export function kernelLines(out: string): string[] {
  const lines: string[] = [];
  for (const l of out.replace(/\r/g, '').split('\n')) {
    const m = /\[\s*\d+\.\d+\] (.*)$/.exec(l);
    if (m) lines.push(m[1]);
  }
  return lines;
}

/** Lines that differ from QEMU's for a reason (checked to be present, then left out):
 *  - the generic counter runs at 19.2 MHz as on a Pi 3 (QEMU 7.2: 62.5 MHz), which changes
 *    the arch_timer, clocksource, sched_clock and BogoMIPS lines;
 *  - the core has no AArch32, so ID_AA64PFR0_EL1 says EL0/EL1 are AArch64 only: no
 *    "32-bit EL0/EL1 Support" lines and other bits in the final "CPU features:" word;
 *  - the mailbox reports a real firmware's revision (QEMU: 346337, "1970-01-05");
 *  - run-dependent: timings (deferred pages), the audit timestamp, how often the
 *    earlycon/ttyS1 hand-over line is repeated, and which core init panics on. */
export const KNOWN_DIFFERENT: Array<[RegExp, string]> = [
  [/^arch_timer: cp15 timer\(s\) running at /, 'counter frequency'],
  [/^clocksource: arch_sys_counter: /, 'counter frequency'],
  [/^sched_clock: \d+ bits at /, 'counter frequency'],
  [/^Calibrating delay loop \(skipped\)/, 'counter frequency'],
  [/^CPU features: detected: 32-bit EL[01] Support$/, 'no AArch32'],
  [/^CPU features: 0x/, 'no AArch32'],
  [/^raspberrypi-firmware soc:firmware: Attached to firmware from /, 'firmware revision'],
  [/^node 0 deferred pages initialised in \d+ms$/, 'timing'],
  [/^audit: type=2000 audit\(/, 'timing'],
  [/^printk: console \[ttyS1\] enabled$/, 'hand-over line repeats'],
  [/^CPU: \d PID: 1 Comm: swapper\/0 /, 'the core init runs on at the panic'],
];
export const comparable = (lines: string[]): string[] => lines.filter((l) => !KNOWN_DIFFERENT.some(([re]) => re.test(l)));
