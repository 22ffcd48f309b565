// Booting a guest image bare on both machines, with typed input: our emulator
// (`raspvisor run --kernel`, scripted with --input/--until) and qemu-system-aarch64 -M raspi3b
// -kernel (the oracle; input written to its mini-UART on stdin once a prompt has appeared).
import { spawn } from 'node:child_process';
import { execa } from 'execa';
import * as path from 'node:path';

const CLI = path.resolve(import.meta.dirname, '../../tools/cli/raspvisor.mjs');

export interface Run {
  output: string;
  matched: boolean;
  stderr?: string;
}

const crlf = (s: string) => s.replace(/\r\n/g, '\n');

/** Our emulator: `input` in --input syntax (\w{TEXT} waits for TEXT, \p{MS} pauses). */
export async function runOurs(image: string, until: string, input?: string, extra: string[] = [], timeoutS = 240): Promise<Run> {
  const args = [CLI, 'run', '--kernel', image, '--until', until, '--timeout', String(timeoutS), ...extra];
  if (input !== undefined) args.push('--input', input);
  const r = await execa('node', args, { reject: false, timeout: (timeoutS + 60) * 1000, stdin: 'ignore' });
  return { output: crlf(r.stdout), matched: r.exitCode === 0, stderr: r.stderr };
}

/** QEMU: after `prompt` has appeared, each of `chunks` is written to the UART, `gapMs` apart;
 *  the run ends when `done(output)` holds or after timeoutMs. */
export function runQemu(image: string, done: (out: string) => boolean, prompt?: string, chunks: string[] = [], gapMs = 0, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const q = spawn('qemu-system-aarch64', ['-M', 'raspi3b', '-kernel', image, '-serial', 'null', '-serial', 'stdio', '-display', 'none', '-monitor', 'none', '-nodefaults'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let finished = false;
    let typing = false;
    const finish = (matched: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      q.kill('SIGKILL');
      resolve({ output: crlf(output), matched });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const type = async () => {
      for (const c of chunks) {
        if (finished) return;
        q.stdin.write(c);
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
    };
    q.stdout.on('data', (d: Buffer) => {
      output += d.toString('latin1');
      const text = crlf(output);
      if (!typing && prompt !== undefined && text.includes(prompt)) {
        typing = true;
        void type();
      }
      if (done(text)) finish(true);
    });
    q.stderr.on('data', (d: Buffer) => {
      output += d.toString('latin1');
    });
    q.on('error', reject);
    q.on('exit', () => finish(done(crlf(output))));
  });
}

/** kernel8.img carrying only `guests` (VM 1 is the first name, in alphabetical order): this
 *  checkout's hypervisor, guest library and those guest folders copied to a fresh project. */
export async function hypervisorWith(guests: string[]): Promise<string> {
  const { build } = await import('../../tools/build/index.ts');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const repo = path.resolve(import.meta.dirname, '../..');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-guests-hyp-'));
  for (const d of ['hypervisor', 'guests/lib', ...guests.map((g) => `guests/${g}`)]) fs.cpSync(path.join(repo, d), path.join(root, d), { recursive: true });
  fs.copyFileSync(path.join(repo, 'Makefile.ts'), path.join(root, 'Makefile.ts'));
  const r = await build({ root, buildDir: path.join(root, 'build'), log: () => {} });
  return r.programs.find((p) => p.kind === 'hypervisor')!.image;
}
