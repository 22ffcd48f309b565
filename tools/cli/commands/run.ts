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

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`--timeout ${v}: expected a positive number of seconds`);
  return n;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('boot an SD image or a kernel in the emulated Raspberry Pi 3 (mini-UART and PL011 on this terminal; C-a x quits, C-a h helps)')
    .argument('[sdcard.img]', 'SD card image to boot like the Pi firmware (reads config.txt on its FAT partition); with neither it nor --kernel, builds the project and boots build/kernel8.img')
    .option('--kernel <file>', 'boot this kernel like QEMU -kernel: raw image at 0x80000 or ELF at its entry, EL2')
    .option('--sd <image>', 'SD card image for the EMMC controller (with --kernel)')
    .option('--dtb <file>', 'device tree blob to load; its address is passed in x0')
    .option('--input <text>', 'scripted UART input (escapes: \\n \\r \\t \\xHH, \\p{MS} pause, \\w{TEXT} wait for output)')
    .option('--input-file <file>', "scripted UART input from a file (same escapes); '-' streams stdin to the UART as raw bytes")
    .option('--max-insns <n>', 'stop after this many instructions (all cores)', positiveInt('--max-insns'))
    .option('--timeout <seconds>', 'stop after this much wall-clock time', seconds)
    .option('--until <text>', 'stop with exit 0 as soon as the UART output contains this text; exit 1 if the run ends without it')
    .option('--stats', 'print instructions, MIPS, virtual time and exceptions at the end')
    .option('--trace <what>', 'trace to stderr: boot, mmio, irq, insn (every instruction, disassembled; slow) (comma separated)')
    .option('--gdb <port>', 'wait for gdb-multiarch on this TCP port before starting (target remote :PORT)', positiveInt('--gdb'))
    .option('--reboot', 'a watchdog reset reboots the machine (default: it ends the run, like QEMU -no-reboot)')
    .option('--build-dir <dir>', 'with no image and no --kernel: build into this folder (default build/)')
    .option('--realtime', 'virtual time follows the wall clock (default: derived from instructions, repeatable)')
    .option('--no-jit', 'interpret only: do not translate hot guest code to wasm (also RASPVISOR_JIT=0)')
    .action(async (image: string | undefined, opts) => {
      const { runCommand } = await import('../../emu/machine/run-command.ts');
      if (image === undefined && opts.kernel === undefined) {
        // Inside the project with nothing named: build it and boot its hypervisor, the way
        // `raspvisor run` is meant to be used while developing.
        const { build } = await import('../../build/index.ts');
        const log = (line: string) => process.stderr.write(line + '\n');
        const result = await build({ log, buildDir: opts.buildDir });
        const hv = result.programs.find((p) => p.kind === 'hypervisor');
        if (!hv) throw new UserError('nothing to run: this project has no hypervisor/ program; give an SD image or --kernel FILE');
        log(`booting ${hv.image} (like qemu -kernel); C-a x quits`);
        opts.kernel = hv.image;
      }
      const code = await runCommand(image, opts);
      process.exitCode = code;
    });
}
