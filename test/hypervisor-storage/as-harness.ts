// The storage test driver (fixtures/storage-driver.ts) compiled by asc with the project's flags
// and instantiated in V8 over a block source (an image file).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileAssemblyScript } from '../../tools/frontend/compile.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MEMORY_SIZE = 64 * 1024 * 1024;
/** Files are read to here (inside the wasm memory, above the driver's data and heap). */
export const FILE_AREA = 16 * 1024 * 1024;
export const FILE_ROOM = MEMORY_SIZE - FILE_AREA;

let compiled: Promise<WebAssembly.Module> | undefined;
function module(): Promise<WebAssembly.Module> {
  compiled ??= compileAssemblyScript({
    name: 'storage-driver',
    root: ROOT,
    entries: ['test/hypervisor-storage/fixtures/storage-driver.ts'],
    memoryBase: 0x10000,
    memorySize: MEMORY_SIZE,
  }).then((r) => new WebAssembly.Module(new Uint8Array(r.wasm)));
  return compiled;
}

export interface Driver {
  mount(): boolean;
  error(): string;
  open(p: string): number;
  read(max?: number): { result: number; bytes: Buffer; calls: number; blocks: number };
  manifest(text: string): string;
  defaults(): string;
  vmsOnCard(): string;
  /** Block numbers read so far (all calls). */
  reads: { lba: number; count: number }[];
}

/** `readBlock(lba, count)` gives the bytes, or a number = an error code the device reports. */
export async function driver(source: { fd?: number; bytes?: Uint8Array; failAt?: number }): Promise<Driver> {
  let mem!: WebAssembly.Memory;
  const reads: { lba: number; count: number }[] = [];
  const imports: WebAssembly.Imports = {
    env: { rv_abort: () => { throw new Error('abort in the AssemblyScript code'); } },
    host: {
      readBlocks: (lba: number, count: number, dst: number) => {
        lba >>>= 0;
        reads.push({ lba, count });
        if (source.failAt !== undefined && source.failAt >= lba && source.failAt < lba + count) return 5;
        const out = new Uint8Array(mem.buffer, dst, count * 512);
        out.fill(0);
        if (source.fd !== undefined) fs.readSync(source.fd, out, 0, count * 512, lba * 512);
        else out.set(source.bytes!.subarray(lba * 512, (lba + count) * 512));
        return 0;
      },
    },
  };
  const instance = await WebAssembly.instantiate(await module(), imports);
  const ex = instance.exports as any;
  mem = ex.memory;
  const io = ex.ioBuffer() >>> 0;
  const put = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    new Uint8Array(mem.buffer, io, b.length).set(b);
    return b.length;
  };
  const get = (n: number) => Buffer.from(new Uint8Array(mem.buffer, io, n)).toString('utf8');
  return {
    reads,
    mount: () => ex.mount() === 1,
    error: () => get(ex.fatError()),
    open: (p) => Number(ex.openFile(put(p))),
    read: (max = FILE_ROOM) => {
      const result = ex.readFile(FILE_AREA, max);
      const n = result > 0 ? result : 0;
      return { result, bytes: Buffer.from(new Uint8Array(mem.buffer, FILE_AREA, n)), calls: ex.readCalls(), blocks: ex.readBlocksCount() };
    },
    manifest: (text) => get(ex.manifest(put(text))),
    defaults: () => get(ex.defaults()),
    vmsOnCard: () => get(ex.vmsOnCard()),
  };
}
