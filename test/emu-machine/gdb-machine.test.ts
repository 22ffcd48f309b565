// gdb-multiarch against the emulated machine itself: symbols from the image's ELF, cores as
// threads, breakpoints in the boot path and in a secondary core, stepping, memory writes that
// change what the guest prints, Ctrl-C of an idle guest, and the run's end seen by gdb.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGdb } from '../../tools/emu/gdb/server.ts';
import { launch } from '../../tools/emu/machine/launch.ts';
import { buildImage, tempDir, type BuiltImage, warmCpu } from './conformance-images.ts';

function gdbArgs(port: number, elf: string, commands: string[]): string[] {
  const args = ['-nx', '-batch', '-ex', 'set architecture aarch64', '-ex', 'set confirm off', '-ex', `file ${elf}`, '-ex', `target remote 127.0.0.1:${port}`];
  for (const c of commands) args.push('-ex', c);
  return args;
}

describe('GDB stub on the raspi3b machine', () => {
  let dir = '';
  let hello: BuiltImage;
  let echo: BuiltImage;
  beforeAll(async () => {
    await warmCpu();
    dir = tempDir('gdb-machine');
    hello = await buildImage('hello_el2', dir);
    echo = await buildImage('echo_hex', dir);
  });
  afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  it('breaks, steps, reads and writes registers and memory, sees four cores', async () => {
    let out = '';
    const { machine } = await launch({ kernel: hello.img, onOutput: (b) => { out += String.fromCharCode(b); } });
    const srv = await serveGdb(machine, 0);
    const port = srv.port;
    const r = await execa('gdb-multiarch', gdbArgs(port, hello.elf, [
      'info threads',
      'p/x $pc',
      'break *_start',
      'continue',
      'p/x $pc',
      'p/x $x0',
      'stepi',
      'p/x $pc',
      'p/x $x19',
      'break secondary',
      'continue',
      'info threads',
      'p/x $pc',
      'thread 1',
      'p $cpsr & 0xc',
      'set $v3.d.u[0] = 0x1122334455667788',
      'p/x $d3.u',
      'p/x $s3.u',
      'delete',
      'set {char}&msg_all = 0x41',
      'continue',
    ]), { reject: false, timeout: 60_000, all: true });
    const res = await srv.done;
    const text = r.all ?? '';
    expect(text).toMatch(/Thread 4/);
    expect(text).toContain('$1 = 0x0'); // core 0 starts in the loader at 0
    expect(text).toMatch(/Breakpoint 1, 0x0*80000 in _start/);
    expect(text).toContain('$2 = 0x80000');
    expect(text).toContain('$3 = 0x100'); // x0 from the loader, as QEMU passes it
    expect(text).toContain('$4 = 0x80004');
    expect(text).toContain('$5 = 0x100'); // x19 after `mov x19, x0`
    expect(text).toMatch(/Thread 2 hit Breakpoint 2, 0x[0-9a-f]+ in secondary/);
    expect(text).toContain('$7 = 8'); // EL2 in CPSR bits 3:2
    expect(text).toContain('$8 = 0x1122334455667788'); // FP/SIMD: v3 written, d3 read back
    expect(text).toContain('$9 = 0x55667788');
    expect(text).toMatch(/exited normally|Remote connection closed|exited with code/);
    expect(res.reason).toBe('reset');
    expect(out).toContain('All cores up'); // the patched string
  });

  it('raspvisor run --gdb PORT waits for gdb, then runs to the end under it', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
    });
    const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tools/cli/raspvisor.mjs');
    const emu = execa('node', [cli, 'run', '--kernel', hello.img, '--gdb', String(port)], { reject: false, timeout: 110_000, stdin: 'ignore' });
    let err = '';
    await new Promise<void>((resolve) => emu.stderr!.on('data', (d: Buffer) => { err += d; if (err.includes('waiting for gdb')) resolve(); }));
    const g = await execa('gdb-multiarch', gdbArgs(port, hello.elf, ['info threads', 'continue']), { reject: false, timeout: 60_000, all: true });
    const r = await emu;
    expect(g.all).toMatch(/Thread 4 \(core 3 EL2 run\)/);
    expect(g.all).toMatch(/exited normally/);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('all cores up');
  });

  it('interrupts an idle guest with Ctrl-C and reads where it waits', async () => {
    const { machine } = await launch({ kernel: echo.img });
    const srv = await serveGdb(machine, 0);
    const port = srv.port;
    const child = execa('gdb-multiarch', gdbArgs(port, echo.elf, ['continue', 'p $pc > 0x80000', 'info symbol $pc', 'kill']), { reject: false, timeout: 60_000, all: true });
    // Nothing runs before gdb's `continue`: wait for the first instructions, then Ctrl-C.
    const deadline = Date.now() + 60_000;
    while (machine.totalInsns === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    const text = (await child).all ?? '';
    await srv.done;
    expect(text).toMatch(/received signal SIGINT/);
    expect(text).toContain('$1 = 1');
    expect(text).toMatch(/_start \+ \d+ in section \.text/);
  });
});
