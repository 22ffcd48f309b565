// Our FAT32 reader on volumes that dosfstools and mtools made (mkfs.fat -F 32 + mcopy), bare
// and inside an sfdisk partition table; the writer's determinism; names and checksums against
// known values; corrupt images rejected with a byte offset.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../tools/common/diagnostics.ts';
import { openFat32Image } from '../../sdcard/fat32/reader.ts';
import { aliasShortName, directShortName, lfnChecksum, longNameEntries, packShortName, shortNameKey } from '../../sdcard/fat32/names.ts';
import { fat32Geometry } from '../../sdcard/fat32/geometry.ts';
import { hostTree, MiB, ORACLE_ENV, pseudoRandom, sha256, tmpDir, writeImage } from './helpers.ts';

const work = tmpDir('reader');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A host tree to copy in with mcopy: long, mixed-case and 8.3 names, a subdirectory, sizes. */
function makeHostTree(root: string): void {
  const put = (p: string, data: Buffer | string) => {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), data);
  };
  put('bootcode.bin', pseudoRandom(52460, 1));
  put('KERNEL8.IMG', pseudoRandom(70001, 2));
  put('Mixed Case Name.Text', 'mixed');
  put('mini-os.bin', pseudoRandom(3000, 3));
  put('empty', '');
  put('overlays/disable-bt.dtbo', pseudoRandom(1500, 4));
  put('overlays/sub dir/nested file with a long name.txt', 'nested');
  for (let i = 0; i < 120; i++) put(`many/entry-with-a-long-name-${i}.txt`, `${i}\n`);
  put('big.bin', pseudoRandom(3 * MiB + 17, 5));
}

function readAll(img: string | Uint8Array): Map<string, string> {
  const fat = openFat32Image(img);
  try {
    const out = new Map<string, string>();
    for (const { path: p, entry } of fat.walk()) out.set(p, entry.isDir ? 'dir' : sha256(fat.readFile(p)));
    return out;
  } finally {
    fat.close();
  }
}

describe('reader on images made by mkfs.fat + mcopy', () => {
  const src = path.join(work, 'src');
  makeHostTree(src);
  const want = hostTree(src);

  it.each([
    { clusterSectors: 1, sizeKiB: 64 * 1024 },
    { clusterSectors: 8, sizeKiB: 300 * 1024 },
  ])('bare volume (superfloppy), $clusterSectors sector(s) per cluster', async ({ clusterSectors, sizeKiB }) => {
    const img = path.join(work, `mkfs-${clusterSectors}.img`);
    await execa('mkfs.fat', ['-C', '-F', '32', '-s', String(clusterSectors), '-n', 'MKFSVOL', img, String(sizeKiB)]);
    await execa('mcopy', ['-s', '-i', img, ...fs.readdirSync(src).map((e) => path.join(src, e)), '::/'], { env: ORACLE_ENV });
    expect(readAll(img)).toEqual(want);
    const fat = openFat32Image(img);
    expect(fat.partitions).toEqual([]);
    expect(fat.label).toBe('MKFSVOL');
    expect(fat.boot.sectorsPerCluster).toBe(clusterSectors);
    expect(fat.list('overlays').map((e) => e.name).sort()).toEqual(['disable-bt.dtbo', 'sub dir']);
    fat.close();
    // The same through a file descriptor and from bytes in memory.
    const fd = fs.openSync(img, 'r');
    expect(readAll(fs.readFileSync(img))).toEqual(want);
    const viaFd = openFat32Image(fd);
    expect(sha256(viaFd.readFile('mini-os.bin'))).toBe(want.get('mini-os.bin'));
    viaFd.close();
    fs.closeSync(fd);
    fs.rmSync(img);
  });

  it('partitioned by sfdisk, formatted with mkfs.fat --offset', async () => {
    const img = path.join(work, 'sfdisk.img');
    fs.writeFileSync(img, '');
    fs.truncateSync(img, 100 * MiB);
    await execa('sfdisk', ['--no-reread', '--no-tell-kernel', img], { input: 'label: dos\nstart=2048, type=c\n' });
    await execa('mkfs.fat', ['-F', '32', '-s', '1', '--offset', '2048', '-n', 'PARTVOL', img, String((100 * MiB - MiB) / 1024)]);
    await execa('mcopy', ['-s', '-i', `${img}@@${MiB}`, ...fs.readdirSync(src).map((e) => path.join(src, e)), '::/'], { env: ORACLE_ENV });
    expect(readAll(img)).toEqual(want);
    const fat = openFat32Image(img);
    expect(fat.partitions.map((p) => [p.type, p.startLba])).toEqual([[0x0c, 2048]]);
    expect(fat.volumeOffset).toBe(MiB);
    expect(fat.label).toBe('PARTVOL');
    fat.close();
    fs.rmSync(img);
  });
});

