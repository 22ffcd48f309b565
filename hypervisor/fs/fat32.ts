// A read-only FAT32 reader (Microsoft FAT specification 1.03): the boot partition found through
// the MBR, paths with subdirectories, long (VFAT) and 8.3 names compared without case, and a
// file read by walking its cluster chain once, each run of consecutive clusters fetched with one
// multi-block read straight into the destination. Errors leave a one-line reason in
// Fat32Volume.lastError.
import { le16, le32 } from "./bytes";
import { BlockDevice, BLOCK_SIZE } from "./block-device";
import { choosePartition } from "./mbr";
import { addLongNameEntry, forgetLongName, nameMatches, takeNames, currentName } from "./fat-names";
import { SdBlockDevice } from "./sd-device";

const ATTR_LONG_NAME: u8 = 0x0F;
const ATTR_VOLUME_ID: u8 = 0x08;
const ATTR_DIRECTORY: u8 = 0x10;
const ENTRY_SIZE: u32 = 32;
const END_OF_CHAIN: u32 = 0x0FFFFFF8;
const BAD_CLUSTER: u32 = 0x0FFFFFF7;
const CLUSTER_MASK: u32 = 0x0FFFFFFF;
/** A directory holds at most 65 536 entries (the specification's limit). */
const MAX_DIRECTORY_BYTES: u32 = 65536 * ENTRY_SIZE;
/** Runs remembered per read to notice a chain that comes back on itself. */
const RUNS_CHECKED: i32 = 64;

const sectorBuf = memory.data(512, 16); // boot sector, directory sectors, file tails
const fatBuf = memory.data(512, 16); // the one FAT sector cached
const runStarts = memory.data(4 * 64, 4);
const runEnds = memory.data(4 * 64, 4);

export class FatFile {
  constructor(public volume: Fat32Volume, public path: string, public size: u32, public firstCluster: u32) {}

  /** Reads the whole file to `dst` (a 4-byte aligned machine address). Returns its size, or -1
   *  (Fat32Volume.lastError says why) when it is bigger than `max` or cannot be read. */
  readAll(dst: usize, max: u32): i32 {
    return this.volume.readChain(this, dst, max);
  }

  /** The file as UTF-8 text (at most `max` bytes), or null (Fat32Volume.lastError says why). */
  readText(max: u32): string | null {
    if (this.size > max) {
      Fat32Volume.lastError = this.path + ": " + this.size.toString() + " bytes, more than the " + max.toString() + " a text file may have";
      return null;
    }
    const buf = new ArrayBuffer(<i32>((this.size + 511) & ~511));
    const n = this.readAll(changetype<usize>(buf), this.size);
    if (n < 0) return null;
    return String.UTF8.decodeUnsafe(changetype<usize>(buf), <usize>n);
  }
}

export class Fat32Volume {
  static lastError: string = "";

  private fatCached: u32 = 0xFFFFFFFF;

  constructor(
    private dev: BlockDevice,
    public partitionLba: u32,
    public sectorsPerCluster: u32,
    public fatLba: u32,
    public fatSectors: u32,
    public dataLba: u32,
    public clusterCount: u32,
    public rootCluster: u32,
  ) {}

  /** The boot partition of the SD card (the card is initialised on first use). */
  static mount(): Fat32Volume | null {
    return Fat32Volume.mountDevice(new SdBlockDevice());
  }

  static mountDevice(dev: BlockDevice): Fat32Volume | null {
    Fat32Volume.lastError = "";
    let r = dev.readBlocks(0, 1, sectorBuf);
    if (r != 0) return Fat32Volume.failed("reading sector 0: " + dev.errorText(r));
    const part = choosePartition(sectorBuf);
    if (part.error.length > 0) return Fat32Volume.failed(part.error);
    const base = part.startLba;
    if (base != 0) {
      r = dev.readBlocks(base, 1, sectorBuf);
      if (r != 0) return Fat32Volume.failed("reading the boot sector at " + base.toString() + ": " + dev.errorText(r));
    }
    const where = "boot sector at " + base.toString() + ": ";
    if (le16(sectorBuf + 510) != 0xAA55) return Fat32Volume.failed(where + "no signature 0x55AA");
    const bytesPerSector = le16(sectorBuf + 11);
    const spc = <u32>load<u8>(sectorBuf, 13);
    const reserved = le16(sectorBuf + 14);
    const fats = <u32>load<u8>(sectorBuf, 16);
    const rootEntries = le16(sectorBuf + 17);
    const total16 = le16(sectorBuf + 19);
    const fat16Size = le16(sectorBuf + 22);
    const total32 = le32(sectorBuf + 32);
    const fatSize = le32(sectorBuf + 36);
    const root = le32(sectorBuf + 44);
    if (bytesPerSector != BLOCK_SIZE) return Fat32Volume.failed(where + bytesPerSector.toString() + "-byte sectors (only 512 are supported)");
    if (spc == 0 || (spc & (spc - 1)) != 0) return Fat32Volume.failed(where + "sectors per cluster " + spc.toString() + " is not a power of two");
    if (fat16Size != 0 || rootEntries != 0 || fatSize == 0) return Fat32Volume.failed(where + "a FAT12/FAT16 volume, not FAT32");
    if (reserved == 0 || fats == 0) return Fat32Volume.failed(where + "no reserved sectors or no FAT");
    const total = total16 != 0 ? total16 : total32;
    if (part.sectors != 0 && total > part.sectors) return Fat32Volume.failed(where + "volume of " + total.toString() + " sectors is bigger than its partition (" + part.sectors.toString() + ")");
    const dataStart = <u64>reserved + <u64>fats * <u64>fatSize;
    if (dataStart >= <u64>total) return Fat32Volume.failed(where + "no room for data after the FATs");
    const clusters = <u32>((<u64>total - dataStart) / spc);
    if (<u64>fatSize * 128 < <u64>clusters + 2) return Fat32Volume.failed(where + "FAT of " + fatSize.toString() + " sectors is too small for " + clusters.toString() + " clusters");
    if (root < 2 || root >= clusters + 2) return Fat32Volume.failed(where + "root directory cluster " + root.toString() + " outside the volume");
    return new Fat32Volume(dev, base, spc, base + reserved, fatSize, base + <u32>dataStart, clusters, root);
  }

