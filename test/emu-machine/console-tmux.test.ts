// The console on a real terminal: tmux runs `raspvisor run` in a pane, send-keys types, and
// capture-pane reads the screen. Checks raw mode (keys reach the guest one by one without
// Enter, Ctrl-C goes to the guest), Ctrl-A h help, Ctrl-A x quit, and that the shell's
// terminal settings are back afterwards.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage, tempDir, warmCpu } from './conformance-images.ts';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tools/cli/raspvisor.mjs');
const SOCKET = `raspvisor-console-${process.pid}`;
const tmux = (...args: string[]) => execa('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { reject: false });

async function screen(): Promise<string> {
  return (await tmux('capture-pane', '-p', '-t', 't')).stdout;
}

async function waitFor(pred: (s: string) => boolean, what: string, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const s = await screen();
    if (pred(s)) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('console in a real terminal (tmux)', () => {
  let dir = '';
  beforeAll(async () => {
    await warmCpu();
    dir = tempDir('console');
    await buildImage('echo_hex', dir);
    await tmux('new-session', '-d', '-s', 't', '-x', '150', '-y', '40', 'env -i PATH="$PATH" HOME="$HOME" TERM=xterm PS1="$ " bash --norc --noprofile');
  });
  afterAll(async () => {
    await tmux('kill-server');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const MODE_CMD = `echo "MODE=$(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo -e isig -e -isig | sort | tr '\\n' ,)"`;
  const modeLine = (s: string, nth: number) => s.split('\n').filter((l) => l.startsWith('MODE='))[nth];

  it('raw mode, Ctrl-C to the guest, C-a h help, C-a x quit, terminal restored', async () => {
    await tmux('send-keys', '-t', 't', MODE_CMD, 'Enter');
    const before = modeLine(await waitFor((s) => modeLine(s, 0) !== undefined, 'stty before'), 0);
    expect(before).toBe('MODE=echo,icanon,isig,');
    await tmux('send-keys', '-t', 't', `node ${CLI} run --kernel ${path.join(dir, 'echo_hex.img')}`, 'Enter');
    // The first run may compile the CPU core (asc) and cache it: allow for that.
    await waitFor((s) => s.includes('echo ready'), 'guest banner', 180_000);
    // No Enter: in raw mode each key reaches the guest at once.
    await tmux('send-keys', '-t', 't', '-l', 'ab');
    await waitFor((s) => s.includes('[61][62]'), 'echo of a and b');
    await tmux('send-keys', '-t', 't', 'C-c');
    await waitFor((s) => s.includes('[61][62][03]'), 'Ctrl-C delivered to the guest');
    await tmux('send-keys', '-t', 't', 'C-a', 'h');
    await waitFor((s) => s.includes('C-a x    exit emulator'), 'help text');
    await tmux('send-keys', '-t', 't', 'C-a', 'C-a');
    await waitFor((s) => s.includes('[01]'), 'literal Ctrl-A');
    await tmux('send-keys', '-t', 't', 'C-a', 'x');
    // Back at the shell (its prompt after the guest's output): the terminal is cooked again.
    await waitFor((s) => /\[01\]\$\s*$/.test(s.trimEnd() + ' '), 'shell prompt after C-a x');
    await tmux('send-keys', '-t', 't', MODE_CMD, 'Enter');
    const after = modeLine(await waitFor((s) => modeLine(s, 1) !== undefined, 'stty after'), 1);
    expect(after).toBe('MODE=echo,icanon,isig,');
  });
});
