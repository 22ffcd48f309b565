// The GDB remote stub: one TCP connection from gdb-multiarch; cores are threads 1-4.
// Supported: qSupported, qXfer:features:read (target.xml), ?, g/G, p/P, m/M/X, c/s and
// vCont (c, s), Z0/Z1 and z0/z1 (software and hardware breakpoints), Z2/z2 (write
// watchpoints, when the target has them), H, T, qfThreadInfo,
// qC, qThreadExtraInfo, qAttached, k, D, and Ctrl-C while running.
import * as net from 'node:net';
import { UserError } from '../../common/diagnostics.ts';
import type { Machine } from '../machine/machine.ts';
import { runMachine, type RunLimits, type RunResult } from '../machine/runner.ts';
import { frame, hexOf, leHex, PacketReader, parseLeHex, unescape } from './protocol.ts';
import { MachineTarget, type GdbTarget, type StopEvent } from './target.ts';
import { ALL_REG_COUNT, REG, REG_COUNT, regSize, targetXml } from './target-xml.ts';

export interface GdbSession {
  /** Resolves when GDB kills, detaches or disconnects, or the target exits. */
  done: Promise<StopEvent | null>;
  close(): void;
}

export class GdbStub {
  private current = 1; // thread for g/p/m
  private running = false;
  private interrupted = false;
  private noAck = false;
  private xml = targetXml();

  constructor(
    private readonly target: GdbTarget,
    private readonly send: (b: Buffer) => void,
    private readonly onEnd: (e: StopEvent | null) => void,
  ) {}

  private reply(payload: string | Buffer): void {
    this.send(frame(payload));
  }

  private stopReply(e: StopEvent): string {
    if (e.kind === 'exited') return `W${e.code.toString(16).padStart(2, '0')}`;
    this.current = e.thread;
    const why = e.watch !== undefined ? `watch:${e.watch.toString(16)};` : e.swbreak ? 'swbreak:;' : '';
    return `T${e.signal.toString(16).padStart(2, '0')}thread:${e.thread.toString(16)};${why}`;
  }

  private last: StopEvent = { kind: 'stopped', thread: 1, signal: 5 };

  fail(): void {
    this.running = false;
    this.reply('E01');
  }

  interrupt(): void {
    if (this.running) this.interrupted = true;
  }

  private async runUntilStop(step: number | null): Promise<void> {
    this.running = true;
    this.interrupted = false;
    const e = step !== null ? await this.target.step(step) : await this.target.resume(() => this.interrupted);
    this.running = false;
    this.last = e;
    this.reply(this.stopReply(e));
    if (e.kind === 'exited') this.onEnd(e);
  }

  private regsHex(t: number): string {
    let s = '';
    for (let n = 0; n < REG_COUNT; n++) s += leHex(this.target.readReg(t, n), regSize(n));
    return s;
  }

