// The hypervisor's FAT32 reader (hypervisor/fs/), compiled by asc and run in V8, on volumes that
// dosfstools and mtools made: every file's bytes equal what mcopy extracts (and what was put
// in); long and 8.3 names in any case, subdirectories, fragmented files (deleted and re-added),
// each read with one pass over its chain; and clear errors for what is wrong.
import { beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openFat32Image } from '../../sdcard/index.ts';
import { MiB, ORACLE_ENV, pseudoRandom, tmpDir } from '../sdcard/helpers.ts';
import { driver } from './as-harness.ts';

const work = tmpDir('hyp-fat');
const PART_START = MiB; // sfdisk start=2048

/** Files put on the volumes: host path -> bytes. */
const FILES: Record<string, Buffer> = {
  'KERNEL8.IMG': pseudoRandom(70_001, 1),
  'config.txt': Buffer.from('arm_64bit=1\nkernel=kernel8.img\n'),
  'Long File Name With Spaces.bin': pseudoRandom(3 * 512 + 17, 2),
  'MixedCase.Bin': pseudoRandom(512, 3),
  'empty.dat': Buffer.alloc(0),
  'one.dat': Buffer.from('x'),
  'guests/mini-os.bin': pseudoRandom(22_368, 4),
  'guests/echo.bin': pseudoRandom(3_688, 5),
  'guests/deep/er/a very long name that needs several long-name entries.txt': pseudoRandom(1_025, 6),
  'big.bin': pseudoRandom(300 * 1024 + 3, 7),
};

async function mcopyTree(img: string, offset: number, files: Record<string, Buffer>): Promise<void> {
  const src = path.join(work, `src-${path.basename(img)}`);
  for (const [p, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(src, p)), { recursive: true });
    fs.writeFileSync(path.join(src, p), data);
  }
  await execa('mcopy', ['-s', '-i', `${img}@@${offset}`, ...fs.readdirSync(src).map((e) => path.join(src, e)), '::/'], { env: ORACLE_ENV });
}

async function mtoolsRead(img: string, offset: number, p: string): Promise<Buffer> {
  const r = await execa('mcopy', ['-n', '-i', `${img}@@${offset}`, `::/${p}`, '-'], { env: ORACLE_ENV, encoding: 'buffer', stripFinalNewline: false });
  return Buffer.from(r.stdout as unknown as Uint8Array);
}

const images: { name: string; file: string; offset: number }[] = [];

beforeAll(async () => {
  // 1: an MBR partition (sfdisk) formatted with mkfs.fat --offset, 512-byte clusters.
  const part = path.join(work, 'part.img');
  fs.writeFileSync(part, '');
  fs.truncateSync(part, 48 * MiB);
  await execa('sfdisk', ['--no-reread', '--no-tell-kernel', part], { input: 'label: dos\nstart=2048, type=c\n' });
  await execa('mkfs.fat', ['-F', '32', '-s', '1', '--offset', '2048', '-n', 'PARTVOL', part, String((48 * MiB - PART_START) / 1024)]);
  await mcopyTree(part, PART_START, FILES);
  images.push({ name: 'MBR partition, 512-byte clusters', file: part, offset: PART_START });
  // 2: a bare volume (no partition table), 4 KiB clusters.
  const bare = path.join(work, 'bare.img');
  await execa('mkfs.fat', ['-C', '-F', '32', '-s', '8', '-n', 'BAREVOL', bare, String(300 * 1024)]);
  await mcopyTree(bare, 0, FILES);
  images.push({ name: 'bare volume, 4 KiB clusters', file: bare, offset: 0 });
}, 60_000);

describe.each([0, 1])('image %i', (index) => {
  it('every file reads back as mcopy extracts it, under its own and other-case names', async () => {
    const img = images[index];
    const fd = fs.openSync(img.file, 'r');
    const d = await driver({ fd });
    expect(d.mount(), d.error()).toBe(true);
    for (const [p, data] of Object.entries(FILES)) {
      const oracle = await mtoolsRead(img.file, img.offset, p);
      expect(oracle.equals(data)).toBe(true);
      for (const name of [p, p.toUpperCase(), p.toLowerCase(), '/' + p]) {
        expect(d.open(name), `${img.name}: ${name}: ${d.error()}`).toBe(data.length);
        const r = d.read();
        expect(r.result, d.error()).toBe(data.length);
        expect(r.bytes.equals(oracle), `${img.name}: ${name} bytes`).toBe(true);
      }
    }
    fs.closeSync(fd);
  });
});

