// The hostile suite's runs: a hypervisor of this checkout built with a set of test guests
// (guests/*.S here, each built as its own program with lib.S and state.S beside it, linked
// into kernel8.img in name order: VM 1 is the first name), run in our emulator with scripted
// console input. The raw transcript is kept: the console ends its own lines with CR LF and the
// test guests theirs with LF alone, which is how a VM's bytes are told from the console's.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execa } from 'execa';
import { build } from '../../tools/build/index.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
const GUESTS = path.join(import.meta.dirname, 'guests');
const CLI = path.join(REPO, 'tools/cli/raspvisor.mjs');
const SHARED = ['lib', 'state'];

/** `guests`: VM name -> guest source (without .S). `patch` edits the copied hypervisor
 *  (tests that plant a fault); the checkout itself is never changed. */
export async function buildHostile(guests: Record<string, string>, patch?: (root: string) => void): Promise<string> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-hostile-'));
  fs.cpSync(path.join(REPO, 'hypervisor'), path.join(root, 'hypervisor'), { recursive: true });
  for (const [name, src] of Object.entries(guests)) {
    const dir = path.join(root, 'guests', name);
    fs.mkdirSync(dir, { recursive: true });
    // The image starts with the first file's code (the entry): the attack, then the library.
    fs.copyFileSync(path.join(GUESTS, `${src}.S`), path.join(dir, `0-${src}.S`));
    for (const s of SHARED) fs.copyFileSync(path.join(GUESTS, `${s}.S`), path.join(dir, `1-${s}.S`));
  }
  patch?.(root);
  const r = await build({ root, buildDir: path.join(root, 'build'), log: () => {} });
  return r.programs.find((p) => p.kind === 'hypervisor')!.image;
}

export interface Run {
  /** Raw UART output (CR LF kept). */
  raw: string;
  exitCode: number;
  stderr: string;
}

/** `raspvisor run --kernel IMAGE` until `until` appears, typing `input` (an --input script). */
export async function runHostile(image: string, until: string, input = '', maxInsns = 3_000_000_000): Promise<Run> {
  const args = [CLI, 'run', '--kernel', image, '--until', until, '--max-insns', String(maxInsns), '--timeout', '240'];
  if (input) args.push('--input', input);
  const r = await execa('node', args, { reject: false, timeout: 280_000, stdin: 'ignore', stripFinalNewline: false });
  return { raw: r.stdout, exitCode: r.exitCode ?? -1, stderr: r.stderr };
}

/** A console line: starts a line, ends in CR LF (console/output.ts text()). */
const CONSOLE_LINE = /(?:\r\n)?((?:WARN|INFO)\[\d+\]: |console: |EL2 exception|raspvisor: |INFO: )[^\r\n]*\r\n/g;

/** The foreground VM's own bytes: the raw transcript without the console's lines (and the
 *  CR LF the console puts before one when the VM's line was not finished). */
export function vmBytes(raw: string): string {
  return raw.replace(CONSOLE_LINE, '');
}

/** The console's lines, in order (CR LF removed). */
export function consoleLines(raw: string): string[] {
  return [...raw.matchAll(CONSOLE_LINE)].map((m) => m[0].replace(/^\r\n/, '').replace(/\r\n$/, ''));
}