  /** Handle one packet; returns false when it did not reply (resumption pending). */
  async handle(p: Buffer): Promise<void> {
    const s = p.toString('latin1');
    const t = this.current;
    const cmd = s[0];
    if (s.startsWith('qSupported')) return this.reply('PacketSize=4000;qXfer:features:read+;vContSupported+;swbreak+;hwbreak+;QStartNoAckMode+');
    if (s === 'QStartNoAckMode') { this.reply('OK'); this.noAck = true; return; }
    if (s.startsWith('qXfer:features:read:target.xml:')) {
      const [off, len] = s.slice('qXfer:features:read:target.xml:'.length).split(',').map((x) => parseInt(x, 16));
      const chunk = this.xml.slice(off, off + len);
      return this.reply((off + len >= this.xml.length ? 'l' : 'm') + chunk);
    }
    if (s.startsWith('qXfer:')) return this.reply('E00');
    if (s === '?') return this.reply(this.stopReply(this.last));
    if (s === 'qfThreadInfo') return this.reply('m' + this.target.threads().map((x) => x.toString(16)).join(','));
    if (s === 'qsThreadInfo') return this.reply('l');
    if (s === 'qC') return this.reply(`QC${t.toString(16)}`);
    if (s === 'qAttached') return this.reply('1');
    if (s.startsWith('qThreadExtraInfo,')) return this.reply(Buffer.from(this.target.describeThread(parseInt(s.slice(17), 16))).toString('hex'));
    if (s.startsWith('qSymbol')) return this.reply('OK');
    if (s === 'vCont?') return this.reply('vCont;c;C;s;S');
    if (s.startsWith('vCont;')) {
      const actions = s.slice(6).split(';');
      const stepAct = actions.find((a) => a[0] === 's' || a[0] === 'S');
      if (stepAct) {
        const th = stepAct.includes(':') ? parseInt(stepAct.split(':')[1], 16) : t;
        return this.runUntilStop(th > 0 ? th : t);
      }
      return this.runUntilStop(null);
    }
    if (s.startsWith('v')) return this.reply('');
    if (cmd === 'H') {
      const th = parseInt(s.slice(2), 16);
      if (th > 0) this.current = th;
      return this.reply('OK');
    }
    if (cmd === 'T') return this.reply(this.target.threads().includes(parseInt(s.slice(1), 16)) ? 'OK' : 'E01');
    if (cmd === 'g') return this.reply(this.regsHex(t));
    if (cmd === 'G') {
      let off = 0;
      for (let n = 0; n < REG_COUNT && off < s.length - 1; n++) {
        const w = regSize(n) * 2;
        this.target.writeReg(t, n, parseLeHex(s.slice(1 + off, 1 + off + w)));
        off += w;
      }
      return this.reply('OK');
    }
    if (cmd === 'p') {
      const n = parseInt(s.slice(1), 16);
      if (!(n < ALL_REG_COUNT)) return this.reply('E01');
      return this.reply(leHex(this.target.readReg(t, n), regSize(n)));
    }
    if (cmd === 'P') {
      const [ns, val] = s.slice(1).split('=');
      const n = parseInt(ns, 16);
      if (!(n < ALL_REG_COUNT)) return this.reply('E01');
      this.target.writeReg(t, n, parseLeHex(val));
      return this.reply('OK');
    }
    if (cmd === 'm') {
      const [a, l] = s.slice(1).split(',');
      const bytes = this.target.readMem(t, BigInt('0x' + a), parseInt(l, 16));
      return this.reply(bytes ? hexOf(bytes) : 'E14');
    }
    if (cmd === 'M' || cmd === 'X') {
      const colon = p.indexOf(0x3a);
      const [a, l] = p.subarray(1, colon).toString('latin1').split(',');
      const data = cmd === 'M' ? Buffer.from(p.subarray(colon + 1).toString('latin1'), 'hex') : unescape(p.subarray(colon + 1));
      if (data.length !== parseInt(l, 16)) return this.reply('E01');
      return this.reply(this.target.writeMem(t, BigInt('0x' + a), data) ? 'OK' : 'E14');
    }
    if (cmd === 'Z' || cmd === 'z') {
      const [type, a, k] = s.slice(1).split(',');
      const addr = BigInt('0x' + a);
      if (type === '2' && this.target.addWatchpoint) { // write watchpoints; read/access (3, 4): unsupported
        if (cmd === 'z') { this.target.removeWatchpoint?.(addr); return this.reply('OK'); }
        return this.reply(this.target.addWatchpoint(this.current, addr, parseInt(k, 16)) ? 'OK' : 'E01');
      }
      if (type !== '0' && type !== '1') return this.reply('');
      if (cmd === 'Z') this.target.addBreakpoint(addr);
      else this.target.removeBreakpoint(addr);
      return this.reply('OK');
    }
    if (cmd === 'c' || cmd === 'C') return this.runUntilStop(null);
    if (cmd === 's' || cmd === 'S') return this.runUntilStop(t);
    if (cmd === 'D') { this.reply('OK'); this.onEnd(null); return; }
    if (cmd === 'k') { this.onEnd({ kind: 'exited', code: 0, why: 'quit' }); return; } // the run ends; D lets it run on
    return this.reply('');
  }

  get acks(): boolean {
    return !this.noAck;
  }
}

