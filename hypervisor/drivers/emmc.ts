// The EMMC host (Arasan SDHCI at 0x3F300000, BCM2835 ARM Peripherals ch. 5; SD Host Controller
// Simplified Specification 3.0) driving the SD card: identification (CMD0, CMD8, ACMD41, CMD2,
// CMD3, CMD9, CMD7, ACMD51, ACMD6), then PIO reads of single blocks (CMD17) and runs of blocks
// (CMD18 with auto-CMD12). Read-only. Every wait has a deadline on the system timer, and every
// failure comes back as a code (sdErrorName) with a detail line (sdLastError): never a hang,
// never silent.
import { mmio_read32, mmio_write32, nop, dc_civac, dsb_sy } from "aarch64";

const EMMC: u32 = 0x3F300000;
const ARG1: u32 = EMMC + 0x08;
const BLKSIZECNT: u32 = EMMC + 0x04;
const CMDTM: u32 = EMMC + 0x0C;
const RESP0: u32 = EMMC + 0x10;
const DATA: u32 = EMMC + 0x20;
const STATUS: u32 = EMMC + 0x24;
const CONTROL0: u32 = EMMC + 0x28;
const CONTROL1: u32 = EMMC + 0x2C;
const INTERRUPT: u32 = EMMC + 0x30;
const IRPT_MASK: u32 = EMMC + 0x34;
const IRPT_EN: u32 = EMMC + 0x38;
const CONTROL2: u32 = EMMC + 0x3C;
const CAPABILITIES: u32 = EMMC + 0x40;
const SLOTISR_VER: u32 = EMMC + 0xFC;

const SYSTEM_TIMER_CLO: u32 = 0x3F003004; // free-running 1 MHz counter

// GPIO 48-53 (CLK, CMD, DAT0-3) to ALT3 = the Arasan host; the Pi 3 firmware leaves them on
// ALT0 (the other SD host). QEMU raspi3b routes its card the same way.
const GPFSEL4: u32 = 0x3F200010;
const GPFSEL5: u32 = 0x3F200014;
const GPPUD: u32 = 0x3F200094;
const GPPUDCLK1: u32 = 0x3F20009C;

// STATUS bits.
const CMD_INHIBIT: u32 = 1 << 0;
const DAT_INHIBIT: u32 = 1 << 1;
// CONTROL1 bits.
const CLK_INTLEN: u32 = 1 << 0;
const CLK_STABLE: u32 = 1 << 1;
const CLK_EN: u32 = 1 << 2;
const DATA_TOUNIT_MAX: u32 = 0xE << 16;
const SRST_HC: u32 = 1 << 24;
const SRST_CMD: u32 = 1 << 25;
const SRST_DATA: u32 = 1 << 26;
// CONTROL0: 4-bit data bus; SD bus power on at 3.3 V (SDHCI power control, byte 1).
const HCTL_DWIDTH: u32 = 1 << 1;
const BUS_POWER_3V3: u32 = 0x0F00;
// INTERRUPT bits.
const INT_CMD_DONE: u32 = 1 << 0;
const INT_DATA_DONE: u32 = 1 << 1;
const INT_READ_RDY: u32 = 1 << 5;
const INT_ERR: u32 = 1 << 15;
const INT_CTO: u32 = 1 << 16;
const INT_DTO: u32 = 1 << 20;
const INT_ERRORS: u32 = 0xFFFF0000;

// CMDTM fields.
const TM_BLKCNT_EN: u32 = 1 << 1;
const TM_AUTO_CMD12: u32 = 1 << 2;
const TM_DAT_DIR_READ: u32 = 1 << 4;
const TM_MULTI_BLOCK: u32 = 1 << 5;
const RSP_NONE: u32 = 0 << 16;
const RSP_136: u32 = 1 << 16;
const RSP_48: u32 = 2 << 16;
const RSP_48_BUSY: u32 = 3 << 16;
const CRC_CHECK: u32 = 1 << 19;
const INDEX_CHECK: u32 = 1 << 20;
const IS_DATA: u32 = 1 << 21;

/** CMDTM flags of each command used (index in bits 29:24 is added by `command`). The response
 *  types are the SD Physical Layer spec's: R1/R6/R7 48-bit checked, R1b with busy, R2 136-bit,
 *  R3 (OCR) unchecked. Application commands are numbered 55 + n here (0x40 | n). */