describe('names', () => {
  it('8.3 aliases that mtools made for long names are found too', async () => {
    const img = images[0];
    const r = await execa('mdir', ['-a', '-i', `${img.file}@@${img.offset}`, '::/'], { env: ORACLE_ENV });
    // mdir lines: "LONGFI~1 BIN      1553 2000-01-01  0:00  Long File Name With Spaces.bin"
    const line = r.stdout.split('\n').find((l) => l.includes('Long File Name With Spaces.bin'))!;
    const m = /^(\S+)\s+(\S+)\s/.exec(line)!;
    const alias = `${m[1]}.${m[2]}`;
    expect(alias).toMatch(/~/);
    const d = await driver({ fd: fs.openSync(img.file, 'r') });
    expect(d.mount()).toBe(true);
    expect(d.open(alias.toLowerCase()), d.error()).toBe(FILES['Long File Name With Spaces.bin'].length);
  });

  it('"." and ".." path components and repeated slashes', async () => {
    const d = await driver({ fd: fs.openSync(images[0].file, 'r') });
    expect(d.mount()).toBe(true);
    expect(d.open('./guests//deep/./er/../../echo.bin'), d.error()).toBe(FILES['guests/echo.bin'].length);
    expect(d.open('guests/../guests/../KERNEL8.IMG'), d.error()).toBe(FILES['KERNEL8.IMG'].length);
  });
});

describe('fragmented files: chain walked once, contiguous runs in one read', () => {
  it('a file re-added after deletions is read right, with one read per run', async () => {
    const img = path.join(work, 'frag.img');
    await execa('mkfs.fat', ['-C', '-F', '32', '-s', '1', '-n', 'FRAG', img, String(40 * 1024)]);
    const names = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => `${n}.bin`);
    for (const [i, n] of names.entries()) {
      fs.writeFileSync(path.join(work, n), pseudoRandom(4 * 512 + i, 10 + i));
      await execa('mcopy', ['-i', img, path.join(work, n), '::/'], { env: ORACLE_ENV });
    }
    await execa('mdel', ['-i', img, '::/b.bin', '::/d.bin'], { env: ORACLE_ENV });
    // FSInfo's next-free hint back to "unknown": mtools then allocates from the first free
    // cluster, into the holes the deletions left.
    const fd = fs.openSync(img, 'r+');
    const hint = Buffer.alloc(4, 0xff);
    fs.writeSync(fd, hint, 0, 4, 512 + 492);
    fs.closeSync(fd);
    const frag = pseudoRandom(20 * 512 + 100, 99);
    fs.writeFileSync(path.join(work, 'frag.bin'), frag);
    await execa('mcopy', ['-i', img, path.join(work, 'frag.bin'), '::/'], { env: ORACLE_ENV });
    // Runs of the chain, as our host-side reader (sdcard/) sees the FAT.
    const host = openFat32Image(img);
    const first = host.stat('frag.bin')!.firstCluster;
    const fat = Buffer.from(fs.readFileSync(img)).subarray(host.boot.reservedSectors * 512);
    let runs = 1;
    for (let c = first, n = fat.readUInt32LE(c * 4) & 0x0fffffff; n < 0x0ffffff8; c = n, n = fat.readUInt32LE(c * 4) & 0x0fffffff) if (n !== c + 1) runs++;
    host.close();
    expect(runs).toBeGreaterThanOrEqual(3);

    const d = await driver({ bytes: fs.readFileSync(img) });
    expect(d.mount()).toBe(true);
    expect(d.open('FRAG.BIN')).toBe(frag.length);
    d.reads.length = 0;
    const r = d.read();
    expect(r.result, d.error()).toBe(frag.length);
    expect(r.bytes.equals(frag)).toBe(true);
    expect(r.bytes.equals(await mtoolsRead(img, 0, 'frag.bin'))).toBe(true);
    // Data: one read per run plus one for the partial last sector; the FAT: its one sector.
    const dataReads = d.reads.filter((x) => x.lba >= host.boot.dataStartSector);
    expect(dataReads.length).toBe(runs + 1);
    expect(dataReads.reduce((s, x) => s + x.count, 0)).toBe(Math.ceil(frag.length / 512));
    expect(r.calls - dataReads.length).toBeLessThanOrEqual(1);
  });
});

