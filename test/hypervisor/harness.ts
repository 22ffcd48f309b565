// Shared by the hypervisor's end-to-end tests: build this checkout's hypervisor with a chosen
// set of guests (test guests in .S from test/hypervisor/guests/, linked into kernel8.img in
// name order: VM 1 is the first name), run the image in our emulator and under
// qemu-system-aarch64 -M raspi3b (the machine oracle), and compare transcripts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execa } from 'execa';
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
 *  QEMU -kernel, an ELF at its entry in EL3 on all cores). */
export async function runEmu(kernel: string, until: string, extra: string[] = [], maxInsns = 200_000_000): Promise<EmuRun> {
  const r = await execa('node', [CLI, 'run', '--kernel', kernel, '--until', until, '--max-insns', String(maxInsns), ...extra], {
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
