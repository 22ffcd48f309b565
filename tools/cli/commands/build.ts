// `raspvisor build`: compile the hypervisor and every guest into build/ (kernel8.img,
// kernel8.elf, <guest>.bin, <guest>.elf), rebuilding only what changed.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('build')
    .description('compile the hypervisor (hypervisor/) and guests (guests/<name>/) into build/')
    .argument('[programs...]', "only these programs ('kernel8' = the hypervisor, or guest names)")
    .option('-q, --quiet', 'do not list the steps')
    .option('-C, --project <dir>', 'project folder (default: the project holding the current directory)')
    .action(async (programs: string[], opts: { quiet?: boolean; project?: string }) => {
      const { build } = await import('../../build/index.ts');
      const { findProject } = await import('../../project/find.ts');
      const path = await import('node:path');
      const project = findProject({ project: opts.project });
      const t0 = performance.now();
      const r = await build({ root: project.root, buildDir: project.buildDir, only: programs.length > 0 ? programs : undefined, log: opts.quiet ? () => {} : undefined });
      if (!opts.quiet) {
        if (r.ran === 0) console.log('build: everything up to date');
        for (const p of r.programs) console.log(`  ${p.kind.padEnd(10)} ${path.relative(process.cwd(), p.image)}  ${path.relative(process.cwd(), p.elf)}`);
        console.log(`build: ${r.ran} step(s) in ${((performance.now() - t0) / 1000).toFixed(2)} s (toolchain: ${r.toolchain})`);
      }
    });
}
