// Property-channel tags the firmware answers, as data: tag id -> response words, given the
// request words. Values are those of a Raspberry Pi 3 Model B with 1 GiB (revision a02082)
// and QEMU's raspi3b split of 64 MiB for the VideoCore.
export interface BoardInfo {
  ramBytes: number;
  vcRamBytes: number;
  revision: number;
  serial: bigint;
  mac: number[];
}

export const RASPI3B: BoardInfo = {
  ramBytes: 1 << 30,
  vcRamBytes: 64 << 20,
  revision: 0xa02082,
  serial: 0n,
  mac: [0xb8, 0x27, 0xeb, 0x00, 0x00, 0x01],
};

/** Clock ids of the property interface and the rates we report (Hz). */
export const CLOCK_HZ: Record<number, number> = {
  1: 250_000_000, // EMMC
  2: 48_000_000, // UART (PL011 reference)
  3: 1_200_000_000, // ARM
  4: 400_000_000, // CORE (VPU; the mini-UART's clock)
  5: 250_000_000, // V3D
  6: 250_000_000, // H264
  7: 250_000_000, // ISP
  8: 400_000_000, // SDRAM
  9: 250_000_000, // PIXEL
  10: 250_000_000, // PWM
  12: 100_000_000, // EMMC2
};

type TagHandler = (req: number[], board: BoardInfo, clocks: Map<number, number>) => number[];

export const PROPERTY_TAGS: Record<number, TagHandler> = {
  0x00000001: () => [0x5b0e_0fc3], // firmware revision
  0x00010001: () => [0], // board model
  0x00010002: (_r, b) => [b.revision],
  0x00010003: (_r, b) => [b.mac[0] | (b.mac[1] << 8) | (b.mac[2] << 16) | (b.mac[3] << 24), b.mac[4] | (b.mac[5] << 8)],
  0x00010004: (_r, b) => [Number(b.serial & 0xffffffffn), Number(b.serial >> 32n)],
  0x00010005: (_r, b) => [0, b.ramBytes - b.vcRamBytes], // ARM memory: base, size
  0x00010006: (_r, b) => [b.ramBytes - b.vcRamBytes, b.vcRamBytes], // VC memory
  0x00020001: (r) => [r[0] ?? 0, 1], // power state: on
  0x00020002: (r) => [r[0] ?? 0, 0], // timing: no wait
  0x00028001: (r) => [r[0] ?? 0, (r[1] ?? 0) & 1], // set power state: done as asked
  0x00030001: (r) => [r[0] ?? 0, 1], // clock state: on
  0x00030002: (r, _b, c) => [r[0] ?? 0, c.get(r[0]) ?? 0], // clock rate
  0x00030004: (r, _b, c) => [r[0] ?? 0, c.get(r[0]) ?? 0], // max clock rate
  0x00030007: (r, _b, c) => [r[0] ?? 0, c.get(r[0]) ?? 0], // min clock rate
  0x00038002: (r, _b, c) => { // set clock rate
    if (c.has(r[0])) c.set(r[0], r[1] >>> 0);
    return [r[0] ?? 0, c.get(r[0]) ?? 0];
  },
  0x00030006: (r) => [r[0] ?? 0, 45_000], // temperature, millidegrees
  0x0003000a: (r) => [r[0] ?? 0, 85_000], // max temperature
  0x00060001: () => [0x7f35], // DMA channels usable by the ARM
};
