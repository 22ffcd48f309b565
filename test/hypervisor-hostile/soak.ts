// The soak run (issue 13): the real echo guest (guests/echo, VM 1, in the foreground) beside
// four VMs that fault after a pseudo-random time (guests/soak_fault.S, VMs 2-5), on four cores
// in our emulator. Console input comes at 1,000 characters per second of virtual time (one
// character, then `\p{1}`, of the emulator's --input script); among it, at pseudo-random times,
// `?rN` restarts one of the faulting VMs (running or stopped). Everything is drawn from a seed,
// and the emulator's time follows instructions, so a run repeats exactly.
//
// The script: the echo banner, a few characters (so that echo has touched every page it will),
// every faulting VM restarted, 30 ms (a slice each: each has run its start), `?l` (the pool's
// free pages and the heap: the start); the soak itself; again every faulting VM restarted,
// 30 ms, `?l` (the end); `?h` marks the end of the run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { REPO, buildHostile, consoleLines, vmBytes } from './harness.ts';

const CLI = path.join(REPO, 'tools/cli/raspvisor.mjs');
export const FAULTERS = [2, 3, 4, 5];
export const UNTIL = '?h      this help';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-+=';
const WARMUP = 20;
const SETTLE = '\\p{30}';
const RESTART_ALL = FAULTERS.map((n) => `?r${n}`).join('');

export interface Script {
  input: string;
  /** What the echo VM must send back, in order. */
  typed: string;
  restarts: number;
}

/** `chars` characters at one per ms; a restart of a random faulting VM every `restartEveryMs`
 *  ms on average. */
export function soakScript(chars: number, restartEveryMs: number, seed: number): Script {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0; // Numerical Recipes' LCG
    return s / 2 ** 32;
  };
  const pick = () => ALPHABET[Math.floor(rand() * ALPHABET.length)];
  let typed = '';
  let input = '\\w{Exception level: 1}';
  for (let i = 0; i < WARMUP; i++) {
    const c = pick();
    typed += c;
    input += `${c}\\p{1}`;
  }
  input += `${RESTART_ALL}${SETTLE}?l\\w{bytes used}`;
  let restarts = FAULTERS.length;
  for (let i = 0; i < chars; i++) {
    const c = i % 64 === 63 ? '\\n' : pick();
    typed += c === '\\n' ? '\n' : c;
    input += `${c}\\p{1}`;
    if (rand() < 1 / restartEveryMs) {
      input += `?r${FAULTERS[Math.floor(rand() * FAULTERS.length)]}`;
      restarts++;
    }
  }
  input += `${RESTART_ALL}${SETTLE}?l\\w{bytes used}?h`;
  restarts += FAULTERS.length;
  return { input, typed, restarts };
}

export interface SoakRun {
  raw: string;
  exitCode: number;
  stderr: string;
  wallMs: number;
  insns: number;
  coreInsns: number[];
  virtualMs: number;
}

/** The hypervisor with echo and the four faulting VMs (built once per call). */
export async function buildSoak(): Promise<string> {
  const guests = Object.fromEntries(FAULTERS.map((n) => [`${String.fromCharCode(96 + n)}_fault`, 'soak_fault']));
  return buildHostile(guests, (root) => {
    for (const g of ['echo', 'lib']) fs.cpSync(path.join(REPO, 'guests', g), path.join(root, 'guests', g === 'echo' ? 'a_echo' : g), { recursive: true });
  });
}

export async function runSoak(image: string, script: Script, maxInsns: number, timeoutS: number): Promise<SoakRun> {
  const args = [CLI, 'run', '--kernel', image, '--until', UNTIL, '--max-insns', String(maxInsns), '--timeout', String(timeoutS), '--stats', '--input', script.input];
  const t0 = performance.now();
  const r = await execa('node', args, { reject: false, timeout: (timeoutS + 60) * 1000, stdin: 'ignore', stripFinalNewline: false });
  const wallMs = performance.now() - t0;
  const num = (re: RegExp) => Number(re.exec(r.stderr)?.[1] ?? NaN);
  return {
    raw: r.stdout,
    exitCode: r.exitCode ?? -1,
    stderr: r.stderr,
    wallMs,
    insns: num(/^instructions: (\d+)/m),
    coreInsns: [0, 1, 2, 3].map((c) => num(new RegExp(`^ {2}core ${c}: (\\d+) instructions`, 'm'))),
    virtualMs: num(/^virtual time: ([\d.]+) ms/m),
  };
}

export interface Pool { free: number; held: number; heap: number }

/** Every ?l table's pool line, with the pages the VMs hold then. */
export function pools(raw: string): Pool[] {
  const out: Pool[] = [];
  for (const m of raw.matchAll(/ id {2}name[^]*?\r\npool: (\d+) of \d+ pages free, heap: (\d+) bytes used\r\n/g)) {
    const rows = m[0].split('\r\n').slice(1, -2).map((r) => r.trim().split(/ +/));
    out.push({ free: Number(m[1]), held: rows.reduce((n, r) => n + Number(r[3]), 0), heap: Number(m[2]) });
  }
  return out;
}

/** The foreground VM's own bytes: without the console's lines, ?l tables and the help. */
export function echoBytes(raw: string): string {
  const end = raw.indexOf('console commands:');
  return vmBytes(raw.slice(0, end < 0 ? undefined : end).replace(/(?:\r\n)? id {2}name[^]*?bytes used\r\n/g, ''));
}

/** What a stop of a faulting VM may say (the four faults of soak_fault.S). */
const HEX = '0x[0-9a-f]+';
export const STOP_REASONS: Record<string, RegExp> = {
  outside: /data abort at IPA 0x2000000, outside its memory \(DFSC 0x[4-7]\)/,
  sip: /SMC \(not available to VMs\)/,
  fetch: /instruction abort at IPA 0x3f215040/,
  simd: /MMIO access at IPA 0x3f200000 by an instruction that cannot be emulated/,
};
const STOP = new RegExp(`^WARN\\[([2-5])\\]: stopped: (.*) \\(ELR_EL2 ${HEX}, ESR_EL2 ${HEX}, FAR_EL2 ${HEX}\\)$`);

/** The faulting VMs' stops, by reason (null: a line that is none of the four). */
export function stops(raw: string): { byReason: Record<string, number>; other: string[] } {
  const byReason: Record<string, number> = Object.fromEntries(Object.keys(STOP_REASONS).map((k) => [k, 0]));
  const other: string[] = [];
  for (const l of consoleLines(raw)) {
    if (!/^WARN\[/.test(l)) continue;
    const m = STOP.exec(l);
    const kind = m && Object.keys(STOP_REASONS).find((k) => STOP_REASONS[k].test(m[2]));
    if (kind) byReason[kind]++;
    else other.push(l);
  }
  return { byReason, other };
}
