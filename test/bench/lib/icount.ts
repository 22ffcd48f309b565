// Dynamic instruction count of a Linux/AArch64 executable under qemu-aarch64, from QEMU's own
// log: `-d in_asm` gives each translation block's instructions, `-d exec,nochain` logs every
// block execution (nochain: no direct block-to-block jumps that would skip the log).
import { spawn } from 'node:child_process';
import * as readline from 'node:readline';

export interface CountResult {
  instructions: number;
  stdout: string;
  exitCode: number;
}

export function countInstructions(exe: string, timeoutMs = 300_000): Promise<CountResult> {
  return new Promise((resolve, reject) => {
    const q = spawn('qemu-aarch64', ['-d', 'in_asm,exec,nochain', exe], { stdio: ['ignore', 'pipe', 'pipe'] });
    const sizes = new Map<string, number>();
    let current: string | null = null;
    let inBlock = 0;
    let total = 0;
    let stdout = '';
    q.stdout.on('data', (d: Buffer) => (stdout += d.toString('latin1')));
    const rl = readline.createInterface({ input: q.stderr });
    rl.on('line', (line) => {
      if (line.startsWith('Trace ')) {
        // Trace 0: 0x7f.. [flags/0000000000401974/...] sym
        const m = /\[[0-9a-f]+\/([0-9a-f]+)\//.exec(line);
        if (m) total += sizes.get(m[1]) ?? 0;
      } else if (line.startsWith('IN:')) {
        current = null;
        inBlock = 0;
      } else if (line.startsWith('0x')) {
        const pc = line.slice(2, line.indexOf(':'));
        if (current === null) current = pc.padStart(16, '0');
        inBlock++;
        sizes.set(current, inBlock);
      } else if (line === '') {
        current = null;
      }
    });
    const timer = setTimeout(() => q.kill('SIGKILL'), timeoutMs);
    q.on('error', reject);
    q.on('close', (code) => {
      clearTimeout(timer);
      resolve({ instructions: total, stdout, exitCode: code ?? -1 });
    });
  });
}
