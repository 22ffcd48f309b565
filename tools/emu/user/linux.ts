// Linux user-mode harness: runs a static AArch64 ELF at EL0 on core 0. The harness builds the
// stage-1 page tables (4 KiB pages, 48-bit VA), lays out the initial stack like the kernel
// (argc, argv, envp, auxv) and serves system calls in TypeScript when SVC stops the core.
import { createCpu, StopReason, type Cpu } from '../cpu.ts';
import { parseStaticElf } from './elf64.ts';

export interface UserRunOptions {
  args?: string[];
  maxInsns?: number;          // default 10e9
  onStdout?: (b: Uint8Array) => void;
  onStderr?: (b: Uint8Array) => void;
  stdin?: Uint8Array;
  ramBytes?: number;
  jit?: boolean;              // translate hot code (default: tools/emu/cpu.ts jitDefault)
  jitHot?: number;            // entries before a page is translated (1: at once, for tests)
}
export interface UserRunResult {
  exitCode: number;           // exit status, or 128+signal
  signal?: string;            // SIGSEGV, SIGILL, SIGBUS, SIGTRAP when the program died of a fault
  stdout: Uint8Array;
  stderr: Uint8Array;
  insns: number;
  faultInfo?: string;
}

const PAGE = 4096n;
const STACK_TOP = 0x0000_7fff_ff00_0000n;
const STACK_SIZE = 8n << 20n;
const MMAP_BASE = 0x0000_7f00_0000_0000n;
const ENOSYS = 38, EBADF = 9, ENOMEM = 12, EINVAL = 22, ENOENT = 2, ENOTTY = 25;

// descriptor bits
const D_VALID = 1n, D_TABLE = 2n, D_PAGE = 3n, D_AF = 1n << 10n, D_SH_INNER = 3n << 8n, D_AP_EL0 = 1n << 6n, D_AP_RO = 1n << 7n;
const D_PXN = 1n << 53n, D_UXN = 1n << 54n, D_NG = 1n << 11n;

class AddressSpace {
  private nextPhys: number;
  readonly root: number;
  readonly mapped = new Map<bigint, number>(); // VA page -> PA
  constructor(private readonly cpu: Cpu) {
    this.nextPhys = 0x100000;
    this.root = this.allocPage();
  }
  allocPage(): number {
    const pa = this.nextPhys;
    if (pa + 4096 > this.cpu.ramBytes) throw new Error('user-mode harness: out of emulated physical memory');
    this.nextPhys += 4096;
    this.cpu.ram.fill(0, pa, pa + 4096);
    return pa;
  }
  private rd(pa: number): bigint { return new DataView(this.cpu.ram.buffer, this.cpu.ram.byteOffset).getBigUint64(pa, true); }
  private wr(pa: number, v: bigint): void { new DataView(this.cpu.ram.buffer, this.cpu.ram.byteOffset).setBigUint64(pa, v, true); }
  map(va: bigint, prot: { w: boolean; x: boolean }): number {
    const page = va & ~(PAGE - 1n);
    const have = this.mapped.get(page);
    let table = this.root;
    for (let level = 0; level < 3; level++) {
      const idx = Number((page >> BigInt(39 - 9 * level)) & 511n);
      const d = this.rd(table + idx * 8);
      if ((d & 1n) === 0n) {
        const t = this.allocPage();
        this.wr(table + idx * 8, BigInt(t) | D_VALID | D_TABLE);
        table = t;
      } else table = Number(d & 0x0000_ffff_ffff_f000n);
    }
    const pa = have ?? this.allocPage();
    const idx = Number((page >> 12n) & 511n);
    let desc = BigInt(pa) | D_PAGE | D_AF | D_SH_INNER | D_AP_EL0 | D_PXN | D_NG;
    if (!prot.w) desc |= D_AP_RO;
    if (!prot.x) desc |= D_UXN;
    this.wr(table + idx * 8, desc);
    this.mapped.set(page, pa);
    return pa;
  }
  unmap(va: bigint): void {
    const page = va & ~(PAGE - 1n);
    if (!this.mapped.has(page)) return;
    let table = this.root;
    for (let level = 0; level < 3; level++) {
      const d = this.rd(table + Number((page >> BigInt(39 - 9 * level)) & 511n) * 8);
      if ((d & 1n) === 0n) return;
      table = Number(d & 0x0000_ffff_ffff_f000n);
    }
    this.wr(table + Number((page >> 12n) & 511n) * 8, 0n);
    this.mapped.delete(page);
  }
  /** Copy bytes to virtual memory (pages must be mapped). */
  write(va: bigint, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length;) {
      const a = va + BigInt(i);
      const pa = this.mapped.get(a & ~(PAGE - 1n));
      if (pa === undefined) throw new Error(`unmapped ${a.toString(16)}`);
      const off = Number(a & (PAGE - 1n));
      const n = Math.min(bytes.length - i, 4096 - off);
      this.cpu.ram.set(bytes.subarray(i, i + n), pa + off);
      i += n;
    }
  }
  read(va: bigint, len: number): Uint8Array | null {
    const out = new Uint8Array(len);
    for (let i = 0; i < len;) {
      const a = va + BigInt(i);
      const pa = this.mapped.get(a & ~(PAGE - 1n));
      if (pa === undefined) return null;
      const off = Number(a & (PAGE - 1n));
      const n = Math.min(len - i, 4096 - off);
      out.set(this.cpu.ram.subarray(pa + off, pa + off + n), i);
      i += n;
    }
    return out;
  }
}

