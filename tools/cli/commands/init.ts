// `raspvisor init [DIR]`: start a project of your own from the toolchain's examples.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('init')
    .description('start a new project in DIR (default: here): the example hypervisor and guests to change, manifest, layouts, editor config')
    .argument('[dir]', 'folder for the new project (created; must be empty unless --force)', '.')
    .option('--force', 'add the project files to a folder that is not empty (files of the same name are replaced)')
    .option('--dependency <spec>', 'npm spec for raspvisor in the new package.json (default: this checkout as file:PATH when it is a git checkout, else ^ this version; e.g. file:../raspvisor-0.1.0.tgz)')
    .action(async (dir: string, opts: { force?: boolean; dependency?: string }) => {
      const path = await import('node:path');
      const { initProject } = await import('../../project/init.ts');
      const r = initProject({ dir, force: opts.force, dependency: opts.dependency });
      const rel = path.isAbsolute(dir) ? r.root : path.relative(process.cwd(), r.root) || '.';
      console.log(`created project ${rel} (${r.files.length} files)`);
      console.log('next:');
      if (rel !== '.') console.log(`  cd ${rel}`);
      console.log('  npm install        # the toolchain');
      console.log('  npx raspvisor run  # build and boot the hypervisor with its VMs (Ctrl-A x quits)');
    });
}