const APP: u32 = 0x40;
const R1: u32 = RSP_48 | CRC_CHECK | INDEX_CHECK;
const READ: u32 = IS_DATA | TM_DAT_DIR_READ;
/** Pairs (command, CMDTM flags). */
const COMMANDS: StaticArray<u32> = [
  0, RSP_NONE,
  2, RSP_136 | CRC_CHECK, // R2 (CID)
  3, R1, // R6 (RCA)
  7, RSP_48_BUSY | CRC_CHECK | INDEX_CHECK, // R1b
  8, R1, // R7
  9, RSP_136 | CRC_CHECK, // R2 (CSD)
  17, R1 | READ,
  18, R1 | READ | TM_MULTI_BLOCK | TM_BLKCNT_EN | TM_AUTO_CMD12,
  55, R1,
  APP | 6, R1,
  APP | 41, RSP_48, // R3 (OCR): no CRC, no index
  APP | 51, R1 | READ,
];

function commandFlags(cmd: u32): u32 {
  for (let i = 0; i < COMMANDS.length; i += 2) if (COMMANDS[i] == cmd) return COMMANDS[i + 1];
  return RSP_48;
}

// Error codes (sdErrorName).
export const SD_OK: i32 = 0;
export const SD_ERR_RESET: i32 = 1;
export const SD_ERR_CLOCK: i32 = 2;
export const SD_ERR_NO_CARD: i32 = 3;
export const SD_ERR_CMD_TIMEOUT: i32 = 4;
export const SD_ERR_CMD: i32 = 5;
export const SD_ERR_DATA_TIMEOUT: i32 = 6;
export const SD_ERR_DATA: i32 = 7;
export const SD_ERR_UNUSABLE: i32 = 8;
export const SD_ERR_NOT_READY: i32 = 9;
export const SD_ERR_RANGE: i32 = 10;
export const SD_ERR_BUSY: i32 = 11;
export const SD_ERR_CARD_STATUS: i32 = 12;

const ERROR_NAMES: string[] = [
  "ok",
  "host controller reset did not finish",
  "SD clock did not become stable",
  "no card answers",
  "card did not answer a command",
  "command error (CRC, end bit or index)",
  "card sent no data in time",
  "data error (CRC or end bit)",
  "card cannot be used (voltage or version)",
  "card not initialised (sdInit failed or was not called)",
  "read beyond the end of the card",
  "host stayed busy",
  "card reported an error",
];

export function sdErrorName(code: i32): string {
  return code >= 0 && code < ERROR_NAMES.length ? ERROR_NAMES[code] : "unknown error " + code.toString();
}

// Deadlines (µs). Generous: a card may take up to 1 s to leave its power-up busy state.
const T_REGISTER: u32 = 100_000;
const T_COMMAND: u32 = 100_000;
const T_DATA: u32 = 500_000;
const T_POWER_UP: u32 = 1_000_000;

const BLOCK: u32 = 512;
/** BLKSIZECNT's count field is 16 bits. */
const MAX_BLOCKS_PER_COMMAND: u32 = 0xFFFF;

let ready = false;
let highCapacity = false;
let rca: u32 = 0;
let cardBlocks: u32 = 0;
let lastError = "";
/** Minimum µs between register writes: the BCM2835's Arasan loses a write that comes within
 *  two SD clock cycles of the one before (5 µs at 400 kHz). */
let writeGapMicros: u32 = 6;
let baseClockHz: u32 = 0;

function micros(): u32 {
  return mmio_read32(SYSTEM_TIMER_CLO);
}

function delayMicros(us: u32): void {
  const start = micros();
  while (micros() - start < us) nop();
}

function put(reg: u32, value: u32): void {
  mmio_write32(reg, value);
  delayMicros(writeGapMicros);
}

/** Polls `reg` until (value & mask) != 0 (want = true) or == 0 (want = false); false on timeout. */
function waitFor(reg: u32, mask: u32, want: bool, timeout: u32): bool {
  const start = micros();
  while (true) {
    const v = mmio_read32(reg);
    if (((v & mask) != 0) == want) return true;
    if (micros() - start >= timeout) return false;
  }
}

function hex(v: u32): string {
  return "0x" + v.toString(16);
}

function fail(code: i32, what: string): i32 {
  lastError = what + ": " + sdErrorName(code);
  return code;
}

