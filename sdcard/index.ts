// Public API of the SD card package: image building, the FAT32 reader (used by the emulator's
// SD boot), install onto a mounted boot partition.
export { openFat32Image, blockSource, type Fat32Image, type FatDirEntry, type OpenOptions, type BlockSource } from './fat32/reader.ts';
export { writeImageToFd, type ImageSpec, type VolumeFile, type FileSource, type WrittenImage } from './fat32/writer.ts';
export { decodeMbr, encodeMbr, type MbrPartition } from './mbr.ts';
export { makeSdImage, writeImageFile, parseSize, describeImage, type ImageResult } from './image.ts';
export { install, describeInstall, type InstallOptions, type InstallResult } from './install.ts';
export { locateFirmware, REQUIRED_FIRMWARE, DEBIAN_FIRMWARE_DIR, type Firmware } from './firmware.ts';
export { renderConfigTxt, CONFIG_TEMPLATE, KERNEL_FILE } from './config.ts';
