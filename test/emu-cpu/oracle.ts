// Helpers shared by the CPU tests: build static AArch64 executables with the GNU toolchain and
// run them under qemu-aarch64 (the oracle) and under our core.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execa } from 'execa';
import { runUserElf, type UserRunResult } from '../../tools/emu/user/linux.ts';

export const CFLAGS = ['-O2', '-static', '-nostdlib', '-ffreestanding', '-fno-builtin', '-fno-tree-loop-distribute-patterns',
  '-fno-stack-protector', '-mno-outline-atomics', '-march=armv8-a+crc', '-fno-tree-vectorize'];

export function tmpDir(prefix: string): string { return fs.mkdtempSync(path.join(os.tmpdir(), prefix)); }

export async function assembleAndLink(asm: string, dir: string, name: string): Promise<string> {
  const s = path.join(dir, `${name}.s`), o = path.join(dir, `${name}.o`), elf = path.join(dir, `${name}.elf`);
  fs.writeFileSync(s, asm);
  await execa('aarch64-linux-gnu-as', ['-march=armv8-a+crc', '-o', o, s]);
  await execa('aarch64-linux-gnu-ld', ['-static', '-o', elf, o]);
  return elf;
}

export async function compileC(src: string, dir: string, extra: string[] = []): Promise<string> {
  const elf = path.join(dir, path.basename(src).replace(/\.c$/, '.elf'));
  await execa('aarch64-linux-gnu-gcc', [...CFLAGS, ...extra, '-o', elf, src]);
  return elf;
}

export interface OracleResult { stdout: Buffer; exitCode: number; signal?: string }

export async function runQemu(elf: string, args: string[] = []): Promise<OracleResult> {
  const r = await execa('qemu-aarch64', [elf, ...args], { reject: false, encoding: 'buffer', stripFinalNewline: false });
  return { stdout: Buffer.from(r.stdout as Uint8Array), exitCode: r.exitCode ?? 128 + (r.signal === 'SIGSEGV' ? 11 : r.signal === 'SIGBUS' ? 7 : r.signal === 'SIGILL' ? 4 : r.signal === 'SIGTRAP' ? 5 : 0), signal: r.signal ?? undefined };
}

export async function runOurs(elf: string, args: string[] = []): Promise<UserRunResult> {
  return runUserElf(fs.readFileSync(elf), elf, { args, maxInsns: 2e9 });
}
