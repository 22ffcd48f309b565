// The clock manager (CPRMAN) at 0x3F101000: the CM_* clock control registers (+0x000) and the
// A2W analogue PLL registers (+0x1000). Linux's clk-bcm2835 computes every clock rate from
// these registers, so they start as the Pi 3 firmware leaves them (the values QEMU's raspi3b
// model also resets to, dumped from a Pi 3 Model B v1.2): PLLC at 2.4 GHz, its CORE0 channel
// at 1.2 GHz, the VPU clock at 400 MHz (the mini-UART's 50 MHz base baud), and so on.
// Registers read back what was written (writes need the password 0x5A in the top byte);
// CM_LOCK shows a PLL locked when it is powered (A2W ctrl PWRDN clear) and out of analogue
// reset (CM_PLLx ANARST clear); a clock's BUSY bit follows its ENABLE bit. No clock is
// actually generated: devices here keep their own time.
import type { MmioDevice } from './device.ts';

export const CM_PASSWORD = 0x5a;
export const CM_LOCK = 0x114;
const ANARST = 1 << 8, PWRDN = 1 << 16, ENABLE = 1 << 4, BUSY = 1 << 7;

/** Each PLL: its CM_PLLx register, A2W control, the CM_LOCK bit it sets. */
const PLLS: Array<{ cm: number; ctrl: number; lockBit: number }> = [
  { cm: 0x104, ctrl: 0x1100, lockBit: 8 },  // PLLA
  { cm: 0x108, ctrl: 0x1120, lockBit: 10 }, // PLLC
  { cm: 0x10c, ctrl: 0x1140, lockBit: 11 }, // PLLD
  { cm: 0x110, ctrl: 0x1160, lockBit: 12 }, // PLLH
  { cm: 0x170, ctrl: 0x11e0, lockBit: 9 },  // PLLB
];

/** Clock muxes with a known firmware state: [CM_xxxCTL offset, CTL, DIV]. */
const MUXES: Array<[number, number, number]> = [
  [0x008, 0x00000245, 0x00003000], // VPU: PLLC_CORE0 / 3 = 400 MHz
  [0x028, 0x00000244, 0x00003000], // H264
  [0x030, 0x00000244, 0x00003000], // ISP
  [0x070, 0x00000200, 0x00000000], // GP0
  [0x078, 0x00000096, 0x00014000], // GP1
  [0x080, 0x00000291, 0x00249f00], // GP2
  [0x090, 0x00000091, 0x00004000], // OTP
  [0x098, 0x00000200, 0x00000000], // PCM
  [0x0a0, 0x00000200, 0x00000000], // PWM
  [0x0a8, 0x00000200, 0x00000000], // SLIM
  [0x0e0, 0x00000091, 0x0000a000], // TSENS
  [0x0e8, 0x00000291, 0x00013333], // TIMER
  [0x0f0, 0x00000296, 0x0000a6ab], // UART (the PL011's 48 MHz)
  [0x0f8, 0x00000097, 0x00002000], // VEC
  [0x1a8, 0x00004006, 0x00003000], // SDC
  [0x1c0, 0x00000295, 0x00006000], // EMMC
];
/** Every CM_xxxCTL register (BUSY mirrors ENABLE). */
const MUX_CTLS = new Set([0x008, 0x010, 0x018, 0x020, 0x028, 0x030, 0x038, 0x040, 0x048, 0x050, 0x058, 0x060, 0x068, 0x070, 0x078,
  0x080, 0x088, 0x090, 0x098, 0x0a0, 0x0a8, 0x0b0, 0x0c8, 0x0d0, 0x0d8, 0x0e0, 0x0e8, 0x0f0, 0x0f8, 0x190, 0x1a8, 0x1b0, 0x1b8, 0x1c0]);

/** PLL registers at reset: [offset, value] (CM_PLLx, A2W ctrl, ANA0-3, FRAC, channels). */
const PLL_RESET: Array<[number, number]> = [
  [0x104, 0x0000008a], [0x1100, 0x0002103a], [0x1200, 0x00098000], [0x1014, 0x00144000], [0x101c, 0x00000100], // PLLA
  [0x108, 0x00000228], [0x1120, 0x0002103e], [0x1220, 0x00080000], [0x1034, 0x00144000], [0x103c, 0x00000100], // PLLC
  [0x10c, 0x0000020a], [0x1140, 0x00021034], [0x1240, 0x00015556], [0x1054, 0x00144000], [0x105c, 0x00000100], // PLLD
  [0x1160, 0x0002102d], [0x1070, 0x00900000], [0x1074, 0x0000000c],                                            // PLLH
  // channels: A2W_PLLx_<channel> (DIV, DISABLE bit 8)
  [0x1300, 0x100], [0x1400, 0x003], [0x1600, 0x100],                 // PLLA DSI0, CORE, CCP2
  [0x1320, 0x100], [0x1420, 0x100], [0x1520, 0x002], [0x1620, 0x002], // PLLC CORE2, CORE1, PER, CORE0
  [0x1340, 0x100], [0x1440, 0x004], [0x1540, 0x004], [0x1640, 0x100], // PLLD DSI0, CORE, PER, DSI1
  [0x1360, 0x004],                                                   // PLLH AUX
];

export class Cprman implements MmioDevice {
  readonly name = 'clock manager (CPRMAN)';
  private readonly regs = new Map<number, number>();

  constructor() {
    for (const [off, v] of PLL_RESET) this.regs.set(off, v);
    for (const [off, ctl, div] of MUXES) { this.regs.set(off, this.busy(ctl)); this.regs.set(off + 4, div); }
  }

  private busy(ctl: number): number { return (ctl & ENABLE) ? ctl | BUSY : ctl & ~BUSY; }

  read(offset: number): number {
    const off = offset & ~3;
    if (off === CM_LOCK) {
      let r = 0;
      for (const p of PLLS) if (!((this.regs.get(p.ctrl) ?? 0) & PWRDN) && !((this.regs.get(p.cm) ?? 0) & ANARST)) r |= 1 << p.lockBit;
      return r;
    }
    return this.regs.get(off) ?? 0;
  }

  write(offset: number, _size: number, value: number): void {
    if (value >>> 24 !== CM_PASSWORD) return; // the clock manager ignores writes without its password
    const off = offset & ~3;
    const v = value & 0x00ffffff;
    this.regs.set(off, MUX_CTLS.has(off) ? this.busy(v) : v);
  }
}
