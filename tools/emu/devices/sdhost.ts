// BCM2835 SDHOST (the second SD controller, at 0x3F202000; QEMU hw/sd/bcm2835_sdhost.c is the
// reference): here with no card behind it, as on a Pi 3 whose card sits on the EMMC controller
// (and under QEMU without a second drive). A command with the NEW flag runs at once: one that
// expects a response fails (SDCMD.FAIL, SDHSTS.CMD_TIME_OUT), one without succeeds; status bits
// clear when written with 1. Drivers (U-Boot, Linux) probe it, find nothing and move on.
import type { MmioDevice } from './device.ts';

export const SDHOST_REG = {
  SDCMD: 0x00, SDARG: 0x04, SDTOUT: 0x08, SDCDIV: 0x0c,
  SDRSP0: 0x10, SDRSP1: 0x14, SDRSP2: 0x18, SDRSP3: 0x1c,
  SDHSTS: 0x20, SDVDD: 0x30, SDEDM: 0x34, SDHCFG: 0x38, SDHBCT: 0x3c, SDDATA: 0x40, SDHBLC: 0x50,
} as const;
export const SDCMD_NEW = 0x8000, SDCMD_FAIL = 0x4000, SDCMD_NO_RESPONSE = 0x400;
export const SDHSTS_CMD_TIME_OUT = 0x40;

export class SdHost implements MmioDevice {
  readonly name = 'sdhost';
  private regs = new Map<number, number>();
  private cmd = 0;
  private status = 0;

  read(offset: number, _size = 4): number {
    if (offset === SDHOST_REG.SDCMD) return this.cmd;
    if (offset === SDHOST_REG.SDHSTS) return this.status;
    if (offset === SDHOST_REG.SDDATA || (offset >= SDHOST_REG.SDRSP0 && offset <= SDHOST_REG.SDRSP3)) return 0;
    return this.regs.get(offset) ?? 0;
  }

  write(offset: number, _size: number, value: number): void {
    value >>>= 0;
    if (offset === SDHOST_REG.SDCMD) {
      this.cmd = value & 0xffff;
      if (value & SDCMD_NEW) {
        // no card: nothing answers; a command that needs a response times out
        if (!(value & SDCMD_NO_RESPONSE)) { this.cmd |= SDCMD_FAIL; this.status |= SDHSTS_CMD_TIME_OUT; }
        this.cmd &= ~SDCMD_NEW;
      }
      return;
    }
    if (offset === SDHOST_REG.SDHSTS) { this.status &= ~value; return; }
    this.regs.set(offset, value);
  }
}