/** The detail of the last failure: which command, which registers. "" after success. */
export function sdLastError(): string {
  return lastError;
}

/** Whether sdInit succeeded (reads are possible). */
export function sdReady(): bool {
  return ready;
}

/** Whether the card addresses blocks (SDHC/SDXC) rather than bytes (SDSC). */
export function sdHighCapacity(): bool {
  return highCapacity;
}

/** The card's size in 512-byte blocks, from its CSD (0 before sdInit). */
export function sdBlockCount(): u32 {
  return cardBlocks;
}

/** The host's base clock (Hz) the divider was computed from. */
export function sdBaseClock(): u32 {
  return baseClockHz;
}

function resetLines(bits: u32): void {
  put(CONTROL1, mmio_read32(CONTROL1) | bits);
  waitFor(CONTROL1, bits, false, T_REGISTER);
}

let response: u32 = 0;

/** "CMD17", "ACMD41": built only when a command fails (the runtime never frees, and a VM
 *  restarted in place reads its image again). */
function commandName(cmd: u32): string {
  return (cmd & APP ? "ACMD" : "CMD") + (cmd & 0x3F).toString();
}

/** Sends one command (`cmd` = index, or APP | index after CMD55) and waits for its response. */
function command(cmd: u32, arg: u32): i32 {
  const flags = commandFlags(cmd);
  if (cmd & APP) {
    const r = command(55, rca << 16);
    if (r != SD_OK) return r;
  }
  if (!waitFor(STATUS, CMD_INHIBIT, false, T_COMMAND)) return fail(SD_ERR_BUSY, commandName(cmd) + ": command line inhibited, STATUS " + hex(mmio_read32(STATUS)));
  if (((flags & IS_DATA) != 0 || (flags & (3 << 16)) == RSP_48_BUSY) && !waitFor(STATUS, DAT_INHIBIT, false, T_DATA)) {
    return fail(SD_ERR_BUSY, commandName(cmd) + ": data line inhibited, STATUS " + hex(mmio_read32(STATUS)));
  }
  put(INTERRUPT, 0xFFFFFFFF);
  put(ARG1, arg);
  put(CMDTM, ((cmd & 0x3F) << 24) | flags);
  if (!waitFor(INTERRUPT, INT_CMD_DONE | INT_ERR, true, T_COMMAND)) {
    resetLines(SRST_CMD | SRST_DATA);
    return fail(SD_ERR_CMD_TIMEOUT, commandName(cmd) + " arg " + hex(arg) + ": no response from the host");
  }
  const irq = mmio_read32(INTERRUPT);
  // A command without a response cannot time out (CMD0); a host that flags one anyway is ignored.
  if ((irq & INT_ERRORS) == INT_CTO && (flags & (3 << 16)) == RSP_NONE) {
    put(INTERRUPT, irq);
    resetLines(SRST_CMD);
    response = 0;
    return SD_OK;
  }
  if (irq & INT_ERRORS) {
    put(INTERRUPT, irq);
    resetLines(SRST_CMD | SRST_DATA);
    const code = irq & INT_CTO ? SD_ERR_CMD_TIMEOUT : SD_ERR_CMD;
    return fail(code, commandName(cmd) + " arg " + hex(arg) + ", INTERRUPT " + hex(irq));
  }
  put(INTERRUPT, INT_CMD_DONE);
  response = mmio_read32(RESP0);
  if ((flags & (3 << 16)) == RSP_48_BUSY) {
    // R1b: the card holds DAT0 low while busy; the host shows it as DAT_INHIBIT.
    if (!waitFor(STATUS, DAT_INHIBIT, false, T_DATA)) return fail(SD_ERR_BUSY, commandName(cmd) + ": card stayed busy");
    put(INTERRUPT, INT_DATA_DONE);
  }
  return SD_OK;
}

/** Bits hi..lo of a 136-bit R2 response as the host keeps it (RESP0 = bits 39:8). */
function r2Bits(hi: u32, lo: u32): u32 {
  let v: u32 = 0;
  for (let b = hi; b >= lo && b >= 8; b--) {
    const word = mmio_read32(RESP0 + ((b - 8) >> 5) * 4);
    v = (v << 1) | ((word >> ((b - 8) & 31)) & 1);
    if (b == 0) break;
  }
  return v;
}

