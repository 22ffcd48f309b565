// `raspvisor run`: boot an SD image (like the Pi firmware) or a kernel file (like QEMU's
// -kernel) in the bundled raspi3b emulator, with the UARTs on this terminal.
import type { Command } from 'commander';
import { UserError } from '../../common/diagnostics.ts';

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n <= 0) throw new UserError(`${name} ${v}: expected a positive whole number`);
    return n;
  };
}

/** A TCP port: 1-65535 (beyond, listen() throws a RangeError with a stack). */
function port(name: string) {
  return (v: string): number => {
    const n = positiveInt(name)(v);
    if (n > 65535) throw new UserError(`${name} ${v}: a TCP port is 1-65535`);
    return n;
  };
}

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`--timeout ${v}: expected a positive number of seconds`);
  return n;
}

/** With no image and no --kernel: build the project, put it on a card image (rewritten only when
 *  a file on it changed) and boot that like the Pi firmware, so that the hypervisor reads its
 *  guests and vms.txt from the card's FAT32 partition. Returns the card image's path. */
async function prepareDefaultBoot(opts: { project?: string; buildDir?: string }): Promise<string> {
  const { build } = await import('../../build/index.ts');
  const { findProject } = await import('../../project/find.ts');
  const { prepareRunImage } = await import('../../../sdcard/run-image.ts');
  const path = await import('node:path');
  const project = findProject({ project: opts.project, buildDir: opts.buildDir });
  const log = (line: string) => process.stderr.write(line + '\n');
  const result = await build({ log, root: project.root, buildDir: project.buildDir });
  const hv = result.programs.find((p) => p.kind === 'hypervisor');
  if (!hv) throw new UserError('nothing to run: this project has no hypervisor/ program; give an SD image or --kernel FILE');
  const card = prepareRunImage({ buildDir: path.dirname(hv.image), images: result.programs.map((p) => p.image), root: project.root, warn: log });
  const shown = path.relative(process.cwd(), card.path);
  log(`booting ${shown && !shown.startsWith('..') ? shown : card.path}${card.written ? ' (written)' : ''}: kernel8.img, guests and vms.txt on its FAT32 partition; C-a x quits`);
  return card.path;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('boot an SD image or a kernel in the emulated Raspberry Pi 3 (mini-UART and PL011 on this terminal; C-a x quits, C-a h helps)')
    .argument('[sdcard.img]', 'SD card image to boot like the Pi firmware (reads config.txt on its FAT partition); with neither it nor --kernel, builds the project into build/sdcard.img and boots that')
    .option('--kernel <file>', 'boot this kernel like QEMU -kernel: raw image at 0x80000 or ELF at its entry, EL2')
    .option('--sd <image>', 'SD card image for the EMMC controller (with --kernel)')
    .option('--dtb <file>', 'device tree blob to load (its /memory and /chosen set as the firmware and QEMU do); its address is passed in x0')
    .option('--append <text>', 'kernel command line (/chosen/bootargs, like QEMU -append); SD boots read cmdline.txt')
    .option('--initrd <file>', 'initial RAM disk loaded after the kernel and described in /chosen (like QEMU -initrd); SD boots: config.txt initramfs')
    .option('--input <text>', 'scripted UART input (escapes: \\n \\r \\t \\xHH, \\p{MS} pause, \\w{TEXT} wait for output)')
    .option('--input-file <file>', "scripted UART input from a file (same escapes); '-' streams stdin to the UART as raw bytes")
    .option('--max-insns <n>', 'stop after this many instructions (all cores)', positiveInt('--max-insns'))
    .option('--timeout <seconds>', 'stop after this much wall-clock time', seconds)
    .option('--until <text>', 'stop with exit 0 as soon as the UART output contains this text; exit 1 if the run ends without it')
    .option('--stats', 'print instructions, MIPS, virtual time and exceptions at the end')
    .option('--trace <what>', 'trace to stderr: boot, mmio, irq, insn (every instruction, disassembled; slow) (comma separated)')
    .option('--gdb <port>', 'wait for gdb-multiarch on this TCP port before starting (target remote :PORT)', port('--gdb'))
    .option('--reboot', 'a watchdog reset reboots the machine (default: it ends the run, like QEMU -no-reboot)')
    .option('-C, --project <dir>', 'with no image and no --kernel: the project to build and boot (default: the project holding the current directory)')
    .option('--build-dir <dir>', 'with no image and no --kernel: build into this folder (default build/), card image DIR/sdcard.img')
    .option('-w, --watch', 'build and boot the project, then rebuild and reboot whenever a source under hypervisor/ or guests/ changes')
    .option('--realtime', 'virtual time follows the wall clock (default: derived from instructions, repeatable)')
    .option('--no-jit', 'interpret only: do not translate hot guest code to wasm (also RASPVISOR_JIT=0)')
    .action(async (image: string | undefined, opts) => {
      const { runCommand } = await import('../../emu/machine/run-command.ts');
      if (opts.watch) {
        if (image !== undefined || opts.kernel !== undefined) throw new UserError('--watch builds and boots the project: give no image and no --kernel');
        const { findProject } = await import('../../project/find.ts');
        const { watchProject } = await import('../../project/watch.ts');
        const project = findProject({ project: opts.project, buildDir: opts.buildDir });
        const log = (line: string) => process.stderr.write(line + '\n');
        let card = '';
        await watchProject(project.root, {
          prepare: async () => {
            card = await prepareDefaultBoot(opts);
          },
          run: async (stopWhen) => {
            let reason = '';
            process.exitCode = await runCommand(card, { ...opts, stopWhen, onEnd: (r) => { reason = r; } });
            return reason === 'quit';
          },
          log,
        });
        return;
      }
      if (image === undefined && opts.kernel === undefined) image = await prepareDefaultBoot(opts);
      const code = await runCommand(image, opts);
      process.exitCode = code;
    });
}
