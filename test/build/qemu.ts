// Running a kernel image under qemu-system-aarch64 -M raspi3b (the machine oracle) and
// collecting what it prints on the mini-UART (QEMU's second serial port) until an expected
// text appears or a timeout passes.
import { spawn } from 'node:child_process';

export interface QemuRun {
  output: string;
  matched: boolean;
}

/** `how`: 'kernel' = `-kernel image` (QEMU's boot stub: entry at EL2, secondary cores on spin
 *  tables); 'el3' = the raw image put at 0x80000 by `-device loader` with core 0 starting
 *  there at reset, i.e. in EL3 (as the Pi firmware does with kernel_old=1). */
export function runRaspi3b(image: string, until: RegExp, timeoutMs = 15_000, how: 'kernel' | 'el3' = 'kernel'): Promise<QemuRun> {
  const load = how === 'kernel' ? ['-kernel', image] : ['-device', `loader,file=${image},addr=0x80000,force-raw=on`, '-device', 'loader,addr=0x80000,cpu-num=0'];
  return new Promise((resolve, reject) => {
    const q = spawn(
      'qemu-system-aarch64',
      ['-M', 'raspi3b', ...load, '-serial', 'null', '-serial', 'stdio', '-display', 'none', '-monitor', 'none', '-nodefaults'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let done = false;
    const finish = (matched: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      q.kill('SIGKILL');
      resolve({ output: output.replace(/\r\n/g, '\n'), matched });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    q.stdout.on('data', (d: Buffer) => {
      output += d.toString('latin1');
      if (until.test(output.replace(/\r\n/g, '\n'))) finish(true);
    });
    q.stderr.on('data', (d: Buffer) => {
      output += d.toString('latin1');
    });
    q.on('error', reject);
    q.on('exit', () => finish(until.test(output)));
  });
}
