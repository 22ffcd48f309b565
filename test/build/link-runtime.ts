// Test helper: assemble .S files with the bare-metal runtime and a layout, link at 0x80000.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { functionTableAsm, layoutAsm } from '../../tools/build/generated.ts';
import { BAREMETAL_RUNTIME } from '../../tools/build/rules.ts';
import { selectedToolchain } from '../../tools/build/toolchain.ts';
import type { ProgramSpec } from '../../tools/build/programs.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export async function linkWithRuntime(sources: string[], functions: string[] = []): Promise<string> {
  const tc = selectedToolchain();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-runtime-'));
  const layout = path.join(dir, 'layout.S');
  fs.writeFileSync(layout, layoutAsm({ name: 'test', addressBase: 0, memoryBase: 0x200000, memorySize: 0x400000, stackTop: 0x80000, stackSize: 0x40000 } as ProgramSpec));
  const names = path.join(dir, 'functions.S');
  fs.writeFileSync(names, functions.length > 0 ? functionTableAsm(functions) : '');
  const objs: string[] = [];
  for (const s of [...sources, layout, names, ...BAREMETAL_RUNTIME.map((r) => path.join(ROOT, r))]) {
    const o = path.join(dir, path.basename(s) + '.o');
    await tc.assemble(s, o, [path.dirname(s)]);
    objs.push(o);
  }
  const image = path.join(dir, 'kernel8.img');
  await tc.link({ objects: objs, base: 0x80000, entry: '_start', textFirst: ['.text.boot'], elf: path.join(dir, 'kernel8.elf'), image });
  return image;
}
