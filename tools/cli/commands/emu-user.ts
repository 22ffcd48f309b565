// `raspvisor user-run prog.elf [args...]`: run a static AArch64 Linux executable on the
// emulator's CPU core (user mode: syscalls served by the harness). Exit status = the program's.
import type { Command } from 'commander';
import { UserError } from '../../common/diagnostics.ts';

export function register(program: Command): void {
  program
    .command('user-run')
    .description('run a static AArch64 Linux ELF executable on the emulator core (like qemu-aarch64)')
    .argument('<elf>', 'static AArch64 executable (e.g. gcc -static -nostdlib)')
    .argument('[args...]', 'arguments passed to the program')
    .option('--max-insns <n>', 'stop after this many instructions (exit 124)', '10000000000')
    .option('--stats', 'print instructions executed and MIPS to stderr')
    .option('--no-jit', 'interpret only: do not translate hot code to wasm (also RASPVISOR_JIT=0)')
    .action(async (elf: string, args: string[], opts: { maxInsns: string; stats?: boolean; jit?: boolean }) => {
      const fs = await import('node:fs');
      const { runUserElf } = await import('../../emu/user/linux.ts');
      let bytes: Uint8Array;
      try { bytes = fs.readFileSync(elf); } catch { throw new UserError(`${elf}: cannot read file`); }
      const maxInsns = Number(opts.maxInsns);
      if (!Number.isFinite(maxInsns) || maxInsns <= 0) throw new UserError(`--max-insns: '${opts.maxInsns}' is not a positive number`);
      const t0 = performance.now();
      const r = await runUserElf(bytes, elf, {
        args, maxInsns, jit: opts.jit === false ? false : undefined,
        onStdout: (b) => process.stdout.write(b),
        onStderr: (b) => process.stderr.write(b),
      });
      const dt = (performance.now() - t0) / 1000;
      if (r.faultInfo) process.stderr.write(`raspvisor user-run: ${r.faultInfo}\n`);
      if (opts.stats) process.stderr.write(`${r.insns} instructions, ${dt.toFixed(3)} s, ${(r.insns / dt / 1e6).toFixed(1)} MIPS\n`);
      process.exitCode = r.exitCode;
    });
}
