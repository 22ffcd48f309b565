// The EMMC driver and the FAT32 reader end to end: sdprobe (fixtures/sdprobe, built by the
// project's build like any guest) boots from a card that sfdisk + mkfs.fat + mcopy made, in our
// emulator (as the Pi firmware boots it, from the card) and under qemu-system-aarch64 -M
// raspi3b (-kernel, the card on -drive if=sd). Both print the same transcript, and every size
// and checksum in it is the host's.
import { beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from '../../tools/build/index.ts';
import { renderConfigTxt } from '../../sdcard/index.ts';
import { CLI, MiB, ORACLE_ENV, pseudoRandom, tmpDir } from '../sdcard/helpers.ts';

const HERE = import.meta.dirname;
const HYP = path.resolve(HERE, '../../hypervisor');
const work = tmpDir('sdprobe');
const card = path.join(work, 'card.img');

const FILES: Record<string, Buffer> = {
  'mini-os.bin': pseudoRandom(22_368, 1),
  'guests/Echo Guest.bin': pseudoRandom(3_688, 2),
  'guests/deep/er/big file.dat': pseudoRandom(300 * 1024 + 5, 3),
  'small.txt': Buffer.from('hello\n'),
  'vms.txt': Buffer.from('# two VMs\nmini-os mini-os.bin 0x80000 0x80000 16M 10ms\necho "guests/Echo Guest.bin" 0 0 1M 5ms\n'),
};
const PROBED = ['mini-os.bin', 'GUESTS/echo guest.BIN', 'guests/deep/er/big file.dat', 'small.txt', 'nope.bin', 'guests/deep'];

function fnv1a(b: Buffer): string {
  let h = 0x811c9dc5;
  for (const x of b) h = Math.imul(h ^ x, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** The transcript that is right for this card, from the host's own bytes. */
function expected(): string {
  const lines = ['sdprobe', `card: SDSC, ${(64 * MiB) / 512} blocks`];
  const byLower = new Map(Object.entries(FILES).map(([k, v]) => [k.toLowerCase(), v]));
  for (const p of PROBED) {
    const data = byLower.get(p.toLowerCase());
    if (p === 'nope.bin') lines.push("nope.bin: no such file (no 'nope.bin' in /)");
    else if (p === 'guests/deep') lines.push('guests/deep: is a directory');
    else lines.push(`${p}: ${data!.length} bytes, fnv1a ${fnv1a(data!)}`);
  }
  // vms.txt line 3: a quote is a bad character in an image file name (column 6).
  lines.push("vms.txt:3:6: error: bad character '\"' in image file name");
  lines.push(`read past the end: read beyond the end of the card (blocks ${(64 * MiB) / 512}+1 of ${(64 * MiB) / 512}: read beyond the end of the card)`);
  lines.push('done');
  return lines.join('\n') + '\n';
}

beforeAll(async () => {
  const root = path.join(work, 'project');
  fs.mkdirSync(path.join(root, 'guests/shared'), { recursive: true });
  fs.cpSync(path.join(HERE, 'fixtures/sdprobe'), path.join(root, 'guests/sdprobe'), { recursive: true });
  for (const d of ['drivers', 'fs', 'vm']) fs.mkdirSync(path.join(root, 'guests/shared', d), { recursive: true });
  fs.copyFileSync(path.join(HYP, 'drivers/emmc.ts'), path.join(root, 'guests/shared/drivers/emmc.ts'));
  fs.cpSync(path.join(HYP, 'fs'), path.join(root, 'guests/shared/fs'), { recursive: true });
  fs.copyFileSync(path.join(HYP, 'vm/manifest.ts'), path.join(root, 'guests/shared/vm/manifest.ts'));
  await build({ root, log: () => {} });
  const probe = path.join(root, 'build/sdprobe.bin');

  // The card: MBR (sfdisk), FAT32 (mkfs.fat), files (mcopy); the probe as kernel8.img.
  fs.writeFileSync(card, '');
  fs.truncateSync(card, 64 * MiB);
  await execa('sfdisk', ['--no-reread', '--no-tell-kernel', card], { input: 'label: dos\nstart=8192, type=c\n' });
  await execa('mkfs.fat', ['-F', '32', '-s', '1', '--offset', '8192', '-n', 'PROBE', card, String((64 * MiB - 4 * MiB) / 1024)]);
  const src = path.join(work, 'src');
  const put = (p: string, data: Uint8Array) => {
    fs.mkdirSync(path.dirname(path.join(src, p)), { recursive: true });
    fs.writeFileSync(path.join(src, p), data);
  };
  for (const [p, data] of Object.entries(FILES)) put(p, data);
  put('kernel8.img', fs.readFileSync(probe));
  put('config.txt', Buffer.from(renderConfigTxt()));
  put('probe.txt', Buffer.from(PROBED.join('\n') + '\n'));
  await execa('mcopy', ['-s', '-i', `${card}@@${4 * MiB}`, ...fs.readdirSync(src).map((e) => path.join(src, e)), '::/'], { env: ORACLE_ENV });
}, 240_000);

function qemu(image: string | undefined, kernel: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const q = spawn('qemu-system-aarch64', ['-M', 'raspi3b', '-kernel', kernel, ...(image ? ['-drive', `if=sd,format=raw,file=${image}`] : []), '-serial', 'null', '-serial', 'stdio', '-display', 'none', '-monitor', 'none', '-nodefaults'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const done = () => { clearTimeout(timer); q.kill('SIGKILL'); resolve(out.replace(/\r\n/g, '\n')); };
    const timer = setTimeout(done, timeoutMs);
    q.stdout.on('data', (d: Buffer) => { out += d.toString('latin1'); if (/done\n/.test(out)) done(); });
    q.stderr.on('data', (d: Buffer) => { out += d.toString('latin1'); });
    q.on('error', reject);
    q.on('exit', done);
  });
}

describe('sdprobe: EMMC + FAT32 + manifest on a real card image', () => {
  it('in our emulator, booted from the card like the Pi firmware', async () => {
    const r = await execa('node', [CLI, 'run', card, '--until', 'done\n', '--max-insns', '400000000'], { reject: false, timeout: 180_000, stripFinalNewline: false });
    expect(r.stdout.replace(/\r\n/g, '\n'), r.stderr).toBe(expected());
    expect(r.exitCode).toBe(0);
  }, 200_000);

  it('under qemu-system-aarch64 -M raspi3b with the card on -drive if=sd', async () => {
    const kernel = path.join(work, 'project/build/sdprobe.bin');
    const copy = path.join(work, 'qemu-card.img');
    fs.copyFileSync(card, copy); // QEMU locks the file
    expect(await qemu(copy, kernel)).toBe(expected());
  }, 90_000);
});

describe('sdprobe without a card: a clear error, no hang', () => {
  const NO_CARD = 'sdprobe\nsdInit: CMD8 and ACMD41 got no answer: no card answers\ndone\n';
  const kernel = () => path.join(work, 'project/build/sdprobe.bin');
  it('in our emulator (--kernel, no --sd)', async () => {
    const r = await execa('node', [CLI, 'run', '--kernel', kernel(), '--until', 'done\n', '--max-insns', '400000000'], { reject: false, timeout: 180_000, stripFinalNewline: false });
    expect(r.stdout.replace(/\r\n/g, '\n'), r.stderr).toBe(NO_CARD);
  }, 200_000);
  it('under qemu raspi3b (no -drive)', async () => {
    expect(await qemu(undefined, kernel())).toBe(NO_CARD);
  }, 90_000);
});