describe('writer', () => {
  const spec = (kernel: Buffer) => ({
    sizeBytes: 40 * MiB,
    files: [
      { path: 'kernel8.img', source: { kind: 'bytes' as const, data: kernel } },
      { path: 'A Long Name.txt', source: { kind: 'bytes' as const, data: Buffer.from('x') } },
      { path: 'overlays/x.dtbo', source: { kind: 'bytes' as const, data: Buffer.from('y') } },
    ],
  });

  it('gives byte-identical images for identical input, another serial for other input', () => {
    const a = path.join(work, 'a.img');
    const b = path.join(work, 'b.img');
    const c = path.join(work, 'c.img');
    const wa = writeImage(a, spec(pseudoRandom(9000, 7)));
    writeImage(b, spec(pseudoRandom(9000, 7)));
    const wc = writeImage(c, spec(pseudoRandom(9000, 8)));
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
    expect(wc.volumeId).not.toBe(wa.volumeId);
    expect(wc.diskSignature).not.toBe(wa.diskSignature);
    for (const f of [a, b, c]) fs.rmSync(f);
  });

  it('rejects contents larger than the image, naming a size that fits', () => {
    const img = path.join(work, 'full.img');
    const big = { kind: 'bytes' as const, data: Buffer.alloc(40 * MiB, 1) };
    expect(() => writeImage(img, { sizeBytes: 40 * MiB, files: [{ path: 'big', source: big }] })).toThrow(/need .* clusters .* but a 40 MiB image holds/);
    fs.rmSync(img, { force: true });
  });

  it('rejects a partition too small for FAT32 and names the minimum', () => {
    expect(() => fat32Geometry((30 * MiB) / 512)).toThrow(/FAT32 needs at least 65525 \(a partition of at least 33 MiB\)/);
    // 33 MiB: the minimum the message names does work.
    expect(fat32Geometry((33 * MiB) / 512).clusterCount).toBeGreaterThanOrEqual(65525);
  });

  it('rejects names FAT cannot store and duplicates that differ only in case', () => {
    const one = (p: string) => ({ sizeBytes: 40 * MiB, files: [{ path: p, source: { kind: 'bytes' as const, data: Buffer.from('') } }] });
    const img = path.join(work, 'bad.img');
    for (const bad of ['a:b', 'what?', 'trailing.', 'x'.repeat(256)]) expect(() => writeImage(img, one(bad))).toThrow(UserError);
    expect(() =>
      writeImage(img, { sizeBytes: 40 * MiB, files: ['Config.txt', 'config.TXT'].map((p) => ({ path: p, source: { kind: 'bytes' as const, data: Buffer.from('') } })) }),
    ).toThrow(/twice/);
    fs.rmSync(img, { force: true });
  });
});

describe('names', () => {
  it('computes the same long-name checksums as mtools writes', async () => {
    const img = path.join(work, 'sum.img');
    await execa('mkfs.fat', ['-C', '-F', '32', '-s', '1', img, String(40 * 1024)]);
    const names = ['Mixed Case Name.Text', 'a fairly long file name with spaces.bin', 'x.tar.gz'];
    for (const n of names) {
      fs.writeFileSync(path.join(work, n), n);
      await execa('mcopy', ['-i', img, path.join(work, n), '::/'], { env: ORACLE_ENV });
    }
    const fat = openFat32Image(img);
    const root = fs.readFileSync(img).subarray(fat.boot.dataStartSector * 512, fat.boot.dataStartSector * 512 + 512);
    let checked = 0;
    for (let off = 32; off < 512; off += 32) {
      if (root[off + 11] === 0x0f || root[off] === 0) continue;
      expect(root[off - 32 + 11]).toBe(0x0f); // every file here has long-name entries before it
      expect(root[off - 32 + 13]).toBe(lfnChecksum(root.subarray(off, off + 11)));
      checked++;
    }
    expect(checked).toBe(names.length);
    fat.close();
  });

  it('sets NT case flags only when each part is in one case', () => {
    expect(directShortName('config.txt')?.ntFlags).toBe(0x18);
    expect(directShortName('README.md')?.ntFlags).toBe(0x10);
    expect(directShortName('readme.MD')?.ntFlags).toBe(0x08);
    expect(directShortName('KERNEL8.IMG')?.ntFlags).toBe(0);
    expect(directShortName('MiXeD.txt')).toBeUndefined();
    expect(directShortName('toolongname.txt')).toBeUndefined();
    expect(directShortName('a.tar.gz')).toBeUndefined();
  });

  it('makes unique aliases with numeric tails', () => {
    const taken = new Set<string>();
    const names = ['A Long Name.txt', 'A Long Name 2.txt', 'alongname.text'].map((n) => {
      const s = aliasShortName(n, taken);
      taken.add(shortNameKey(s));
      return shortNameKey(s);
    });
    expect(names).toEqual(['ALONGN~1TXT', 'ALONGN~2TXT', 'ALONGN~1TEX']);
  });

  it('lays out a 13-character name in one entry without terminator', () => {
    const [e] = longNameEntries('exactly13char', packShortName('EXACTL~1', ''));
    expect(e[0]).toBe(0x41);
    expect(Buffer.from(e).readUInt16LE(30)).toBe('r'.charCodeAt(0)); // 13th character, no terminator
    const two = longNameEntries('fourteen chars', packShortName('FOURTE~1', ''));
    expect(two.map((x) => x[0])).toEqual([0x42, 0x01]);
    expect(Buffer.from(two[0]).readUInt16LE(3)).toBe(0); // terminator after the 14th character
    expect(Buffer.from(two[0]).readUInt16LE(5)).toBe(0xffff); // then padding
  });
});

