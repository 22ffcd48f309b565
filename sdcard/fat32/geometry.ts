// Where the parts of a FAT32 volume go: reserved region (boot sector, FSInfo, backup boot
// sector), two FATs, then the data clusters. Cluster size: see CLUSTER_SIZE_TABLE.
import { UserError } from '../../tools/common/diagnostics.ts';
import { SECTOR } from '../mbr.ts';

/** FAT32 needs at least this many clusters, or drivers take the volume for FAT16. */
export const FAT32_MIN_CLUSTERS = 65525;
/** Cluster numbers at or above 0x0FFFFFF7 are reserved, so this many clusters at most. */
export const FAT32_MAX_CLUSTERS = 0x0ffffff5 - 2;
export const RESERVED_SECTORS = 32;
export const NUM_FATS = 2;
export const FSINFO_SECTOR = 1;
export const BACKUP_BOOT_SECTOR = 6;
export const ROOT_CLUSTER = 2;

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * Sectors per cluster by volume size. Raspberry Pi OS formats its boot partitions with 1 or 4
 * sectors per cluster, and its firmware engineers recommend exactly that for compatibility
 * (raspberrypi/firmware#1738: some CM3 boot ROMs fail with larger clusters), so small clusters
 * win up to sizes where the FAT would grow past ~32 MiB.
 */
const CLUSTER_SIZE_TABLE: { upTo: number; sectorsPerCluster: number }[] = [
  { upTo: 2 * GiB, sectorsPerCluster: 1 },
  { upTo: 16 * GiB, sectorsPerCluster: 4 },
  { upTo: 32 * GiB, sectorsPerCluster: 32 },
  { upTo: Infinity, sectorsPerCluster: 64 },
];

export interface Fat32Geometry {
  /** Sectors in the volume (the partition). */
  totalSectors: number;
  sectorsPerCluster: number;
  reservedSectors: number;
  fatSectors: number; // per FAT
  /** First sector of the data region, relative to the volume. */
  dataStartSector: number;
  clusterCount: number;
  clusterBytes: number;
}

/**
 * Geometry of a FAT32 volume of `totalSectors` that starts at absolute sector `startLba`. The
 * reserved region is padded so that the first data cluster starts on a cluster boundary (and at
 * least a 4 KiB one) of the whole card, as mkfs.fat does: a cluster then never straddles two
 * flash pages.
 */
export function fat32Geometry(totalSectors: number, sectorsPerCluster?: number, startLba = 0): Fat32Geometry {
  const bytes = totalSectors * SECTOR;
  const spc = sectorsPerCluster ?? CLUSTER_SIZE_TABLE.find((r) => bytes <= r.upTo)!.sectorsPerCluster;
  const align = Math.max(spc, 8);
  let reserved = RESERVED_SECTORS;
  let fatSectors = 1;
  let clusterCount = 0;
  for (let round = 0; round < 64; round++) {
    // The FAT must hold clusterCount + 2 entries; grow it until it does (a few steps).
    for (;;) {
      clusterCount = Math.floor((totalSectors - reserved - NUM_FATS * fatSectors) / spc);
      const need = Math.ceil(((clusterCount + 2) * 4) / SECTOR);
      if (need <= fatSectors) break;
      fatSectors = need;
    }
    const misalign = (startLba + reserved + NUM_FATS * fatSectors) % align;
    if (misalign === 0) break;
    reserved += align - misalign;
  }
  if (clusterCount < FAT32_MIN_CLUSTERS) {
    const minSectors = reserved + NUM_FATS * Math.ceil(((FAT32_MIN_CLUSTERS + 2) * 4) / SECTOR) + FAT32_MIN_CLUSTERS * spc;
    throw new UserError(
      `a FAT32 partition of ${(bytes / MiB).toFixed(1)} MiB has ${clusterCount} clusters of ${spc * SECTOR} bytes; ` +
        `FAT32 needs at least ${FAT32_MIN_CLUSTERS} (a partition of at least ${Math.ceil((minSectors * SECTOR) / MiB)} MiB)`,
    );
  }
  if (clusterCount > FAT32_MAX_CLUSTERS) throw new UserError(`a FAT32 partition of ${bytes} bytes has too many clusters`);
  return {
    totalSectors,
    sectorsPerCluster: spc,
    reservedSectors: reserved,
    fatSectors,
    dataStartSector: reserved + NUM_FATS * fatSectors,
    clusterCount,
    clusterBytes: spc * SECTOR,
  };
}
