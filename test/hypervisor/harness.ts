// Shared by the hypervisor's end-to-end tests: build this checkout's hypervisor with a chosen
// set of guests (test guests in .S from test/hypervisor/guests/, linked into kernel8.img in
// name order: VM 1 is the first name), run the image in our emulator and under
// qemu-system-aarch64 -M raspi3b (the machine oracle), and compare transcripts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { build } from '../../tools/build/index.ts';
import { runRaspi3b } from '../build/qemu.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
const GUESTS = path.join(import.meta.dirname, 'guests');
const CLI = path.join(REPO, 'tools/cli/raspvisor.mjs');

export interface Built {
  image: string;
  elf: string;
}

/** `guests`: VM name -> test guest source file (without .S), in VM order by name. */
export async function buildWithGuests(guests: Record<string, string>): Promise<Built> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-hyptest-'));
  fs.cpSync(path.join(REPO, 'hypervisor'), path.join(root, 'hypervisor'), { recursive: true });
  for (const [name, src] of Object.entries(guests)) {
    fs.mkdirSync(path.join(root, 'guests', name), { recursive: true });
    fs.copyFileSync(path.join(GUESTS, `${src}.S`), path.join(root, 'guests', name, `${name}.S`));
  }
  const r = await build({ root, buildDir: path.join(root, 'build'), log: () => {} });
  const k = r.programs.find((p) => p.kind === 'hypervisor')!;
  return { image: k.image, elf: k.elf };
}

export interface EmuRun {
  output: string;
  exitCode: number;
  stderr: string;
}

/** Our emulator, `raspvisor run --kernel FILE --until TEXT` (a raw image boots at EL2 like
 *  QEMU -kernel, an ELF at its entry in EL3 on all cores), or `raspvisor run CARD.img`. */
export async function runEmu(kernel: string, until: string, extra: string[] = [], maxInsns = 200_000_000): Promise<EmuRun> {
  const how = kernel.endsWith('.img') && !kernel.endsWith('kernel8.img') ? [kernel] : ['--kernel', kernel]; // an SD card image, or a kernel
  const r = await execa('node', [CLI, 'run', ...how, '--until', until, '--max-insns', String(maxInsns), ...extra], {
    reject: false,
    timeout: 170_000,
    stdin: 'ignore',
  });
  return { output: r.stdout.replace(/\r\n/g, '\n'), exitCode: r.exitCode ?? -1, stderr: r.stderr };
}

export async function runQemu(image: string, until: string, how: 'kernel' | 'el3' = 'kernel'): Promise<string> {
  const esc = until.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const r = await runRaspi3b(image, new RegExp(esc), 30_000, how);
  return r.output;
}

/** The transcript up to and including the end of `until` (`--until` stops there; QEMU runs a
 *  little longer). */
export function upTo(output: string, until: string): string {
  const i = output.indexOf(until);
  return i < 0 ? output : output.slice(0, i + until.length);
}

export interface Step {
  /** Send `send` once the output (CRLF as LF) contains this (or all of these, in any order:
   *  our emulator waits for them in the order given), counted from the previous step's match. */
  after: string | string[];
  send: string;
  /** Then wait this long (ms) before the next step may match (QEMU runs in real time). */
  settleMs?: number;
}

/** qemu-system-aarch64 -M raspi3b with the mini-UART on stdin/stdout, typing `steps`. */
export function runQemuScript(args: string[], steps: Step[], until: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const q = spawn('qemu-system-aarch64', ['-M', 'raspi3b', ...args, '-serial', 'null', '-serial', 'stdio', '-display', 'none', '-monitor', 'none', '-nodefaults'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let from = 0;
    let next = 0;
    let busy = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      q.kill('SIGKILL');
      resolve(out);
    };
    const timer = setTimeout(finish, timeoutMs);
    const pump = () => {
      if (busy || next >= steps.length) return;
      const s = steps[next];
      let end = from;
      for (const a of typeof s.after === 'string' ? [s.after] : s.after) {
        const at = out.indexOf(a, from);
        if (at < 0) return;
        end = Math.max(end, at + a.length);
      }
      from = end;
      next++;
      q.stdin.write(Buffer.from(s.send, 'latin1'));
      busy = true;
      setTimeout(() => {
        busy = false;
        pump();
      }, s.settleMs ?? 300);
    };
    q.stdout.on('data', (d: Buffer) => {
      out += d.toString('latin1').replace(/\r\n/g, '\n');
      pump();
      if (next >= steps.length && out.indexOf(until, from) >= 0) finish();
    });
    q.stderr.on('data', (d: Buffer) => (out += d.toString('latin1')));
    q.on('error', reject);
    q.on('exit', finish);
  });
}

/** The same steps as an `--input` script of our emulator (\w{TEXT} waits, \p{MS} pauses). */
export function emuInput(steps: Step[]): string {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  // \w{TEXT} takes TEXT raw up to the first '}' (so no '}' or line ends in `after`).
  const waits = (a: string | string[]) => (typeof a === 'string' ? [a] : a).map((t) => `\\w{${t}}`).join('');
  return steps.map((s) => `${waits(s.after)}${esc(s.send)}\\p{20}`).join('');
}

/** `raspvisor image` of the checkout (built first) with `vms` as vms.txt; `cardVms`, if
 *  given, then replaces vms.txt on the card with mtools (to name an image that is not there,
 *  which `raspvisor image` itself refuses). */
export async function sdImage(vms: string, cardVms?: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-hypsd-'));
  const manifest = path.join(dir, 'vms.txt');
  fs.writeFileSync(manifest, vms);
  const img = path.join(dir, 'sdcard.img');
  await execa('node', [CLI, 'image', '-o', img, '--vms', manifest], { cwd: REPO });
  if (cardVms !== undefined) {
    const offset = fs.readFileSync(img).subarray(0, 512).readUInt32LE(446 + 8) * 512;
    const f = path.join(dir, 'card-vms.txt');
    fs.writeFileSync(f, cardVms);
    await execa('mcopy', ['-o', '-i', `${img}@@${offset}`, f, '::/vms.txt']);
  }
  return img;
}
