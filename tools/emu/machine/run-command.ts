// The body of `raspvisor run` (tools/cli/commands/run.ts holds only its flags).
import { UserError } from '../../common/diagnostics.ts';
import { readFileOrFail } from '../../common/files.ts';
import { TerminalConsole } from '../console/terminal.ts';
import { parseInputScript, type InputItem } from './input-script.ts';
import { launch } from './launch.ts';
import { runMachine, type EndReason, type RunResult } from './runner.ts';
import type { Machine } from './machine.ts';

export interface RunFlags {
  kernel?: string;
  sd?: string;
  dtb?: string;
  append?: string;
  initrd?: string;
  input?: string;
  inputFile?: string;
  maxInsns?: number;
  timeout?: number;
  until?: string;
  stats?: boolean;
  trace?: string;
  gdb?: number;
  realtime?: boolean;
  reboot?: boolean;
  jit?: boolean; // false: --no-jit (commander sets true otherwise: then the core's default)
  /** Polled between slices: true ends the run as if quit from the console (`run --watch`). */
  stopWhen?: () => boolean;
  /** Told why the run ended (`run --watch` goes on waiting unless the user quit). */
  onEnd?: (reason: EndReason) => void;
}

const TRACES = new Set(['mmio', 'boot', 'irq', 'insn']);


export function formatStats(m: Machine, r: RunResult): string {
  const lines = [
    `instructions: ${m.totalInsns}`,
    `wall time:    ${(r.wallMs / 1000).toFixed(3)} s`,
    `MIPS:         ${(m.totalInsns / 1e6 / Math.max(r.wallMs / 1000, 1e-9)).toFixed(1)}`,
    `virtual time: ${(m.clock.now / 1e6).toFixed(3)} ms (${(m.idleSkippedNs / 1e6).toFixed(3)} ms skipped while all cores were idle)`,
    `cores:        ${m.state.map((s, c) => `${c}:${s}`).join(' ')}`,
  ];
  for (let c = 0; c < 4; c++) lines.push(`  core ${c}: ${m.cpu.insnCount(c)} instructions`);
  const js = (m.cpu as { jitStats?(): object | undefined }).jitStats?.();
  if (js) lines.push(`jit:          ${Object.entries(js).map(([k, v]) => `${k} ${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(0) : v}`).join(', ')}`);
  const ex = m.cpu.exceptionStats?.();
  if (ex) for (const [k, v] of Object.entries(ex)) if (v) lines.push(`  exception ${k}: ${v}`);
  if (m.bus.unmapped.size) {
    lines.push('unmapped MMIO pages (read 0, writes ignored):');
    for (const [p, n] of m.bus.unmapped) lines.push(`  0x${p.toString(16)}: ${n} accesses`);
  }
  return lines.join('\n');
}

const END_TEXT: Record<EndReason, string> = {
  until: 'found the --until text',
  'max-insns': 'instruction budget (--max-insns) used up',
  timeout: 'wall-clock timeout (--timeout) reached',
  reset: 'the guest asked for a reset (watchdog)',
  halted: 'all cores halted',
  exception: 'a core stopped on an exception it could not take',
  idle: 'all cores wait for an interrupt that nothing will raise',
  quit: 'quit from the console',
  breakpoint: 'breakpoint',
};

