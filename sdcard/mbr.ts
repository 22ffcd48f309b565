// The MBR partition table: one 512-byte sector, four 16-byte entries at offset 446, 0x55AA at 510.
export const SECTOR = 512;
export const MBR_TYPE_FAT32_LBA = 0x0c;
export const MBR_TYPE_FAT32_CHS = 0x0b;
/** Partition types whose contents may be a FAT file system. */
export const FAT_PARTITION_TYPES = new Set([0x01, 0x04, 0x06, 0x0b, 0x0c, 0x0e]);

export interface MbrPartition {
  index: number; // 0-3
  bootable: boolean;
  type: number;
  startLba: number;
  sectors: number;
}

// CHS fields for tools that still read them: 255 heads, 63 sectors/track, saturating at 1023/254/63.
const HEADS = 255;
const SECTORS_PER_TRACK = 63;

function chs(lba: number): [number, number, number] {
  let c = Math.floor(lba / (HEADS * SECTORS_PER_TRACK));
  let h = Math.floor(lba / SECTORS_PER_TRACK) % HEADS;
  let s = (lba % SECTORS_PER_TRACK) + 1;
  if (c > 1023) [c, h, s] = [1023, 254, 63];
  return [h, (s & 0x3f) | ((c >> 2) & 0xc0), c & 0xff];
}

export function encodeMbr(diskSignature: number, partitions: Omit<MbrPartition, 'index'>[]): Uint8Array {
  const out = new Uint8Array(SECTOR);
  const dv = new DataView(out.buffer);
  dv.setUint32(440, diskSignature >>> 0, true);
  partitions.forEach((p, i) => {
    const e = 446 + 16 * i;
    out[e] = p.bootable ? 0x80 : 0x00;
    out.set(chs(p.startLba), e + 1);
    out[e + 4] = p.type;
    out.set(chs(p.startLba + p.sectors - 1), e + 5);
    dv.setUint32(e + 8, p.startLba, true);
    dv.setUint32(e + 12, p.sectors, true);
  });
  out[510] = 0x55;
  out[511] = 0xaa;
  return out;
}

/** The used entries of an MBR, or undefined if the sector carries no MBR signature. */
export function decodeMbr(sector0: Uint8Array): { diskSignature: number; partitions: MbrPartition[] } | undefined {
  if (sector0.length < SECTOR || sector0[510] !== 0x55 || sector0[511] !== 0xaa) return undefined;
  const dv = new DataView(sector0.buffer, sector0.byteOffset, SECTOR);
  const partitions: MbrPartition[] = [];
  for (let i = 0; i < 4; i++) {
    const e = 446 + 16 * i;
    const status = sector0[e];
    if (status !== 0 && status !== 0x80) return undefined; // not a partition table (e.g. a FAT boot sector)
    const type = sector0[e + 4];
    const sectors = dv.getUint32(e + 12, true);
    if (type === 0 || sectors === 0) continue;
    partitions.push({ index: i, bootable: status === 0x80, type, startLba: dv.getUint32(e + 8, true), sectors });
  }
  return { diskSignature: dv.getUint32(440, true), partitions };
}