/** Capacity from the CSD (SD spec 5.3.2 version 1.0, 5.3.3 version 2.0), in 512-byte blocks. */
function csdBlocks(): u32 {
  const structure = r2Bits(127, 126);
  if (structure == 1) return (r2Bits(69, 48) + 1) * 1024;
  const cSize = r2Bits(73, 62);
  const mult = r2Bits(49, 47);
  const readBlLen = r2Bits(83, 80);
  const bytes: u64 = u64(cSize + 1) << (u64(mult + 2) + u64(readBlLen)); // u64(): editors parse <u64>(a) << (<u64>(b) ...) as a generic arrow
  return <u32>(bytes / BLOCK);
}

// ---- The host's base clock, from the firmware (mailbox property channel, tag 0x00030002). ----
const MBOX_READ: u32 = 0x3F00B880;
const MBOX_STATUS: u32 = 0x3F00B898;
const MBOX_WRITE: u32 = 0x3F00B8A0;
const MBOX_FULL: u32 = 1 << 31;
const MBOX_EMPTY: u32 = 1 << 30;
const MBOX_CHANNEL_PROPERTY: u32 = 8;
const CLOCK_ID_EMMC: u32 = 1;
/** A cache line of its own: nothing else the CPU writes may be evicted over the reply. */
const mbox: usize = memory.data(64, 64);

function cleanBuffer(): void {
  // The VideoCore reads and writes RAM behind the caches.
  dc_civac(<u64>mbox);
  dsb_sy();
}

function firmwareEmmcClock(): u32 {
  store<u32>(mbox, 32);
  store<u32>(mbox, 0, 4); // request
  store<u32>(mbox, 0x00030002, 8); // get clock rate
  store<u32>(mbox, 8, 12);
  store<u32>(mbox, 0, 16);
  store<u32>(mbox, CLOCK_ID_EMMC, 20);
  store<u32>(mbox, 0, 24);
  store<u32>(mbox, 0, 28); // end tag
  cleanBuffer();
  if (!waitFor(MBOX_STATUS, MBOX_FULL, false, T_REGISTER)) return 0;
  mmio_write32(MBOX_WRITE, <u32>mbox | MBOX_CHANNEL_PROPERTY);
  const start = micros();
  while (micros() - start < T_COMMAND) {
    if (mmio_read32(MBOX_STATUS) & MBOX_EMPTY) continue;
    if (mmio_read32(MBOX_READ) != (<u32>mbox | MBOX_CHANNEL_PROPERTY)) continue;
    cleanBuffer();
    if (load<u32>(mbox, 4) != 0x80000000 || load<u32>(mbox, 20) != CLOCK_ID_EMMC) return 0;
    return load<u32>(mbox, 24);
  }
  return 0;
}

/** The 10-bit divided-clock field of CONTROL1 for SD clock <= `hz` (SDCLK = base / (2 N)). */
function clockDivider(hz: u32): u32 {
  let n = (baseClockHz + 2 * hz - 1) / (2 * hz);
  if (n > 0x3FF) n = 0x3FF;
  return ((n & 0xFF) << 8) | ((n >> 8) << 6);
}

function setClock(hz: u32): i32 {
  let c1 = mmio_read32(CONTROL1);
  put(CONTROL1, c1 & ~CLK_EN); // SD clock off while the divider changes
  c1 = (c1 & ~(0xFFE0 | (0xF << 16))) | DATA_TOUNIT_MAX | clockDivider(hz) | CLK_INTLEN;
  put(CONTROL1, c1);
  if (!waitFor(CONTROL1, CLK_STABLE, true, T_REGISTER)) return fail(SD_ERR_CLOCK, "clock " + hz.toString() + " Hz, CONTROL1 " + hex(mmio_read32(CONTROL1)));
  put(CONTROL1, mmio_read32(CONTROL1) | CLK_EN);
  // Two SD clocks between writes at this speed (the BCM2835 write-loss erratum), at least 1 µs.
  writeGapMicros = 2_000_000 / hz + 1;
  delayMicros(2_000);
  return SD_OK;
}