const SIGNALS: Record<number, [string, number]> = { 0x00: ['SIGILL', 4], 0x3c: ['SIGTRAP', 5], 0x22: ['SIGBUS', 7], 0x26: ['SIGBUS', 7] };

export async function runUserElf(bytes: Uint8Array, file: string, opts: UserRunOptions = {}): Promise<UserRunResult> {
  const img = parseStaticElf(bytes, file);
  const cpu = await createCpu({ cores: 1, ramBytes: opts.ramBytes ?? 256 << 20, jit: opts.jit, jitHot: opts.jitHot });
  const as = new AddressSpace(cpu);
  let brkStart = 0n;
  for (const s of img.segments) {
    const w = (s.flags & 2) !== 0, x = (s.flags & 1) !== 0;
    const first = s.vaddr & ~(PAGE - 1n), end = s.vaddr + s.memsz;
    for (let p = first; p < end; p += PAGE) {
      const pa = as.map(p, { w, x });
      void pa;
    }
    as.write(s.vaddr, s.data);
    if (end > brkStart) brkStart = end;
  }
  brkStart = (brkStart + PAGE - 1n) & ~(PAGE - 1n);
  let brk = brkStart;
  for (let p = STACK_TOP - STACK_SIZE; p < STACK_TOP; p += PAGE) as.map(p, { w: true, x: false });

  // initial stack: argc, argv[], NULL, envp NULL, auxv
  const args = [file, ...(opts.args ?? [])];
  let sp = STACK_TOP;
  const enc = new TextEncoder();
  const argPtrs: bigint[] = [];
  for (const a of args) {
    const b = enc.encode(a + '\0');
    sp -= BigInt(b.length);
    as.write(sp, b);
    argPtrs.push(sp);
  }
  sp -= 16n;
  const randomPtr = sp;
  as.write(randomPtr, Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) & 0xff));
  sp &= ~15n;
  const auxv: bigint[] = [6n, 4096n, 25n, randomPtr, 0n, 0n];
  const words: bigint[] = [BigInt(args.length), ...argPtrs, 0n, 0n, ...auxv];
  if (words.length % 2) words.push(0n);
  sp -= BigInt(words.length * 8);
  const buf = new Uint8Array(words.length * 8);
  const dv = new DataView(buf.buffer);
  words.forEach((w, i) => dv.setBigUint64(i * 8, w, true));
  as.write(sp, buf);

  cpu.reset(0, { pc: img.entry, el: 1 });
  cpu.setSysreg(0, 'MAIR_EL1', 0xffn);
  cpu.setSysreg(0, 'TCR_EL1', 16n | (1n << 23n) | (2n << 32n));
  cpu.setSysreg(0, 'TTBR0_EL1', BigInt(as.root));
  cpu.setSysreg(0, 'CPACR_EL1', 3n << 20n);
  cpu.setSysreg(0, 'CNTKCTL_EL1', 3n);
  // M, C, SA, SA0, I, DZE, UCT, nTWI, nTWE, UCI on top of the RES1 bits
  cpu.setSysreg(0, 'SCTLR_EL1', 0x00c50838n | 1n | 4n | 8n | 16n | (1n << 12n) | (1n << 14n) | (1n << 15n) | (1n << 16n) | (1n << 18n) | (1n << 26n));
  cpu.setCpsr(0, 0); // EL0t, interrupts unmasked (none arrive)
  cpu.setSp(0, sp);
  cpu.setHostExceptions(0, true);
  cpu.setCounter(0, 0, 1);

  const out: Uint8Array[] = [], err: Uint8Array[] = [];
  let stdinPos = 0;
  let mmapNext = MMAP_BASE;
  let insns = 0;
  const budget = opts.maxInsns ?? 10e9;
  const x = (n: number) => cpu.getX(0, n);
  const ret = (v: bigint | number) => cpu.setX(0, 0, BigInt(v));
  const neg = (e: number) => ret(BigInt.asUintN(64, BigInt(-e)));

  for (;;) {
    const chunk = Math.min(budget - insns, 1 << 30);
    if (chunk <= 0) return { exitCode: 124, stdout: concat(out), stderr: concat(err), insns, faultInfo: 'instruction budget exhausted' };
    const why = cpu.run(0, chunk);
    insns += cpu.lastRunCount(0);
    if (why === StopReason.Budget || why === StopReason.TimerChanged) continue;
    if (why !== StopReason.Exception) return { exitCode: 125, stdout: concat(out), stderr: concat(err), insns, faultInfo: `core stopped: ${StopReason[why]}` };
    const e = cpu.lastException(0);
    if (e.ec !== 0x15) {
      const alignment = (e.ec === 0x24 || e.ec === 0x25) && (e.esr & 0x3fn) === 0x21n;
      const [sig, num] = alignment ? ['SIGBUS', 7] : SIGNALS[e.ec] ?? ['SIGSEGV', 11];
      return {
        exitCode: 128 + num, signal: sig, stdout: concat(out), stderr: concat(err), insns,
        faultInfo: `${sig} at pc=0x${e.elr.toString(16)} esr=0x${e.esr.toString(16)} far=0x${e.far.toString(16)}`,
      };
    }
    const nr = Number(x(8));
    switch (nr) {
      case 93: case 94: // exit, exit_group
        return { exitCode: Number(x(0) & 0xffn), stdout: concat(out), stderr: concat(err), insns };
      case 64: case 66: { // write, writev
        const fd = Number(x(0));
        let data: Uint8Array | null;
        if (nr === 64) data = as.read(x(1), Number(x(2)));
        else {
          const iov = as.read(x(1), Number(x(2)) * 16);
          if (!iov) { neg(14); break; }
          const parts: Uint8Array[] = [];
          const d = new DataView(iov.buffer);
          for (let i = 0; i < Number(x(2)); i++) {
            const p = as.read(d.getBigUint64(i * 16, true), Number(d.getBigUint64(i * 16 + 8, true)));
            if (!p) { data = null; break; }
            parts.push(p);
          }
          data = concat(parts);
        }
        if (!data) { neg(14); break; }
        if (fd === 1) { out.push(data); opts.onStdout?.(data); }
        else if (fd === 2) { err.push(data); opts.onStderr?.(data); }
        else { neg(EBADF); break; }
        ret(data.length);
        break;
      }
      case 63: { // read
        if (Number(x(0)) !== 0) { neg(EBADF); break; }
        const src = opts.stdin ?? new Uint8Array(0);
        const n = Math.min(Number(x(2)), src.length - stdinPos);
        if (n > 0) { as.write(x(1), src.subarray(stdinPos, stdinPos + n)); stdinPos += n; }
        ret(Math.max(0, n));
        break;
      }
      case 214: { // brk
        const want = x(0);
        if (want >= brkStart && want < brkStart + (256n << 20n)) {
          for (let p = brk; p < want; p += PAGE) as.map(p, { w: true, x: false });
          brk = (want + PAGE - 1n) & ~(PAGE - 1n);
          ret(want);
        } else ret(brk);
        break;
      }
      case 222: { // mmap(addr, len, prot, flags, fd, off): anonymous private only
        const len = (x(1) + PAGE - 1n) & ~(PAGE - 1n);
        const prot = Number(x(2)), flags = Number(x(3));
        if (len === 0n) { neg(EINVAL); break; }
        if ((flags & 0x20) === 0) { neg(ENOSYS); break; }
        let addr = x(0) & ~(PAGE - 1n);
        if ((flags & 0x10) === 0 || addr === 0n) { addr = mmapNext; mmapNext += len + PAGE; }
        try {
          for (let p = addr; p < addr + len; p += PAGE) {
            as.map(p, { w: (prot & 2) !== 0, x: (prot & 4) !== 0 });
          }
        } catch { neg(ENOMEM); break; }
        cpu.flushTlbs();
        ret(addr);
        break;
      }
      case 215: { // munmap
        const len = (x(1) + PAGE - 1n) & ~(PAGE - 1n);
        for (let p = x(0) & ~(PAGE - 1n); p < x(0) + len; p += PAGE) as.unmap(p);
        cpu.flushTlbs();
        ret(0);
        break;
      }
      case 226: case 233: ret(0); break; // mprotect, madvise: accepted
      case 172: case 178: ret(1000); break; // getpid, gettid
      case 174: case 175: case 176: case 177: ret(0); break; // getuid...
      case 96: ret(1000); break; // set_tid_address
      case 134: case 135: ret(0); break; // rt_sigaction, rt_sigprocmask
      case 29: neg(ENOTTY); break; // ioctl
      case 56: neg(ENOENT); break; // openat
      case 57: ret(0); break; // close
      case 124: ret(0); break; // sched_yield
      case 113: { // clock_gettime: virtual time from the instruction count
        const ns = BigInt(Math.floor(insns));
        const ts = new Uint8Array(16);
        const d = new DataView(ts.buffer);
        d.setBigUint64(0, ns / 1000000000n, true);
        d.setBigUint64(8, ns % 1000000000n, true);
        as.write(x(1), ts);
        ret(0);
        break;
      }
      default: neg(ENOSYS);
    }
    // resume after the SVC (the core left PC at the preferred return address)
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const r = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { r.set(p, o); o += p.length; }
  return r;
}