/** Listen on 127.0.0.1:port, serve one GDB connection on `target`. */
export async function serveTarget(target: GdbTarget, port: number, opts: { log?: (s: string) => void; onEnd?: () => void } = {}): Promise<GdbSession & { port: number }> {
  let finish!: (e: StopEvent | null) => void;
  const done = new Promise<StopEvent | null>((r) => (finish = r));
  const server = net.createServer();
  let sock: net.Socket | null = null;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: any) => reject(e.code === 'EADDRINUSE' ? new UserError(`--gdb ${port}: port already in use`) : e));
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as net.AddressInfo).port;
  opts.log?.(`waiting for gdb on 127.0.0.1:${actualPort} (target remote :${actualPort})`);
  let ended = false;
  const end = (e: StopEvent | null) => {
    if (ended) return;
    ended = true;
    opts.onEnd?.();
    // Half-closing is not enough: a gdb that keeps its end open would keep this process alive.
    const s = sock;
    s?.end(() => s.destroy());
    setTimeout(() => s?.destroy(), 500).unref();
    server.close();
    finish(e);
  };
  server.on('connection', (s) => {
    if (sock) { s.destroy(); return; }
    sock = s;
    opts.log?.('gdb connected');
    const stub = new GdbStub(target, (b) => s.write(b), end);
    const reader = new PacketReader();
    let queue = Promise.resolve();
    s.on('data', (chunk) => {
      for (const inc of reader.push(chunk)) {
        if (inc.kind === 'interrupt') { stub.interrupt(); continue; }
        if (inc.kind === 'bad-checksum') { s.write('-'); continue; }
        if (stub.acks) s.write('+');
        const pkt = inc.payload;
        // A failing request (e.g. too many breakpoints) answers E01 rather than leaving GDB waiting.
        queue = queue.then(() => stub.handle(pkt)).catch((e) => { opts.log?.(`error: ${e?.message ?? e}`); stub.fail(); });
      }
    });
    s.on('close', () => end(null));
    s.on('error', () => end(null));
  });
  return { done, close: () => end(null), port: actualPort };
}

export interface GdbRunOptions {
  log?: (s: string) => void;
  /** The run's own limits (--timeout, --until, --max-insns): they hold while gdb is attached
   *  (a resume ends at them, and gdb is told the target exited) and after it has gone. */
  limits?: Pick<RunLimits, 'timeoutMs' | 'until' | 'maxInsns'>;
  /** How the machine runs on once gdb has gone (the terminal's quit key, piped input). */
  after?: Pick<RunLimits, 'interactive' | 'waitForInput' | 'shouldStop'>;
  /** After gdb detaches or disconnects (not `kill`), the machine runs on without it, like
   *  QEMU's gdbstub; false ends the run there (tests that only want the gdb part). */
  runOn?: boolean;
}

export async function serveGdb(m: Machine, port: number, opts: GdbRunOptions = {}): Promise<{ done: Promise<RunResult>; close(): void; port: number }> {
  const t0 = performance.now();
  const insns0 = m.totalInsns;
  const lim = opts.limits ?? {};
  const left = (): RunLimits => ({
    until: lim.until,
    timeoutMs: lim.timeoutMs !== undefined ? Math.max(1, lim.timeoutMs - (performance.now() - t0)) : undefined,
    maxInsns: lim.maxInsns !== undefined ? Math.max(1, lim.maxInsns - (m.totalInsns - insns0)) : undefined,
  });
  const target = new MachineTarget(m, left);
  const session = await serveTarget(target, port, { log: opts.log, onEnd: () => target.end() });
  // --timeout also while gdb holds the target stopped (or never connects).
  let timedOut = false;
  const timer = lim.timeoutMs !== undefined ? setTimeout(() => { timedOut = true; session.close(); }, lim.timeoutMs) : null;
  const done = session.done.then(async (e): Promise<RunResult> => {
    const result = (reason: RunResult['reason']): RunResult => ({ reason, insns: m.totalInsns - insns0, wallMs: performance.now() - t0, virtualNs: m.clock.now });
    if (timer) clearTimeout(timer);
    if (timedOut) return result('timeout');
    if (e?.kind === 'exited') return result((e.why as RunResult['reason']) ?? 'halted');
    if (opts.runOn === false) return result('quit');
    opts.log?.('gdb gone: the machine runs on');
    await target.settled();
    target.clearDebug();
    const r = await runMachine(m, { ...left(), ...opts.after });
    return { ...r, insns: m.totalInsns - insns0, wallMs: performance.now() - t0 };
  });
  return { done, close: session.close, port: session.port };
}
export { REG };
