// `raspvisor doctor`: which oracle and helper programs this machine has.
import type { Command } from 'commander';

const TOOLS = ['llvm-mc', 'llvm-objdump', 'qemu-aarch64', 'qemu-system-aarch64', 'aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-ld', 'gdb-multiarch', 'fsck.fat', 'mdir'];

export function register(program: Command): void {
  program
    .command('doctor')
    .description('show which optional tools (oracles, firmware) this machine has')
    .action(async () => {
      const { execaSync } = await import('execa');
      for (const t of TOOLS) {
        const r = execaSync('sh', ['-c', `command -v ${t}`], { reject: false });
        console.log(`${t.padEnd(24)} ${r.exitCode === 0 ? r.stdout.trim() : 'not found'}`);
      }
    });
}