  private static failed(why: string): Fat32Volume | null {
    Fat32Volume.lastError = why;
    return null;
  }

  private fail(why: string): i32 {
    Fat32Volume.lastError = why;
    return -1;
  }

  clusterBytes(): u32 {
    return this.sectorsPerCluster * BLOCK_SIZE;
  }

  private clusterLba(cluster: u32): u32 {
    return this.dataLba + (cluster - 2) * this.sectorsPerCluster;
  }

  private validCluster(c: u32): bool {
    return c >= 2 && c < this.clusterCount + 2;
  }

  /** The FAT entry of `cluster` (28 bits), or 0xFFFFFFFF when its sector cannot be read. */
  private next(cluster: u32): u32 {
    const sector = this.fatLba + cluster / 128;
    if (sector != this.fatCached) {
      const r = this.dev.readBlocks(sector, 1, fatBuf);
      if (r != 0) {
        this.fatCached = 0xFFFFFFFF;
        Fat32Volume.lastError = "reading FAT sector " + sector.toString() + ": " + this.dev.errorText(r);
        return 0xFFFFFFFF;
      }
      this.fatCached = sector;
    }
    return le32(fatBuf + (cluster % 128) * 4) & CLUSTER_MASK;
  }

  /** Finds `path` ("/dir/file.bin", "Dir/FILE.BIN": '/'-separated, no case). */
  open(path: string): FatFile | null {
    Fat32Volume.lastError = "";
    let dir = this.rootCluster;
    let i = 0;
    const n = path.length;
    while (true) {
      while (i < n && path.charCodeAt(i) == 0x2F) i++;
      let end = i;
      while (end < n && path.charCodeAt(end) != 0x2F) end++;
      if (i == end) {
        Fat32Volume.lastError = path + ": is a directory";
        return null;
      }
      const isDot = end - i == 1 && path.charCodeAt(i) == 0x2E;
      let rest = end;
      while (rest < n && path.charCodeAt(rest) == 0x2F) rest++;
      const last = rest == n;
      if (isDot) {
        if (last) {
          Fat32Volume.lastError = path + ": is a directory";
          return null;
        }
        i = rest;
        continue;
      }
      const found = this.lookup(dir, path, i, end);
      if (found == null) {
        if (Fat32Volume.lastError.length == 0) Fat32Volume.lastError = path + ": no such file (no '" + path.substring(i, end) + "' in " + (i == 0 ? "/" : path.substring(0, i)) + ")";
        return null;
      }
      const entry = found;
      if (entry.isDirectory) {
        if (last) {
          Fat32Volume.lastError = path + ": is a directory";
          return null;
        }
        dir = entry.cluster == 0 ? this.rootCluster : entry.cluster; // ".." of a top-level directory
        i = rest;
        continue;
      }
      if (!last) {
        Fat32Volume.lastError = path + ": '" + path.substring(i, end) + "' is a file, not a directory";
        return null;
      }
      return new FatFile(this, path, entry.size, entry.cluster);
    }
  }

