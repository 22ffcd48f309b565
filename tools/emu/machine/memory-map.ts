// The BCM2837 physical address map as the ARM cores see it (Raspberry Pi 3, 1 GiB).
export const PERIPHERAL_BASE = 0x3f000000;
/** 1 GiB of SDRAM, of which the ARM sees everything below the peripheral window. */
export const RAM_BYTES = PERIPHERAL_BASE;

export const MMIO = {
  SYSTEM_TIMER: 0x3f003000,
  INTC: 0x3f00b000, // registers at +0x200..+0x224
  MAILBOX: 0x3f00b880,
  PM: 0x3f100000,
  CPRMAN: 0x3f101000,
  GPIO: 0x3f200000,
  PL011: 0x3f201000,
  AUX: 0x3f215000,
  SDHOST: 0x3f202000,
  EMMC: 0x3f300000,
  LOCAL: 0x40000000,
} as const;

/** Where each device answers: base and size of its register window. */
export const DEVICE_WINDOWS: { key: keyof typeof MMIO; base: number; size: number }[] = [
  { key: 'SYSTEM_TIMER', base: MMIO.SYSTEM_TIMER, size: 0x1c },
  { key: 'INTC', base: MMIO.INTC + 0x200, size: 0x28 },
  { key: 'MAILBOX', base: MMIO.MAILBOX, size: 0x40 },
  { key: 'PM', base: MMIO.PM, size: 0x114 },
  { key: 'CPRMAN', base: MMIO.CPRMAN, size: 0x2000 },
  { key: 'GPIO', base: MMIO.GPIO, size: 0xb4 },
  { key: 'PL011', base: MMIO.PL011, size: 0x1000 },
  { key: 'AUX', base: MMIO.AUX, size: 0x100 },
  { key: 'SDHOST', base: MMIO.SDHOST, size: 0x100 },
  { key: 'EMMC', base: MMIO.EMMC, size: 0x100 },
  { key: 'LOCAL', base: MMIO.LOCAL, size: 0x100 },
];

/** Boot layout shared with QEMU's raspi3b and the firmware's armstub8. */
export const BOOT = {
  KERNEL8_ADDR: 0x80000,
  SPIN_TABLE: 0xd8, // + 8 * core
  SECONDARY_STUB: 0x300,
  QEMU_ATAGS_ADDR: 0x100,
} as const;
