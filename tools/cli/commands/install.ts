// `raspvisor install --boot DIR`: kernel8.img, guests, config.txt and the manifest onto a mounted
// Pi boot partition, as a transaction with backups. The work is in sdcard/install.ts.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('install')
    .description('copy kernel8.img, the guests and config.txt onto a mounted Raspberry Pi boot partition (with backups, crash-safe)')
    .requiredOption('--boot <dir>', 'mount point of the SD card\'s FAT boot partition')
    .option('--dry-run', 'show what would change and write nothing')
    .option('--force', 'install even if DIR has no bootcode.bin or start*.elf')
    .option('--build-dir <dir>', 'where kernel8.img and the guest .bin files are', 'build')
    .action(async (opts: { boot: string; dryRun?: boolean; force?: boolean; buildDir: string }) => {
      const { install, describeInstall } = await import('../../../sdcard/install.ts');
      // Fault injection for the crash-safety tests (test/sdcard/install.test.ts).
      const failWriteOf = process.env.RASPVISOR_TEST_INSTALL_FAIL_WRITE;
      const crashAt = process.env.RASPVISOR_TEST_INSTALL_CRASH_AT;
      const faults = failWriteOf || crashAt
        ? { failWriteOf, at: (step: string) => { if (step === crashAt) process.kill(process.pid, 'SIGKILL'); } }
        : undefined;
      const r = install({ bootDir: opts.boot, buildDir: opts.buildDir, dryRun: opts.dryRun, force: opts.force, faults });
      console.log(describeInstall(r));
    });
}
