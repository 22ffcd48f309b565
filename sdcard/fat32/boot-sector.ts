// The FAT32 boot sector (BPB) and FSInfo sector: encoding for the writer, decoding with
// plausibility checks for the reader.
import { UserError } from '../../tools/common/diagnostics.ts';
import { SECTOR } from '../mbr.ts';
import { BACKUP_BOOT_SECTOR, FSINFO_SECTOR, NUM_FATS, ROOT_CLUSTER, type Fat32Geometry } from './geometry.ts';

const FSINFO_LEAD_SIG = 0x41615252;
const FSINFO_STRUC_SIG = 0x61417272;
const FSINFO_TRAIL_SIG = 0xaa550000;
const MEDIA_FIXED_DISK = 0xf8;

export interface BootSectorFields {
  geometry: Fat32Geometry;
  hiddenSectors: number; // LBA of the partition
  volumeId: number;
  label: string; // up to 11 characters, already validated
}

export function encodeBootSector(f: BootSectorFields): Uint8Array {
  const g = f.geometry;
  const b = new Uint8Array(SECTOR);
  const dv = new DataView(b.buffer);
  b.set([0xeb, 0x58, 0x90]); // jmp short to offset 0x5A, nop
  b.set(Buffer.from('MSWIN4.1', 'latin1'), 3); // the OEM name most drivers expect
  dv.setUint16(11, SECTOR, true);
  b[13] = g.sectorsPerCluster;
  dv.setUint16(14, g.reservedSectors, true);
  b[16] = NUM_FATS;
  // 17: root entry count 0, 19: 16-bit total sectors 0, 22: 16-bit FAT size 0 (all FAT32).
  b[21] = MEDIA_FIXED_DISK;
  dv.setUint16(24, 63, true); // sectors per track
  dv.setUint16(26, 255, true); // heads
  dv.setUint32(28, f.hiddenSectors, true);
  dv.setUint32(32, g.totalSectors, true);
  dv.setUint32(36, g.fatSectors, true);
  // 40: ext flags 0 (FAT mirrored), 42: version 0.0
  dv.setUint32(44, ROOT_CLUSTER, true);
  dv.setUint16(48, FSINFO_SECTOR, true);
  dv.setUint16(50, BACKUP_BOOT_SECTOR, true);
  b[64] = 0x80; // BIOS drive number
  b[66] = 0x29; // extended boot signature: the next three fields are valid
  dv.setUint32(67, f.volumeId >>> 0, true);
  b.set(Buffer.from(f.label.padEnd(11, ' '), 'latin1'), 71);
  b.set(Buffer.from('FAT32   ', 'latin1'), 82);
  b.set([0xf4, 0xeb, 0xfd], 90); // not bootable on a PC: hlt; jmp back to the hlt
  b[510] = 0x55;
  b[511] = 0xaa;
  return b;
}

export function encodeFsInfo(freeClusters: number, nextFree: number): Uint8Array {
  const b = new Uint8Array(SECTOR);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, FSINFO_LEAD_SIG, true);
  dv.setUint32(484, FSINFO_STRUC_SIG, true);
  dv.setUint32(488, freeClusters, true);
  dv.setUint32(492, nextFree, true);
  dv.setUint32(508, FSINFO_TRAIL_SIG, true);
  return b;
}

export interface DecodedBootSector {
  bytesPerSector: number;
  sectorsPerCluster: number;
  reservedSectors: number;
  numFats: number;
  totalSectors: number;
  fatSectors: number;
  rootCluster: number;
  volumeId: number;
  label: string;
  dataStartSector: number;
  clusterCount: number;
  activeFat: number;
}

/** Decodes a FAT32 boot sector; returns a reason string if it is not one. */
export function decodeBootSector(b: Uint8Array): DecodedBootSector | string {
  const dv = new DataView(b.buffer, b.byteOffset, SECTOR);
  if (b[510] !== 0x55 || b[511] !== 0xaa) return 'no 0x55AA signature at offset 510';
  const bytesPerSector = dv.getUint16(11, true);
  const spc = b[13];
  const reserved = dv.getUint16(14, true);
  const numFats = b[16];
  const rootEntries = dv.getUint16(17, true);
  const fat16Size = dv.getUint16(22, true);
  const total = dv.getUint16(19, true) || dv.getUint32(32, true);
  const fatSectors = dv.getUint32(36, true);
  if (![512, 1024, 2048, 4096].includes(bytesPerSector)) return `bytes per sector ${bytesPerSector} is not 512-4096`;
  if (spc === 0 || (spc & (spc - 1)) !== 0) return `sectors per cluster ${spc} is not a power of two`;
  if (reserved === 0 || numFats === 0) return 'no reserved sectors or no FATs';
  if (rootEntries !== 0 || fat16Size !== 0 || fatSectors === 0) return 'not FAT32 (it has a FAT12/16 root directory or FAT size)';
  const dataStartSector = reserved + numFats * fatSectors;
  if (total <= dataStartSector) return 'the FATs are larger than the volume';
  const clusterCount = Math.floor((total - dataStartSector) / spc);
  if (clusterCount + 2 > (fatSectors * bytesPerSector) / 4) return 'the FAT is too small for the volume';
  const extFlags = dv.getUint16(40, true);
  const label = b[66] === 0x29 ? Buffer.from(b.subarray(71, 82)).toString('latin1').trimEnd() : '';
  return {
    bytesPerSector,
    sectorsPerCluster: spc,
    reservedSectors: reserved,
    numFats,
    totalSectors: total,
    fatSectors,
    rootCluster: dv.getUint32(44, true),
    volumeId: b[66] === 0x29 ? dv.getUint32(67, true) : 0,
    label,
    dataStartSector,
    clusterCount,
    activeFat: extFlags & 0x80 ? extFlags & 0x0f : 0,
  };
}

export function requireBootSector(b: Uint8Array, file: string, offset: number): DecodedBootSector {
  const d = decodeBootSector(b);
  if (typeof d === 'string') throw new UserError(`not a FAT32 boot sector: ${d}`, { offset: { file, offset } });
  return d;
}
