// The GDB stub against the real gdb-multiarch (batch mode) on a scripted target: a toy core
// whose every step adds 1 to x0 and 4 to pc, so every answer gdb prints is known in advance.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { checksum, frame, PacketReader, unescape } from '../../tools/emu/gdb/protocol.ts';
import { serveTarget } from '../../tools/emu/gdb/server.ts';
import { SIGINT, SIGTRAP, type GdbTarget, type StopEvent } from '../../tools/emu/gdb/target.ts';
import { REG } from '../../tools/emu/gdb/target-xml.ts';

class ToyTarget implements GdbTarget {
  regs = [0, 1, 2, 3].map(() => new Array<bigint>(68).fill(0n));
  mem = new Uint8Array(0x10000); // at 0x80000
  bps = new Set<bigint>();
  constructor() {
    for (let t = 0; t < 4; t++) {
      this.regs[t][REG.PC] = 0x80000n + BigInt(t * 0x100);
      this.regs[t][REG.CPSR] = 0x3c9n;
      this.regs[t][REG.SP] = 0x90000n - BigInt(t * 0x1000);
    }
    for (let i = 0; i < this.mem.length; i++) this.mem[i] = i & 0xff;
  }
  threads() { return [1, 2, 3, 4]; }
  describeThread(t: number) { return `core ${t - 1} EL2 run`; }
  readReg(t: number, n: number) { return this.regs[t - 1][n]; }
  writeReg(t: number, n: number, v: bigint) { this.regs[t - 1][n] = v; }
  readMem(_t: number, addr: bigint, len: number) {
    const a = Number(addr) - 0x80000;
    return a < 0 || a + len > this.mem.length ? null : this.mem.slice(a, a + len);
  }
  writeMem(_t: number, addr: bigint, bytes: Uint8Array) {
    const a = Number(addr) - 0x80000;
    if (a < 0 || a + bytes.length > this.mem.length) return false;
    this.mem.set(bytes, a);
    return true;
  }
  addBreakpoint(a: bigint) {
    if (this.bps.size >= 2) throw new RangeError('at most 2 breakpoints');
    this.bps.add(a);
  }
  removeBreakpoint(a: bigint) { this.bps.delete(a); }
  private tick(c: number) {
    this.regs[c][0] += 1n;
    this.regs[c][REG.PC] += 4n;
  }
  async step(t: number): Promise<StopEvent> {
    this.tick(t - 1);
    return { kind: 'stopped', thread: t, signal: SIGTRAP };
  }
  async resume(interrupted: () => boolean): Promise<StopEvent> {
    // Core 0 runs; it leaves a breakpoint it sits on, then stops at the next one.
    this.tick(0);
    for (let i = 0; ; i++) {
      if (this.bps.has(this.regs[0][REG.PC])) return { kind: 'stopped', thread: 1, signal: SIGTRAP, swbreak: true };
      if (this.regs[0][REG.PC] >= 0x8f000n) return { kind: 'exited', code: 0, why: 'halted' };
      if (i % 64 === 0) {
        await new Promise((r) => setTimeout(r, 1));
        if (interrupted()) return { kind: 'stopped', thread: 1, signal: SIGINT };
      }
      // Past 0x81000 the toy spins in place, so that only Ctrl-C stops it.
      if (this.regs[0][REG.PC] >= 0x81000n) { this.regs[0][0] += 1n; continue; }
      this.tick(0);
    }
  }
}

async function gdbBatch(port: number, commands: string[]): Promise<string> {
  const args = ['-nx', '-batch', '-ex', 'set architecture aarch64', '-ex', 'set confirm off', '-ex', `target remote 127.0.0.1:${port}`];
  for (const c of commands) args.push('-ex', c);
  const r = await execa('gdb-multiarch', args, { reject: false, timeout: 30_000, all: true });
  return r.all ?? '';
}

