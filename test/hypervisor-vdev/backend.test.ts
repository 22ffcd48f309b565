// The hypervisor's device and console modules through our backend: a long register sequence
// over a VM's devices gives the same transcript in V8 and compiled for AArch64 under
// qemu-aarch64; the console with the mini-UART driver (MMIO intrinsics) compiles for the
// hypervisor's bare-metal layout and assembles.
import { describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { buildNative, compileFile, runInV8, runNative, ROOT } from '../compiler-diff/harness.ts';
import { compileAssemblyScript } from '../../tools/frontend/compile.ts';
import { selectedToolchain } from '../../tools/build/toolchain.ts';

const WASM_AS = path.join(ROOT, 'node_modules/.bin/wasm-as');

/** The reduced example of a backend bug found here (fixtures/wrap-of-wrap.wat): V8's output
 *  and our AArch64 build's. */
async function wrapOfWrap() {
  const out = path.join(ROOT, 'build/hypervisor-vdev/wrap-of-wrap.wasm');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await execa(WASM_AS, [path.join(import.meta.dirname, 'fixtures/wrap-of-wrap.wat'), '-o', out]);
  const wasm = fs.readFileSync(out);
  const { exe } = await buildNative('hypervisor-vdev-wrap-of-wrap', wasm);
  return { v8: await runInV8(wasm), native: (await runNative(exe)).stdout };
}

/** One scenario entry (assembly/NAME.ts) in V8 and as our AArch64 build: the same transcript. */
async function scenarioAgrees(name: string) {
  const wasm = await compileFile(name, path.join(import.meta.dirname, `assembly/${name}.ts`));
  const v8 = await runInV8(wasm);
  const { exe } = await buildNative(`hypervisor-${name}`, wasm);
  const native = await runNative(exe);
  expect(native.stderr).toBe('');
  expect(native.exitCode).toBe(0);
  expect(v8.split('\n').length).toBeGreaterThan(5000);
  expect(native.stdout).toBe(v8);
}

describe('vdev/ and console/ through the wasm -> AArch64 backend', async () => {
  // Was a backend bug (foldWraps rewrote readers of a wrap of a wrap one step only; fixed in
  // tools/backend/opt/peephole.ts, near misses in test/backend/wraps.test.ts).
  test('a wrap of a wrap read in br_table targets (reduced from VmDevices.mmioWrite)', async () => {
    const r = await wrapOfWrap();
    expect(r.v8).toBe('67\n');
    expect(r.native).toBe(r.v8);
  }, 120_000);

  test('20,000 register accesses, each device called as its own class: V8 and qemu-aarch64 print the same values', async () => {
    await scenarioAgrees('vdev-scenario-direct');
  }, 240_000);

  // Through VmDevices.mmioRead/mmioWrite (the virtual dispatch).
  test('20,000 register accesses: V8 and qemu-aarch64 print the same values', async () => {
    await scenarioAgrees('vdev-scenario');
  }, 240_000);

  test('the console, the mini-UART driver and the devices compile for the hypervisor layout and assemble', async () => {
    const r = await compileAssemblyScript({ name: 'console-driver', root: ROOT, entries: ['test/hypervisor-vdev/assembly/console-driver.ts'], memoryBase: 0x400000, memorySize: 0x800000 });
    const { compileWasm } = await import('../../tools/backend/index.ts');
    const { asm } = compileWasm(r.wasm, { file: 'console-driver.wasm', addressBase: 0n, memorySize: 0x800000, target: 'baremetal' });
    const work = path.join(ROOT, 'build/hypervisor-vdev');
    fs.mkdirSync(work, { recursive: true });
    fs.writeFileSync(path.join(work, 'console.s'), asm);
    await selectedToolchain().assemble(path.join(work, 'console.s'), path.join(work, 'console.o'), [work]);
    const syms = (await execa('llvm-readelf', ['-s', path.join(work, 'console.o')])).stdout;
    for (const s of ['consolePump', 'consoleRxInterrupt', 'consoleInit', 'addVm']) expect(syms).toMatch(new RegExp(`GLOBAL\\s+DEFAULT\\s+\\d+ ${s}$`, 'm'));
  }, 240_000);
});