describe('corrupt images', () => {
  const base = path.join(work, 'corrupt-base.img');
  writeImage(base, { sizeBytes: 40 * MiB, files: [{ path: 'file.bin', source: { kind: 'bytes', data: pseudoRandom(5000, 9) } }] });
  const bytes = fs.readFileSync(base);
  const vol = 4 * MiB;
  const errorOf = (f: () => unknown): UserError => {
    try { f(); } catch (e) { if (e instanceof UserError) return e; throw e; }
    throw new Error('no error');
  };

  it('reports a missing signature at offset 0', () => {
    const b = Buffer.from(bytes);
    b[510] = 0;
    const e = errorOf(() => openFat32Image(b, { name: 'x.img' }));
    expect(e.offset).toEqual({ file: 'x.img', offset: 0 });
  });

  it('reports a looping cluster chain at its FAT entry', () => {
    const b = Buffer.from(bytes);
    const fat = openFat32Image(b);
    const entry = fat.stat('file.bin')!;
    const fatOffset = vol + fat.boot.reservedSectors * 512;
    b.writeUInt32LE(entry.firstCluster, fatOffset + (entry.firstCluster + 2) * 4); // third cluster points back to the first
    const e = errorOf(() => openFat32Image(b).readFile('file.bin'));
    expect(e.message).toMatch(/loops|longer than the file/);
    expect(e.offset!.offset).toBeGreaterThanOrEqual(fatOffset);
  });

  it('reports a truncated image', () => {
    const e = errorOf(() => openFat32Image(bytes.subarray(0, vol + 4096)));
    expect(e.message).toMatch(/ends inside the FAT/);
  });

  it('reports a missing file by name', () => {
    expect(() => openFat32Image(bytes).readFile('nope.txt')).toThrow(/no file "nope.txt"/);
  });
});

describe('reader robustness', () => {
  // Random damage to the metadata (boot sector, FSInfo, FATs, directories) must end in a clean
  // read or a UserError: never another exception, never a hang.
  it('survives 300 random corruptions of metadata', () => {
    const files = [
      ...Array.from({ length: 40 }, (_, i) => ({ path: `dir${i % 3}/a long file name ${i}.txt`, source: { kind: 'bytes' as const, data: pseudoRandom(100 * i, i + 1) } })),
      { path: 'sub/deeper/x.bin', source: { kind: 'bytes' as const, data: pseudoRandom(3000, 99) } },
    ];
    const img = path.join(work, 'fuzz.img');
    writeImage(img, { sizeBytes: 40 * MiB, files });
    const clean = fs.readFileSync(img);
    const fat = openFat32Image(clean);
    const vol = fat.volumeOffset;
    const metaEnd = vol + fat.boot.dataStartSector * 512 + 16 * 512; // through the first directory clusters
    const fatStart = vol + fat.boot.reservedSectors * 512;
    fat.close();
    const rand = pseudoRandom(300 * 8, 4242);
    let userErrors = 0;
    for (let k = 0; k < 300; k++) {
      const b = clean; // damaged in place, restored below
      // Half the hits in the first sectors and the FAT's used part, half anywhere in the metadata.
      const r = rand.readUInt32LE(k * 8);
      const where = k % 2 === 0 ? (r % 2 === 0 ? vol + (r % 1024) : fatStart + (r % 2048)) : vol + (r % (metaEnd - vol));
      const v = rand[k * 8 + 4];
      const saved = b[where];
      b[where] = k % 3 === 0 ? 0xff : v;
      try {
        const f = openFat32Image(b);
        for (const { path: p, entry } of f.walk()) if (!entry.isDir) f.readFile(p);
      } catch (e) {
        if (!(e instanceof UserError)) throw new Error(`corruption at ${where} = ${v}: ${(e as Error).stack}`);
        userErrors++;
      } finally {
        b[where] = saved;
      }
    }
    expect(userErrors).toBeGreaterThan(0);
  });
});