  /** Looks up path[start, end) in the directory starting at `cluster`. */
  private lookup(cluster: u32, path: string, start: i32, end: i32): DirEntry | null {
    forgetLongName();
    let bytes: u32 = 0;
    while (true) {
      if (!this.validCluster(cluster)) {
        Fat32Volume.lastError = path + ": directory chain leaves the volume (cluster " + cluster.toString() + ")";
        return null;
      }
      for (let s: u32 = 0; s < this.sectorsPerCluster; s++) {
        const r = this.dev.readBlocks(this.clusterLba(cluster) + s, 1, sectorBuf);
        if (r != 0) {
          Fat32Volume.lastError = path + ": reading a directory: " + this.dev.errorText(r);
          return null;
        }
        for (let o: u32 = 0; o < BLOCK_SIZE; o += ENTRY_SIZE) {
          const e = sectorBuf + o;
          const first = load<u8>(e);
          if (first == 0) return null; // end of directory
          const attr = load<u8>(e, 11);
          if (first == 0xE5) {
            forgetLongName();
            continue;
          }
          if ((attr & 0x3F) == ATTR_LONG_NAME) {
            addLongNameEntry(e);
            continue;
          }
          if (attr & ATTR_VOLUME_ID) {
            forgetLongName();
            continue;
          }
          takeNames(e);
          if (nameMatches(path, start, end)) {
            const c = (le16(e + 20) << 16) | le16(e + 26);
            return new DirEntry(currentName(), (attr & ATTR_DIRECTORY) != 0, c, le32(e + 28));
          }
        }
      }
      bytes += this.clusterBytes();
      if (bytes >= MAX_DIRECTORY_BYTES) {
        Fat32Volume.lastError = path + ": directory longer than 65536 entries (a loop in its chain?)";
        return null;
      }
      const next = this.next(cluster);
      if (next == 0xFFFFFFFF) return null;
      if (next >= END_OF_CHAIN) return null;
      cluster = next;
    }
  }

  /** FatFile.readAll: the chain walked once; consecutive clusters read as one run. */
  readChain(f: FatFile, dst: usize, max: u32): i32 {
    Fat32Volume.lastError = "";
    if (f.size > max) return this.fail(f.path + ": " + f.size.toString() + " bytes, more than the " + max.toString() + " bytes of room");
    if (dst & 3) return this.fail(f.path + ": destination " + dst.toString() + " is not 4-byte aligned");
    if (f.size == 0) return 0;
    const clusterBytes = this.clusterBytes();
    let remaining = f.size;
    let cluster = f.firstCluster;
    let out = dst;
    let runs = 0;
    while (remaining > 0) {
      if (!this.validCluster(cluster)) {
        return this.fail(f.path + ": cluster chain leaves the volume at cluster " + cluster.toString() + " with " + remaining.toString() + " bytes to go");
      }
      // Extend the run while the chain goes on to the next cluster and bytes are left.
      const runStart = cluster;
      let runClusters: u32 = 1;
      let following: u32 = 0;
      while (<u64>runClusters * clusterBytes < <u64>remaining) {
        const nx = this.next(cluster);
        if (nx == 0xFFFFFFFF) return -1;
        if (nx != cluster + 1) {
          following = nx;
          break;
        }
        cluster = nx;
        runClusters++;
      }
      // A chain that comes back to a run already read would repeat data: refuse it.
      for (let k = 0; k < runs && k < RUNS_CHECKED; k++) {
        if (following >= load<u32>(runStarts + 4 * k) && following <= load<u32>(runEnds + 4 * k)) {
          return this.fail(f.path + ": cluster chain loops back to cluster " + following.toString());
        }
      }
      if (following >= runStart && following <= cluster) return this.fail(f.path + ": cluster chain loops back to cluster " + following.toString());
      if (runs < RUNS_CHECKED) {
        store<u32>(runStarts + 4 * runs, runStart);
        store<u32>(runEnds + 4 * runs, cluster);
      }
      runs++;
      const runBytes = <u64>runClusters * clusterBytes;
      const bytes = runBytes < <u64>remaining ? <u32>runBytes : remaining;
      const whole = bytes / BLOCK_SIZE;
      const lba = this.clusterLba(runStart);
      if (whole > 0) {
        const r = this.dev.readBlocks(lba, whole, out);
        if (r != 0) return this.fail(f.path + ": " + this.dev.errorText(r));
      }
      const tail = bytes % BLOCK_SIZE;
      if (tail > 0) {
        const r = this.dev.readBlocks(lba + whole, 1, sectorBuf);
        if (r != 0) return this.fail(f.path + ": " + this.dev.errorText(r));
        const to = out + whole * BLOCK_SIZE;
        for (let b: u32 = 0; b < tail; b++) store<u8>(to + b, load<u8>(sectorBuf + b));
      }
      out += bytes;
      remaining -= bytes;
      if (remaining == 0) break;
      if (following >= END_OF_CHAIN || following == BAD_CLUSTER || following == 0) {
        return this.fail(f.path + ": cluster chain ends after " + (f.size - remaining).toString() + " of " + f.size.toString() + " bytes");
      }
      cluster = following;
    }
    return <i32>f.size;
  }
}

export class DirEntry {
  constructor(public name: string, public isDirectory: bool, public cluster: u32, public size: u32) {}
}
