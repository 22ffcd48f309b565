// What the FAT32 reader reads from: 512-byte blocks by number. The SD card (sd-device.ts) is the
// real one; the tests give the reader an image file through the same interface.
export const BLOCK_SIZE: u32 = 512;

export abstract class BlockDevice {
  /** Reads `count` blocks from `lba` into `dst` (4-byte aligned); 0 on success, else a code. */
  abstract readBlocks(lba: u32, count: u32, dst: usize): i32;
  /** One line saying what went wrong with the last failed read (code as returned). */
  abstract errorText(code: i32): string;
}
