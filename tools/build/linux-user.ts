// Building a wasm module as a Linux/AArch64 executable (backend target 'linux-user') for
// tests and benchmarks under qemu-aarch64: backend, the linux runtime, our assembler and linker.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../common/files.ts';
import { functionNames, functionTableAsm, layoutAsm } from './generated.ts';
import { selectedToolchain } from './toolchain.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const LINUX_RUNTIME = ['tools/runtime/linux/start.S', 'tools/runtime/baremetal/mem.S'];
/** Where wasm memory is mapped: at 0, so wasm addresses are machine addresses and accesses
 * need no base register. The guard after it (8 GiB + 64 KiB) and at most 4 GiB of memory end
 * below the executable, which is linked at 16 GiB. */
export const LINUX_ADDRESS_BASE = 0;
export const LINUX_LOAD_ADDRESS = 0x400000000;

export interface LinuxBuild {
  exe: string;
  /** Bytes of compiled code (.text of the backend's object, without the runtime). */
  codeBytes: number;
}

/** Assemble and link `.S` files with the linux runtime (asm: extra sources, e.g. compiled code). */
/** `addressBase`: where wasm memory is mapped (default LINUX_ADDRESS_BASE); tests of the
 *  backend's address base use others. */
export async function linkLinuxUser(opts: { name: string; workDir: string; sources: string[]; memorySize: number; addressBase?: number }): Promise<string> {
  const tc = selectedToolchain();
  fs.mkdirSync(opts.workDir, { recursive: true });
  const layout = path.join(opts.workDir, 'layout.S');
  writeFileAtomic(layout, layoutAsm({ name: opts.name, addressBase: opts.addressBase ?? LINUX_ADDRESS_BASE, memoryBase: 0, memorySize: opts.memorySize, stackTop: 0, stackSize: 0 }, false));
  const objs: string[] = [];
  for (const s of [...opts.sources, layout, ...LINUX_RUNTIME.map((r) => path.join(ROOT, r))]) {
    const o = path.join(opts.workDir, path.basename(s).replace(/\.[sS]$/, '') + '.o');
    await tc.assemble(s, o, [path.dirname(s)]);
    objs.push(o);
  }
  const exe = path.join(opts.workDir, opts.name);
  await tc.link({ objects: objs, base: LINUX_LOAD_ADDRESS, entry: '_start', textFirst: [], elf: exe, image: exe + '.bin' });
  fs.chmodSync(exe, 0o755);
  return exe;
}

export async function buildLinuxUser(opts: { name: string; wasm: Uint8Array; workDir: string; memorySize: number; addressBase?: number }): Promise<LinuxBuild> {
  const { compileWasm } = await import(/* @vite-ignore */ '../backend/index.ts' as string);
  fs.mkdirSync(opts.workDir, { recursive: true });
  const { asm } = compileWasm(opts.wasm, { file: `${opts.name}.wasm`, addressBase: BigInt(opts.addressBase ?? LINUX_ADDRESS_BASE), memorySize: opts.memorySize, target: 'linux-user' });
  const s = path.join(opts.workDir, `${opts.name}.s`);
  writeFileAtomic(s, asm + functionTableAsm(functionNames(asm)));
  const exe = await linkLinuxUser({ name: opts.name, workDir: opts.workDir, sources: [s], memorySize: opts.memorySize, addressBase: opts.addressBase });
  return { exe, codeBytes: await textSize(path.join(opts.workDir, `${opts.name}.o`)) };
}

/** Size of the .text sections of an ELF object (our reader). */
export async function textSize(object: string): Promise<number> {
  const { readElf } = await import('../elf/reader.ts');
  const f = readElf(fs.readFileSync(object), object);
  return f.sections.filter((s) => s.name === '.text' || s.name.startsWith('.text.')).reduce((n, s) => n + s.size, 0);
}
