// Compiling a test driver (test/hypervisor-vdev/assembly/) with our front end (asc with the
// bare-metal flag set) and instantiating it in V8, the wasm oracle. The "aarch64" MMIO
// intrinsics the hypervisor's drivers use become JS functions: addresses inside the wasm
// memory are memory (the console's input ring), the rest goes to `mmio` (device models).
import * as path from 'node:path';
import { compileAssemblyScript } from '../../tools/frontend/compile.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const MEMORY_BASE = 0x10000;
export const MEMORY_SIZE = 0x200000;

const compiled = new Map<string, Promise<WebAssembly.Module>>();

export function compileDriver(file: string): Promise<WebAssembly.Module> {
  let m = compiled.get(file);
  if (!m) {
    m = compileAssemblyScript({ name: file, root: ROOT, entries: [`test/hypervisor-vdev/assembly/${file}`], memoryBase: MEMORY_BASE, memorySize: MEMORY_SIZE })
      .then((r) => new WebAssembly.Module(new Uint8Array(r.wasm)));
    compiled.set(file, m);
  }
  return m;
}

export interface Mmio {
  read(addr: number, size: number): number;
  write(addr: number, size: number, value: number): void;
}

export function instantiate(module: WebAssembly.Module, mmio?: Mmio): { ex: any; memory: WebAssembly.Memory } {
  let memory: WebAssembly.Memory;
  const str = (p: number) => (p ? Buffer.from(new Uint8Array(memory.buffer, p, new Uint32Array(memory.buffer, p - 4, 1)[0])).toString('utf16le') : '');
  const inMemory = (a: number) => a < memory.buffer.byteLength;
  const rd = (size: number) => (a: number) => {
    if (inMemory(a)) return new DataView(memory.buffer).getUint32(a, true) & (size === 4 ? 0xffffffff : (1 << (size * 8)) - 1);
    if (!mmio) throw new Error(`MMIO read at ${a.toString(16)} without a device`);
    return mmio.read(a, size) >>> 0;
  };
  const wr = (size: number) => (a: number, v: number) => {
    if (inMemory(a)) {
      const dv = new DataView(memory.buffer);
      if (size === 4) dv.setUint32(a, v, true);
      else if (size === 2) dv.setUint16(a, v, true);
      else dv.setUint8(a, v);
      return;
    }
    if (!mmio) throw new Error(`MMIO write at ${a.toString(16)} without a device`);
    mmio.write(a, size, v >>> 0);
  };
  const imports: WebAssembly.Imports = {
    env: { rv_abort: (m: number, f: number, l: number, c: number) => { throw new Error(`abort: ${str(m)} at ${str(f)}:${l}:${c}`); } },
    aarch64: { 'mmio.read8': rd(1), 'mmio.read16': rd(2), 'mmio.read32': rd(4), 'mmio.write8': wr(1), 'mmio.write16': wr(2), 'mmio.write32': wr(4), nop: () => {} },
  };
  const instance = new WebAssembly.Instance(module, imports);
  memory = instance.exports.memory as WebAssembly.Memory;
  return { ex: instance.exports, memory };
}
