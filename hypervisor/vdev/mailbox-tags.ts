// Property-channel tags a VM's mailbox answers, one case per tag: tag id -> response words,
// given the request words. The values are a Raspberry Pi 3 Model B's (revision a02082, as
// tools/emu/devices/mailbox-tags.ts), except where a VM differs from the board: its memory is
// its own (ARM memory = [0, the VM's size), no VideoCore memory), and its serial number and
// MAC address carry the VM's id so that two VMs on one board do not look like one machine.

export const BOARD_REVISION: u32 = 0xA02082;
export const FIRMWARE_REVISION: u32 = 0x5B0E0FC3;
/** DMA channels the ARM may use (a bit per channel). */
const DMA_CHANNELS: u32 = 0x7F35;
const TEMPERATURE_MILLI_C: u32 = 45000;
const MAX_TEMPERATURE_MILLI_C: u32 = 85000;
const MAC_OUI: u32 = 0xEB27B8; // b8:27:eb, the Raspberry Pi Foundation's

// Tag ids (the firmware's property interface).
export const TAG_FIRMWARE_REVISION: u32 = 0x00000001;
export const TAG_BOARD_MODEL: u32 = 0x00010001;
export const TAG_BOARD_REVISION: u32 = 0x00010002;
export const TAG_BOARD_MAC_ADDRESS: u32 = 0x00010003;
export const TAG_BOARD_SERIAL: u32 = 0x00010004;
export const TAG_ARM_MEMORY: u32 = 0x00010005;
export const TAG_VC_MEMORY: u32 = 0x00010006;
export const TAG_GET_POWER_STATE: u32 = 0x00020001;
export const TAG_GET_TIMING: u32 = 0x00020002;
export const TAG_SET_POWER_STATE: u32 = 0x00028001;
export const TAG_GET_CLOCK_STATE: u32 = 0x00030001;
export const TAG_GET_CLOCK_RATE: u32 = 0x00030002;
export const TAG_GET_MAX_CLOCK_RATE: u32 = 0x00030004;
export const TAG_GET_TEMPERATURE: u32 = 0x00030006;
export const TAG_GET_MIN_CLOCK_RATE: u32 = 0x00030007;
export const TAG_GET_MAX_TEMPERATURE: u32 = 0x0003000A;
export const TAG_SET_CLOCK_RATE: u32 = 0x00038002;
export const TAG_GET_DMA_CHANNELS: u32 = 0x00060001;

/** Clock ids 0..12 and the rates (Hz) a VM starts with; 0: no such clock (ids 0 and 11). */
export const CLOCK_IDS: u32 = 13;
const INITIAL_CLOCK_HZ: StaticArray<u32> = [
  0,
  250000000, // 1 EMMC
  48000000, // 2 UART (PL011 reference)
  1200000000, // 3 ARM
  400000000, // 4 CORE (VPU; the mini-UART's clock)
  250000000, // 5 V3D
  250000000, // 6 H264
  250000000, // 7 ISP
  400000000, // 8 SDRAM
  250000000, // 9 PIXEL
  250000000, // 10 PWM
  0,
  100000000, // 12 EMMC2
];

/** What the tags of one VM answer with. */
export class BoardView {
  /** Rates by clock id; a VM's "set clock rate" changes only its own view. */
  clockHz: StaticArray<u32> = new StaticArray<u32>(CLOCK_IDS);

  constructor(public vmId: u32, public memoryBytes: u64) {
    for (let i: u32 = 0; i < CLOCK_IDS; i++) this.clockHz[i] = INITIAL_CLOCK_HZ[i];
  }

  hasClock(id: u32): bool {
    return id < CLOCK_IDS && INITIAL_CLOCK_HZ[id] != 0;
  }
  rate(id: u32): u32 {
    return this.hasClock(id) ? this.clockHz[id] : 0;
  }
}

/** Answers one tag: writes the response words into `resp` and returns how many, or -1 for a
 *  tag this mailbox does not know (left as the guest wrote it: "not answered"). `req` holds
 *  the request words (missing ones read 0). */
export function answerTag(tag: u32, req: StaticArray<u32>, resp: StaticArray<u32>, b: BoardView): i32 {
  const r0 = req[0], r1 = req[1];
  switch (tag) {
    case TAG_FIRMWARE_REVISION: return one(resp, FIRMWARE_REVISION);
    case TAG_BOARD_MODEL: return one(resp, 0);
    case TAG_BOARD_REVISION: return one(resp, BOARD_REVISION);
    case TAG_BOARD_MAC_ADDRESS:
      // Bytes b8 27 eb 00 00 <vm id>, first byte lowest.
      return two(resp, MAC_OUI, (b.vmId & 0xFF) << 8);
    case TAG_BOARD_SERIAL: return two(resp, b.vmId, 0);
    case TAG_ARM_MEMORY: return two(resp, 0, <u32>b.memoryBytes);
    case TAG_VC_MEMORY: return two(resp, <u32>b.memoryBytes, 0);
    case TAG_GET_POWER_STATE: return two(resp, r0, 1); // on
    case TAG_GET_TIMING: return two(resp, r0, 0); // no wait
    case TAG_SET_POWER_STATE: return two(resp, r0, r1 & 1); // done as asked
    case TAG_GET_CLOCK_STATE: return two(resp, r0, 1); // on
    case TAG_GET_CLOCK_RATE:
    case TAG_GET_MAX_CLOCK_RATE:
    case TAG_GET_MIN_CLOCK_RATE: return two(resp, r0, b.rate(r0));
    case TAG_SET_CLOCK_RATE:
      if (b.hasClock(r0)) b.clockHz[r0] = r1;
      return two(resp, r0, b.rate(r0));
    case TAG_GET_TEMPERATURE: return two(resp, r0, TEMPERATURE_MILLI_C);
    case TAG_GET_MAX_TEMPERATURE: return two(resp, r0, MAX_TEMPERATURE_MILLI_C);
    case TAG_GET_DMA_CHANNELS: return one(resp, DMA_CHANNELS);
    default: return -1;
  }
}

function one(resp: StaticArray<u32>, a: u32): i32 {
  resp[0] = a;
  return 1;
}

function two(resp: StaticArray<u32>, a: u32, b: u32): i32 {
  resp[0] = a;
  resp[1] = b;
  return 2;
}