function routePins(): void {
  let f4 = mmio_read32(GPFSEL4);
  f4 = (f4 & ~((7 << 24) | (7 << 27))) | (7 << 24) | (7 << 27); // GPIO 48, 49: ALT3
  mmio_write32(GPFSEL4, f4);
  let f5 = mmio_read32(GPFSEL5);
  f5 = (f5 & ~0xFFF) | 0xFFF; // GPIO 50-53: ALT3
  mmio_write32(GPFSEL5, f5);
  // Pull-ups on CMD and DAT0-3 (bits 17-21 of bank 1 = GPIO 49-53).
  mmio_write32(GPPUD, 2);
  delayMicros(5);
  mmio_write32(GPPUDCLK1, 0x1F << 17);
  delayMicros(5);
  mmio_write32(GPPUD, 0);
  mmio_write32(GPPUDCLK1, 0);
}

const IDENT_HZ: u32 = 400_000;
const DATA_HZ: u32 = 25_000_000;
const CMD8_CHECK: u32 = 0x1AA; // 2.7-3.6 V, check pattern 0xAA
const OCR_BUSY_DONE: u32 = 1 << 31;
const OCR_CCS: u32 = 1 << 30;
const OCR_HCS: u32 = 1 << 30;
const OCR_VOLTAGES: u32 = 0x00FF8000; // 2.7-3.6 V
/** R1 card status error bits (SD spec 4.10.1): out of range ... general error. */
const R1_ERRORS: u32 = 0xFDF90008;
const SCR_BUS_WIDTH_4: u32 = 1 << 10; // SCR byte 1 bit 2, as the first data word holds it

/** Resets the host, identifies the card and selects it at 25 MHz on a 4-bit bus if it can. */
export function sdInit(): i32 {
  ready = false;
  lastError = "";
  writeGapMicros = 6;
  routePins();

  put(CONTROL2, 0);
  put(CONTROL1, mmio_read32(CONTROL1) | SRST_HC);
  if (!waitFor(CONTROL1, SRST_HC | SRST_CMD | SRST_DATA, false, T_REGISTER)) return fail(SD_ERR_RESET, "CONTROL1 " + hex(mmio_read32(CONTROL1)));
  put(CONTROL0, BUS_POWER_3V3);
  put(IRPT_EN, 0); // polled: no interrupt line
  put(IRPT_MASK, 0xFFFFFFFF);
  put(INTERRUPT, 0xFFFFFFFF);

  baseClockHz = firmwareEmmcClock();
  if (baseClockHz == 0) baseClockHz = ((mmio_read32(CAPABILITIES) >> 8) & 0xFF) * 1_000_000;
  // Unknown: assume the fastest the Pi 3 runs this host at, so every clock stays in spec.
  if (baseClockHz == 0) baseClockHz = 250_000_000;
  let r = setClock(IDENT_HZ);
  if (r != SD_OK) return r;

  // The version field decides the divider mode; 3.0 hosts use the 10-bit one set above.
  const version = (mmio_read32(SLOTISR_VER) >> 16) & 0xFF;
  if (version < 2) return fail(SD_ERR_UNUSABLE, "host version " + version.toString() + " (needs SDHCI 3.0)");

  r = command(0, 0);
  if (r != SD_OK) return r;
  // CMD8: a version 2 card echoes the pattern; a version 1 card does not answer.
  let v2 = true;
  r = command(8, CMD8_CHECK);
  if (r == SD_ERR_CMD_TIMEOUT) v2 = false;
  else if (r != SD_OK) return r;
  else if ((response & 0xFFF) != CMD8_CHECK) return fail(SD_ERR_UNUSABLE, "CMD8 answered " + hex(response));

  const start = micros();
  let first = true;
  while (true) {
    r = command(APP | 41, OCR_VOLTAGES | (v2 ? OCR_HCS : 0));
    // Neither CMD8 nor CMD55 answered: nothing is there.
    if (r == SD_ERR_CMD_TIMEOUT && first && !v2) return fail(SD_ERR_NO_CARD, "CMD8 and ACMD41 got no answer");
    if (r != SD_OK) return r;
    first = false;
    if (response & OCR_BUSY_DONE) break;
    if (micros() - start >= T_POWER_UP) return fail(SD_ERR_CMD_TIMEOUT, "ACMD41: card stayed in power-up, OCR " + hex(response));
    delayMicros(10_000);
  }
  highCapacity = (response & OCR_CCS) != 0;
  if ((response & OCR_VOLTAGES) == 0) return fail(SD_ERR_UNUSABLE, "OCR " + hex(response) + " has no 3.3 V range");

  r = command(2, 0);
  if (r != SD_OK) return r;
  r = command(3, 0);
  if (r != SD_OK) return r;
  rca = response >> 16;
  r = command(9, rca << 16);
  if (r != SD_OK) return r;
  cardBlocks = csdBlocks();
  r = command(7, rca << 16);
  if (r != SD_OK) return r;

  r = setClock(DATA_HZ);
  if (r != SD_OK) return r;

  // SCR: 8 bytes, two data words; the bus widths the card supports.
  put(BLKSIZECNT, (1 << 16) | 8);
  r = command(APP | 51, 0);
  if (r != SD_OK) return r;
  if (!waitFor(INTERRUPT, INT_READ_RDY | INT_ERR, true, T_DATA)) return dataFailure("ACMD51", SD_ERR_DATA_TIMEOUT);
  if (mmio_read32(INTERRUPT) & INT_ERRORS) return dataFailure("ACMD51", SD_ERR_DATA);
  put(INTERRUPT, INT_READ_RDY);
  const scr0 = mmio_read32(DATA);
  mmio_read32(DATA);
  if (!waitFor(INTERRUPT, INT_DATA_DONE | INT_ERR, true, T_DATA)) return dataFailure("ACMD51", SD_ERR_DATA_TIMEOUT);
  put(INTERRUPT, INT_DATA_DONE);

  if (scr0 & SCR_BUS_WIDTH_4) {
    r = command(APP | 6, 2);
    if (r != SD_OK) return r;
    put(CONTROL0, mmio_read32(CONTROL0) | HCTL_DWIDTH);
  }
  ready = true;
  return SD_OK;
}

