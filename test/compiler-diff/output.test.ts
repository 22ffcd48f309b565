// Program output through the linux-user runtime's rv_write (tools/runtime/linux/start.S):
// bytes written from wasm address 0 (machine address 0 with memory mapped there: write(2)
// refuses a NULL buffer with EFAULT under qemu-aarch64) must come out as V8 prints them; a
// write that cannot be done (stdout closed) must end the program with an error, never exit 0
// with the output lost.
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { buildNative, compileProgram, runInV8, runNative } from './harness.ts';

describe('output: V8 vs our AArch64', () => {
  test('from address 0', async () => {
    const wasm = await compileProgram('output/null');
    const expected = await runInV8(wasm);
    expect(expected).toMatch(/^written from address 0\nABC[^]*done\n$/);
    const { exe } = await buildNative('output-null', wasm);
    const r = await runNative(exe);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected);
    expect(r.exitCode).toBe(0);
    // stdout closed: the write fails (EBADF); the program must say so and fail.
    const closed = await execa('sh', ['-c', `qemu-aarch64 '${exe}' >&-`], { reject: false });
    expect(closed.exitCode).not.toBe(0);
    expect(closed.stderr).toMatch(/write/);
  });
});
