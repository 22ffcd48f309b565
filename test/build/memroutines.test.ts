// The runtime's memmove/memset (what memory.copy/memory.fill compile to) under qemu-aarch64
// against their definition, over every size to 200, 24x24 alignments, overlaps both ways.
import { expect, test } from 'vitest';
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('__wasm_memmove / __wasm_memset match their definition (qemu-aarch64)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-mem-'));
  const obj = path.join(dir, 'mem.o');
  await execa('aarch64-linux-gnu-as', [path.join(ROOT, 'tools/runtime/baremetal/mem.S'), '-o', obj]);
  const exe = path.join(dir, 'memtest');
  await execa('aarch64-linux-gnu-gcc', ['-O1', '-static', '-ffreestanding', '-nostdlib', '-fno-builtin', path.join(import.meta.dirname, 'fixtures/memtest.c'), obj, '-o', exe]);
  const r = await execa('qemu-aarch64', [exe], { reject: false });
  expect(r.stdout).toBe('ok 120592');
});