describe('GDB remote protocol framing', () => {
  it('checksums and escapes as the GDB manual specifies', () => {
    expect(checksum(Buffer.from('OK'))).toBe('9a');
    expect(frame('OK').toString()).toBe('$OK#9a');
    expect(frame(Buffer.from([0x23, 0x24, 0x7d, 0x2a])).subarray(0, 9).toString('hex')).toBe('247d037d047d5d7d0a');
    expect([...unescape(Buffer.from([0x7d, 0x03, 0x41]))]).toEqual([0x23, 0x41]);
  });
  it('splits packets, acks, interrupts and detects bad checksums', () => {
    const r = new PacketReader();
    const got = r.push(Buffer.from('+$g#67\x03$m0,4#'));
    expect(got.map((g) => g.kind)).toEqual(['packet', 'interrupt']);
    const more = r.push(Buffer.from('00$x#00'));
    expect(more.map((g) => g.kind)).toEqual(['bad-checksum', 'bad-checksum']);
  });
});

describe('GDB stub with gdb-multiarch', () => {
  it('reads registers, memory, threads; writes them; steps; breaks; detaches', async () => {
    const target = new ToyTarget();
    const session = await serveTarget(target, 0);
    const out = await gdbBatch(session.port, [
      'info registers x0 x1 sp pc cpsr',
      'x/4xb 0x80010',
      'set $x1 = 0x1234',
      'p/x $x1',
      'set {int}0x80020 = 0x11223344',
      'x/1xw 0x80020',
      'info threads',
      'thread 3',
      'p/x $pc',
      'thread 1',
      'stepi',
      'p $x0',
      'p/x $pc',
      'break *0x80040',
      'hbreak *0x80060',
      'continue',
      'p/x $pc',
      'continue',
      'p/x $pc',
      'p $x0',
      'p/x $v0.q.u',
      'detach',
    ]);
    await session.done;
    expect(out).toMatch(/x0\s+0x0\s+0/);
    expect(out).toMatch(/sp\s+0x90000/);
    expect(out).toMatch(/pc\s+0x80000/);
    expect(out).toMatch(/0x80010:\s+0x10\s+0x11\s+0x12\s+0x13/);
    expect(out).toContain('$1 = 0x1234');
    expect(out).toMatch(/0x80020:\s+0x11223344/);
    expect(target.regs[0][1]).toBe(0x1234n);
    expect(out).toMatch(/Thread 4/);
    expect(out).toContain('core 2 EL2 run');
    expect(out).toContain('$2 = 0x80200');
    expect(out).toContain('$3 = 1');
    expect(out).toContain('$4 = 0x80004');
    expect(out).toContain('$5 = 0x80040');
    expect(out).toContain('$6 = 0x80060');
    expect(out).toContain('$7 = 24');
    expect(out).toContain('$8 = 0x0');
    expect(out).not.toMatch(/Remote communication error|Protocol error/);
  });

  it('answers an error, not silence, when the target refuses a request', async () => {
    const target = new ToyTarget();
    const session = await serveTarget(target, 0);
    const out = await gdbBatch(session.port, ['break *0x80010', 'break *0x80020', 'break *0x80030', 'continue', 'detach']);
    await session.done;
    expect(out).toMatch(/Cannot insert breakpoint 3|Could not insert|Cannot access memory|Remote failure reply: E01/);
  });

  it('stops a running target on Ctrl-C (gdb forwards SIGINT as the 0x03 byte)', async () => {
    const target = new ToyTarget();
    const session = await serveTarget(target, 0);
    const args = ['-nx', '-batch', '-ex', 'set architecture aarch64', '-ex', `target remote 127.0.0.1:${session.port}`,
      '-ex', 'break *0x80100', '-ex', 'continue', '-ex', 'delete', '-ex', 'continue', '-ex', 'p/x $pc', '-ex', 'p $x0 > 100', '-ex', 'kill'];
    const child = execa('gdb-multiarch', args, { reject: false, timeout: 30_000, all: true });
    // Wait until the second continue is under way (the target runs on), then Ctrl-C.
    while (target.regs[0][0] < 200n) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    const out = (await child).all ?? '';
    await session.done;
    expect(out).toMatch(/received signal SIGINT/);
    expect(out).toMatch(/\$1 = 0x8[0-9a-f]{4}/);
    expect(out).toContain('$2 = 1');
  });
});