function dataFailure(what: string, code: i32): i32 {
  const irq = mmio_read32(INTERRUPT);
  put(INTERRUPT, irq);
  resetLines(SRST_CMD | SRST_DATA);
  return fail(irq & INT_DTO ? SD_ERR_DATA_TIMEOUT : code, what + ", INTERRUPT " + hex(irq) + ", STATUS " + hex(mmio_read32(STATUS)));
}

function readWhat(cmd: u32, lba: u32, n: u32): string {
  return "CMD" + cmd.toString() + " block " + lba.toString() + " count " + n.toString();
}

/** Reads `count` 512-byte blocks from `lba` to `dst` (4-byte aligned machine address). */
export function sdReadBlocks(lba: u32, count: u32, dst: usize): i32 {
  if (!ready) return fail(SD_ERR_NOT_READY, "read of block " + lba.toString());
  if (cardBlocks != 0 && (<u64>lba + <u64>count > <u64>cardBlocks)) {
    return fail(SD_ERR_RANGE, "blocks " + lba.toString() + "+" + count.toString() + " of " + cardBlocks.toString());
  }
  while (count > 0) {
    const n = count < MAX_BLOCKS_PER_COMMAND ? count : MAX_BLOCKS_PER_COMMAND;
    const cmd: u32 = n == 1 ? 17 : 18;
    put(BLKSIZECNT, (n << 16) | BLOCK);
    const r = command(cmd, highCapacity ? lba : lba * BLOCK);
    if (r != SD_OK) return r;
    if (response & R1_ERRORS) {
      resetLines(SRST_CMD | SRST_DATA);
      return fail(SD_ERR_CARD_STATUS, readWhat(cmd, lba, n) + ": card status " + hex(response));
    }
    for (let b: u32 = 0; b < n; b++) {
      if (!waitFor(INTERRUPT, INT_READ_RDY | INT_ERR, true, T_DATA)) return dataFailure(readWhat(cmd, lba, n), SD_ERR_DATA_TIMEOUT);
      if (mmio_read32(INTERRUPT) & INT_ERRORS) return dataFailure(readWhat(cmd, lba, n), SD_ERR_DATA);
      put(INTERRUPT, INT_READ_RDY);
      for (let i: u32 = 0; i < BLOCK; i += 4) store<u32>(dst + i, mmio_read32(DATA));
      dst += BLOCK;
    }
    if (!waitFor(INTERRUPT, INT_DATA_DONE | INT_ERR, true, T_DATA)) return dataFailure(readWhat(cmd, lba, n), SD_ERR_DATA_TIMEOUT);
    if (mmio_read32(INTERRUPT) & INT_ERRORS) return dataFailure(readWhat(cmd, lba, n), SD_ERR_DATA);
    put(INTERRUPT, INT_DATA_DONE);
    lba += n;
    count -= n;
  }
  return SD_OK;
}
