// `raspvisor image -o sdcard.img`: a bootable SD card image (MBR + FAT32 boot partition with the
// Pi firmware, config.txt, kernel8.img and the guests). The work is in sdcard/image.ts.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('image')
    .description('write a bootable Raspberry Pi 3 SD card image (MBR + FAT32, firmware, config.txt, kernel8.img, guests)')
    .requiredOption('-o, --output <file>', 'image file to write (replaced atomically)')
    .option('--size <size>', 'image size, e.g. 64M or 1G (default: fits the files, at least 64M)')
    .option('--firmware <dir>', 'directory with bootcode.bin, start.elf, fixup.dat (default: /usr/lib/raspi-firmware)')
    .option('--build-dir <dir>', 'take kernel8.img and the guest .bin files from DIR as they are (default: run the build, use build/)')
    .option('-C, --project <dir>', 'project folder (default: the project holding the current directory)')
    .option('--no-build', 'do not run the build first; use build/ as it is')
    .option('--vms <file>', 'VM manifest to put on the card as vms.txt (default: the project\'s hypervisor/vms.txt; with --build-dir DIR, DIR/vms.txt; checked against the images)')
    .option('--no-vms', 'no vms.txt: the hypervisor starts its default VMs')
    .option('--label <label>', 'FAT volume label', 'RASPVISOR')
    .action(async (opts: { output: string; size?: string; firmware?: string; buildDir?: string; build: boolean; project?: string; label: string; vms?: string | false }) => {
      const { makeSdImage, parseSize, describeImage } = await import('../../../sdcard/image.ts');
      const { runProjectBuild, chooseVmsFile } = await import('../../../sdcard/boot-files.ts');
      const { findProject } = await import('../../project/find.ts');
      // --build-dir names the images outright; otherwise they are the project's.
      const project = opts.buildDir === undefined ? findProject({ project: opts.project }) : undefined;
      const sizeBytes = opts.size !== undefined ? parseSize(opts.size) : undefined;
      const built = project && opts.build ? await runProjectBuild(project) : undefined;
      const buildDir = built?.buildDir ?? opts.buildDir ?? project!.buildDir;
      // The project's hypervisor/vms.txt goes with the project's build (built now, or its build/
      // with --no-build); a --build-dir of ready images brings its own.
      const root = project?.root;
      const r = makeSdImage({
        output: opts.output,
        buildDir,
        vmsFile: chooseVmsFile({ vms: opts.vms, root, buildDir }),
        images: built?.images,
        firmwareDir: opts.firmware,
        sizeBytes,
        label: opts.label,
      });
      console.log(describeImage(r));
    });
}
