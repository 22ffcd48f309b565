// Finding the FAT32 boot partition: the first MBR entry of type 0x0B or 0x0C (FAT32 CHS/LBA), or
// a volume without a partition table (sector 0 is a FAT32 boot sector, as `mkfs.fat` on a whole
// device makes it).
import { le16, le32 } from "./bytes";
const SIGNATURE_OFFSET: u32 = 510;
const TABLE_OFFSET: u32 = 446;
const ENTRY_SIZE: u32 = 16;
const FAT32_TYPES: StaticArray<u8> = [0x0B, 0x0C];

export class PartitionChoice {
  constructor(public startLba: u32, public sectors: u32, public error: string) {}
}

function isFat32Type(t: u8): bool {
  for (let i = 0; i < FAT32_TYPES.length; i++) if (FAT32_TYPES[i] == t) return true;
  return false;
}

/** A FAT32 boot sector has a jump at 0, "FAT32   " at 82 and no 16-bit FAT size (bytes 22-23). */
export function looksLikeFat32BootSector(sector: usize): bool {
  const jump = load<u8>(sector);
  if (jump != 0xEB && jump != 0xE9) return false;
  if (le16(sector + 22) != 0) return false;
  return le32(sector + 82) == 0x33544146 && load<u8>(sector, 86) == 0x32; // "FAT32"
}

function hex2(v: u32): string {
  return (v < 16 ? "0x0" : "0x") + v.toString(16);
}

/** Sector 0 of the card, already read into `sector`. */
export function choosePartition(sector: usize): PartitionChoice {
  if (load<u16>(sector, SIGNATURE_OFFSET) != 0xAA55) {
    return new PartitionChoice(0, 0, "sector 0: no boot signature 0x55AA (not an MBR or a FAT volume)");
  }
  if (looksLikeFat32BootSector(sector)) return new PartitionChoice(0, 0, "");
  let types = "";
  for (let i: u32 = 0; i < 4; i++) {
    const e = sector + TABLE_OFFSET + i * ENTRY_SIZE;
    const t = load<u8>(e, 4);
    const start = le32(e + 8);
    const count = le32(e + 12);
    if (isFat32Type(t) && start != 0 && count != 0) return new PartitionChoice(start, count, "");
    types += (i > 0 ? ", " : "") + hex2(t);
  }
  return new PartitionChoice(0, 0, "no FAT32 partition (type 0x0B or 0x0C) in the MBR (types " + types + ")");
}
