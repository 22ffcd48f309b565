// The linker's outputs boot: the raw image (as kernel8.img at 0x80000) and the ELF executable
// run on qemu-system-aarch64 -M raspi3b and print through the PL011.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { assembleFile, objectBytes } from '../../tools/asm/index.ts';
import { link } from '../../tools/elf/linker.ts';
import { have, loadIsa, tmpDir } from '../asm/oracle.ts';

function qemuOutput(kernel: string, want: string, ms = 20000): Promise<string> {
  return new Promise((resolve) => {
    const q = spawn('qemu-system-aarch64', ['-M', 'raspi3b', '-kernel', kernel, '-display', 'none', '-serial', 'stdio', '-monitor', 'none'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    const done = () => { clearTimeout(t); q.kill('SIGKILL'); resolve(out); };
    const t = setTimeout(done, ms);
    q.stdout.on('data', (d) => { out += d.toString(); if (out.includes(want)) done(); });
    q.on('exit', () => { clearTimeout(t); resolve(out); });
  });
}

describe.skipIf(!have('qemu-system-aarch64'))('linked programs boot on qemu raspi3b', async () => {
  const { isa, real } = await loadIsa();
  it.skipIf(!real)('raw image and ELF print the expected line', async () => {
    const dir = tmpDir('qemu');
    const obj = objectBytes(assembleFile(path.join(__dirname, 'fixtures/hello-pl011.S'), { isa }));
    const r = link([{ name: 'hello.o', bytes: obj }], { base: 0x80000n });
    fs.writeFileSync(path.join(dir, 'hello.img'), r.binary);
    fs.writeFileSync(path.join(dir, 'hello.elf'), r.elf);
    const want = 'hello from raspvisor link 7\n';
    const [img, elf] = await Promise.all([qemuOutput(path.join(dir, 'hello.img'), want), qemuOutput(path.join(dir, 'hello.elf'), want)]);
    expect(img).toContain(want);
    expect(elf).toContain(want);
  }, 60_000);
});
