// `raspvisor install --boot DIR`: kernel8.img, guests, config.txt and the manifest onto a mounted
// Pi boot partition, as a transaction with backups. The work is in sdcard/install.ts.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('install')
    .description('copy kernel8.img, the guests and config.txt onto a mounted Raspberry Pi boot partition (with backups, crash-safe)')
    .requiredOption('--boot <dir>', 'mount point of the SD card\'s FAT boot partition')
    .option('--dry-run', 'show what would change and write nothing (does not build either)')
    .option('--force', 'install even if DIR has no bootcode.bin or start*.elf')
    .option('--build-dir <dir>', 'take kernel8.img and the guest .bin files from DIR as they are (default: run the build, use build/)')
    .option('-C, --project <dir>', 'project folder (default: the project holding the current directory)')
    .option('--no-build', 'do not run the build first; use build/ as it is')
    .option('--vms <file>', 'VM manifest to put on the card as vms.txt (default: the project\'s hypervisor/vms.txt; with --build-dir DIR, DIR/vms.txt; checked against the images)')
    .option('--no-vms', 'no vms.txt: the hypervisor starts its default VMs')
    .action(async (opts: { boot: string; dryRun?: boolean; force?: boolean; buildDir?: string; build: boolean; project?: string; vms?: string | false }) => {
      const { install, describeInstall } = await import('../../../sdcard/install.ts');
      const { runProjectBuild, chooseVmsFile } = await import('../../../sdcard/boot-files.ts');
      const { findProject } = await import('../../project/find.ts');
      // --build-dir names the images outright; otherwise they are the project's.
      const project = opts.buildDir === undefined ? findProject({ project: opts.project }) : undefined;
      const built = project && opts.build && !opts.dryRun ? await runProjectBuild(project) : undefined;
      // Fault injection for the crash-safety tests (test/sdcard/install.test.ts).
      const failWriteOf = process.env.RASPVISOR_TEST_INSTALL_FAIL_WRITE;
      const crashAt = process.env.RASPVISOR_TEST_INSTALL_CRASH_AT;
      const faults = failWriteOf || crashAt
        ? { failWriteOf, at: (step: string) => { if (step === crashAt) process.kill(process.pid, 'SIGKILL'); } }
        : undefined;
      const buildDir = built?.buildDir ?? opts.buildDir ?? project!.buildDir;
      const root = project?.root;
      const r = install({
        bootDir: opts.boot,
        buildDir,
        vmsFile: chooseVmsFile({ vms: opts.vms, root, buildDir }),
        images: built?.images,
        dryRun: opts.dryRun,
        force: opts.force,
        faults,
      });
      console.log(describeInstall(r));
    });
}