describe('errors', () => {
  const fresh = async (patch?: (b: Buffer) => void, failAt?: number) => {
    const b = Buffer.from(fs.readFileSync(images[0].file));
    patch?.(b);
    return driver({ bytes: b, failAt });
  };

  it('missing files and folders, a file used as a folder, a folder opened as a file', async () => {
    const d = await fresh();
    expect(d.mount()).toBe(true);
    const cases: [string, string][] = [
      ['nope.bin', "nope.bin: no such file (no 'nope.bin' in /)"],
      ['guests/nope/x.bin', "guests/nope/x.bin: no such file (no 'nope' in guests/)"],
      ['KERNEL8.IMG/x', "KERNEL8.IMG/x: 'KERNEL8.IMG' is a file, not a directory"],
      ['guests', 'guests: is a directory'],
      ['guests/', 'guests/: is a directory'],
      ['', ': is a directory'],
    ];
    for (const [p, msg] of cases) {
      expect(d.open(p)).toBe(-1);
      expect(d.error()).toBe(msg);
    }
  });

  it('a file bigger than the room given, and a device read error', async () => {
    const d = await fresh(undefined, undefined);
    expect(d.mount()).toBe(true);
    expect(d.open('big.bin')).toBe(FILES['big.bin'].length);
    expect(d.read(1000).result).toBe(-1);
    expect(d.error()).toBe(`big.bin: ${FILES['big.bin'].length} bytes, more than the 1000 bytes of room`);
    const host = openFat32Image(images[0].file);
    const cluster = host.stat('big.bin')!.firstCluster;
    const b = host.boot;
    const lba = PART_START / 512 + b.dataStartSector + (cluster - 2) * b.sectorsPerCluster + 10;
    host.close();
    const e = await fresh(undefined, lba);
    expect(e.mount()).toBe(true);
    expect(e.open('big.bin')).toBe(FILES['big.bin'].length);
    expect(e.read().result).toBe(-1);
    expect(e.error()).toBe('big.bin: host read error 5');
  });

  it('corrupt chains: one that ends early, one that loops, one that leaves the volume', async () => {
    const host = openFat32Image(images[0].file);
    const b = host.boot;
    const c = host.stat('big.bin')!.firstCluster;
    host.close();
    const fatAt = PART_START + b.reservedSectors * 512;
    const size = FILES['big.bin'].length;
    const cases: [number, string][] = [
      [0x0fffffff, `big.bin: cluster chain ends after 512 of ${size} bytes`],
      [c, `big.bin: cluster chain loops back to cluster ${c}`],
      [0x0ffffff0, `big.bin: cluster chain leaves the volume at cluster ${0x0ffffff0} with ${size - 512} bytes to go`],
    ];
    for (const [next, msg] of cases) {
      const d = await fresh((buf) => buf.writeUInt32LE(next, fatAt + c * 4));
      expect(d.mount()).toBe(true);
      expect(d.open('big.bin')).toBe(size);
      expect(d.read().result).toBe(-1);
      expect(d.error()).toBe(msg);
    }
    // A loop further down the chain, back into the first run.
    const d = await fresh((buf) => buf.writeUInt32LE(c + 3, fatAt + (c + 100) * 4));
    expect(d.mount()).toBe(true);
    expect(d.open('big.bin')).toBe(size);
    expect(d.read().result).toBe(-1);
    expect(d.error()).toBe(`big.bin: cluster chain loops back to cluster ${c + 3}`);
  });

  it('no signature, no FAT32 partition, FAT16, 4096-byte sectors', async () => {
    const cases: [(b: Buffer) => void, string][] = [
      [(b) => b.writeUInt16LE(0, 510), 'sector 0: no boot signature 0x55AA (not an MBR or a FAT volume)'],
      [(b) => b.writeUInt8(0x83, 446 + 4), 'no FAT32 partition (type 0x0B or 0x0C) in the MBR (types 0x83, 0x00, 0x00, 0x00)'],
      [(b) => b.writeUInt16LE(4096, PART_START + 11), 'boot sector at 2048: 4096-byte sectors (only 512 are supported)'],
      [(b) => b.writeUInt8(3, PART_START + 13), 'boot sector at 2048: sectors per cluster 3 is not a power of two'],
      [(b) => b.writeUInt16LE(0, PART_START + 510), 'boot sector at 2048: no signature 0x55AA'],
    ];
    for (const [patch, msg] of cases) {
      const d = await fresh(patch);
      expect(d.mount()).toBe(false);
      expect(d.error()).toBe(msg);
    }
    const f16 = path.join(work, 'f16.img');
    await execa('mkfs.fat', ['-C', '-F', '16', f16, String(20 * 1024)]);
    const d = await driver({ bytes: fs.readFileSync(f16) });
    expect(d.mount()).toBe(false);
    // Bare FAT16: sector 0 is no FAT32 boot sector, so it is read as an MBR.
    expect(d.error()).toMatch(/^no FAT32 partition \(type 0x0B or 0x0C\) in the MBR/);
    const rd = await fresh(undefined, 0);
    expect(rd.mount()).toBe(false);
    expect(rd.error()).toBe('reading sector 0: host read error 5');
  });
});