export async function runCommand(image: string | undefined, f: RunFlags): Promise<number> {
  if (f.input !== undefined && f.inputFile !== undefined) throw new UserError('give either --input or --input-file, not both');
  const traces = new Set((f.trace ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  for (const t of traces) if (!TRACES.has(t)) throw new UserError(`--trace ${t}: unknown (known: ${[...TRACES].join(', ')})`);
  let script: InputItem[] = [];
  if (f.input !== undefined) script = parseInputScript(f.input);
  if (f.inputFile !== undefined && f.inputFile !== '-') script = parseInputScript(readFileOrFail(f.inputFile).toString('utf8'), f.inputFile);

  const out = process.stdout;
  let pending: number[] = [];
  const flush = () => {
    if (pending.length) { out.write(Buffer.from(pending)); pending = []; }
  };
  const { machine, plan } = await launch({
    image,
    kernel: f.kernel,
    sd: f.sd,
    dtb: f.dtb,
    append: f.append,
    initrd: f.initrd,
    realtime: f.realtime,
    jit: f.jit === false ? false : undefined,
    // Bytes go out in chunks: at the next turn of the event loop (each batch of slices).
    onOutput: (b) => {
      if (!pending.length) setImmediate(flush);
      pending.push(b);
      if (pending.length >= 4096) flush();
    },
  });
  if (traces.has('boot')) process.stderr.write(`raspvisor: boot: ${plan.description}\n`);
  if (traces.has('mmio')) {
    machine.bus.trace = (dir, core, pa, size, value, dev) =>
      process.stderr.write(`mmio ${dir} core${core} 0x${pa.toString(16)}/${size} = 0x${value.toString(16)} (${dev})\n`);
  }
  if (traces.has('insn')) {
    const { disassemble } = await import('../../isa/index.ts');
    const el = (c: number) => (machine.cpu.getCpsr(c) >> 2) & 3;
    machine.traceInsn = (c) => {
      const pc = machine.cpu.getPc(c);
      const bytes = machine.cpu.readVirt?.(c, pc, 4);
      const word = bytes ? (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0 : undefined;
      const text = word === undefined ? '<not mapped>' : (disassemble(word, Number(pc)) ?? `.inst 0x${word.toString(16).padStart(8, '0')}`);
      process.stderr.write(`insn core${c} EL${el(c)} ${pc.toString(16).padStart(16, '0')}: ${word?.toString(16).padStart(8, '0') ?? '????????'}  ${text}\n`);
    };
  }
  if (traces.has('irq')) {
    machine.traceIrq = (core, line, level, ns) => process.stderr.write(`irq core${core} ${line} ${level ? 'raised' : 'lowered'} at ${(ns / 1e6).toFixed(3)} ms\n`);
  }
  machine.queueInput(script);

  let quit = false;
  const interactive = process.stdin.isTTY === true && f.input === undefined && f.inputFile === undefined && f.until === undefined;
  let term: TerminalConsole | null = null;
  if (interactive) {
    term = new TerminalConsole({
      stdin: process.stdin,
      stdout: process.stdout,
      onInput: (bytes) => machine.queueInput(bytes.map((value) => ({ kind: 'byte' as const, value }))),
      onQuit: () => { quit = true; },
      onStats: () => `instructions ${machine.totalInsns}, virtual time ${(machine.clock.now / 1e6).toFixed(3)} ms`,
    });
    term.start();
  }
  // `--input-file -`: stdin is streamed to the UART as raw bytes (`printf 'l\n' | raspvisor run
  // ... --input-file -`); while it is open an idle guest waits for more.
  let pipeOpen = false;
  const piped = f.inputFile === '-';
  const onPipeData = (d: Buffer) => machine.queueInput([...d].map((value) => ({ kind: 'byte' as const, value })));
  const onPipeEnd = () => { pipeOpen = false; };
  if (piped) {
    pipeOpen = true;
    process.stdin.on('data', onPipeData);
    process.stdin.once('end', onPipeEnd);
    process.stdin.resume();
  }
  let gdb: { close(): void } | null = null;
  try {
    let result!: RunResult;
    if (f.gdb !== undefined) {
      const { serveGdb } = await import('../gdb/server.ts');
      const srv = await serveGdb(machine, f.gdb, {
        log: (s: string) => process.stderr.write(`raspvisor: gdb: ${s}\n`),
        limits: { timeoutMs: f.timeout !== undefined ? f.timeout * 1000 : undefined, until: f.until, maxInsns: f.maxInsns },
        after: { interactive, waitForInput: () => pipeOpen, shouldStop: () => (quit || f.stopWhen?.() ? 'quit' : null) },
      });
      gdb = srv;
      result = await srv.done;
    } else {
      const t0 = performance.now();
      for (;;) {
        result = await runMachine(machine, {
          maxInsns: f.maxInsns !== undefined ? Math.max(1, f.maxInsns - machine.totalInsns) : undefined,
          timeoutMs: f.timeout !== undefined ? Math.max(1, f.timeout * 1000 - (performance.now() - t0)) : undefined,
          until: f.until,
          interactive,
          waitForInput: () => pipeOpen,
          shouldStop: () => (quit || f.stopWhen?.() ? 'quit' : null),
        });
        if (result.reason !== 'reset' || !f.reboot) break;
        flush();
        process.stderr.write('\nraspvisor: watchdog reset: rebooting\n');
        machine.reboot(plan);
      }
      result = { ...result, wallMs: performance.now() - t0 };
    }
    flush();
    if (term) term.close();
    term = null;
    f.onEnd?.(quit ? 'quit' : result.reason);
    if (f.stats) process.stderr.write(formatStats(machine, result) + '\n');
    if (f.until !== undefined) {
      if (result.reason === 'until') return 0;
      process.stderr.write(`\nraspvisor: run ended without printing ${JSON.stringify(f.until)}: ${END_TEXT[result.reason]}\n`);
      return 1;
    }
    if (result.reason === 'exception') {
      process.stderr.write(`\nraspvisor: ${END_TEXT.exception} (core ${result.core}, pc 0x${machine.cpu.getPc(result.core ?? 0).toString(16)})\n`);
      return 1;
    }
    if (result.reason !== 'quit') process.stderr.write(`\nraspvisor: ${END_TEXT[result.reason]}\n`);
    return 0;
  } finally {
    flush();
    term?.close();
    gdb?.close();
    if (interactive) process.stdin.pause();
    if (piped) {
      process.stdin.off('data', onPipeData);
      process.stdin.off('end', onPipeEnd);
      process.stdin.destroy();
    }
  }
}
