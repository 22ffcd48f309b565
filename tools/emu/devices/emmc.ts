// The EMMC (Arasan SDHCI) host at 0x3F300000 (ARM Peripherals manual, ch. 5): command
// issue with its response registers, a data port moved one 32-bit word at a time, the
// interrupt flags drivers poll (write 1 to clear), resets and the clock-stable handshake.
import type { IrqLine, MmioDevice } from './device.ts';
import { BLOCK, SdCard } from './sd-card.ts';

export const EMMC_REG = {
  ARG2: 0x00,
  BLKSIZECNT: 0x04,
  ARG1: 0x08,
  CMDTM: 0x0c,
  RESP0: 0x10,
  RESP1: 0x14,
  RESP2: 0x18,
  RESP3: 0x1c,
  DATA: 0x20,
  STATUS: 0x24,
  CONTROL0: 0x28,
  CONTROL1: 0x2c,
  INTERRUPT: 0x30,
  IRPT_MASK: 0x34,
  IRPT_EN: 0x38,
  CONTROL2: 0x3c,
  FORCE_IRPT: 0x50,
  BOOT_TIMEOUT: 0x70,
  DBG_SEL: 0x74,
  EXRDFIFO_CFG: 0x80,
  EXRDFIFO_EN: 0x84,
  TUNE_STEP: 0x88,
  SPI_INT_SPT: 0xf0,
  SLOTISR_VER: 0xfc,
} as const;

export const EMMC_INT = {
  CMD_DONE: 1 << 0,
  DATA_DONE: 1 << 1,
  WRITE_RDY: 1 << 4,
  READ_RDY: 1 << 5,
  ERR: 1 << 15,
  CTO_ERR: 1 << 16,
  DTO_ERR: 1 << 20,
} as const;

export const EMMC_STATUS = {
  CMD_INHIBIT: 1 << 0,
  DAT_INHIBIT: 1 << 1,
  DAT_ACTIVE: 1 << 2,
  WRITE_TRANSFER: 1 << 8,
  READ_TRANSFER: 1 << 9,
  BUFFER_WRITE_ENABLE: 1 << 10,
  BUFFER_READ_ENABLE: 1 << 11,
  CARD_INSERTED: 1 << 16,
  CARD_STABLE: 1 << 17,
  CARD_DETECT: 1 << 18,
  DAT_LEVEL0: 0xf << 20,
  CMD_LEVEL: 1 << 24,
} as const;

const C1 = { CLK_INTLEN: 1 << 0, CLK_STABLE: 1 << 1, CLK_EN: 1 << 2, SRST_HC: 1 << 24, SRST_CMD: 1 << 25, SRST_DATA: 1 << 26 } as const;
const CMDTM = { BLKCNT_EN: 1 << 1, AUTO_CMD12: 1 << 2, DAT_DIR_READ: 1 << 4, MULTI_BLOCK: 1 << 5, ISDATA: 1 << 21 } as const;
/** SD host specification 3.0, vendor 0x99 (as the BCM2835 reports). */
const SLOTISR_VER = 0x99020000;

export class Emmc implements MmioDevice {
  readonly name = 'EMMC';
  private arg1 = 0;
  private arg2 = 0;
  private blksizecnt = 0;
  private cmdtm = 0;
  private resp = [0, 0, 0, 0];
  private control0 = 0;
  private control1 = 0;
  private control2 = 0;
  private interrupt = 0;
  private irptMask = 0;
  private irptEn = 0;
  private other = new Map<number, number>();
  // Data phase.
  private buf = new Uint8Array(BLOCK);
  private bufPos = 0;
  private bufLen = 0;
  private blocksLeft = 0;
  private active: 'read' | 'write' | null = null;
  private lastIrq = false;

  constructor(readonly card: SdCard, private readonly irq: IrqLine = () => {}) {}

  private blockSize(): number {
    return this.blksizecnt & 0x3ff || BLOCK;
  }

  private raise(bits: number): void {
    // IRPT_MASK decides which events become flags at all (SDHCI "status enable"); IRPT_EN
    // which flags reach the interrupt line.
    bits &= this.irptMask;
    this.interrupt = (this.interrupt | bits) >>> 0;
    if (bits & 0xffff0000) this.interrupt |= EMMC_INT.ERR;
    this.update();
  }

  private update(): void {
    const level = (this.interrupt & this.irptEn) !== 0;
    if (level !== this.lastIrq) { this.lastIrq = level; this.irq(level); }
  }

  private issue(cmdtm: number): void {
    this.cmdtm = cmdtm;
    const index = (cmdtm >>> 24) & 0x3f;
    const r = this.card.command(index, this.arg1);
    switch (r.kind) {
      case 'timeout':
        this.raise(EMMC_INT.CTO_ERR);
        return;
      case 'none':
        this.resp = [0, 0, 0, 0];
        break;
      case 'r48':
        this.resp = [r.value >>> 0, 0, 0, 0];
        break;
      case 'r136':
        this.resp = [...r.words];
        break;
    }
    this.raise(EMMC_INT.CMD_DONE);
    if (cmdtm & CMDTM.ISDATA && this.card.transfer) this.startData(cmdtm);
  }

  private startData(cmdtm: number): void {
    const multi = (cmdtm & CMDTM.MULTI_BLOCK) !== 0;
    const count = (this.blksizecnt >>> 16) & 0xffff;
    this.blocksLeft = !multi ? 1 : cmdtm & CMDTM.BLKCNT_EN ? count : Infinity;
    if (this.blocksLeft === 0) { this.finishData(); return; }
    this.active = this.card.transfer!.dir;
    if (this.active === 'read') this.loadReadBlock();
    else { this.bufPos = 0; this.bufLen = this.blockSize(); this.raise(EMMC_INT.WRITE_RDY); }
  }

  private loadReadBlock(): void {
    const size = this.blockSize();
    const block = new Uint8Array(BLOCK);
    if (!this.card.readBlock(block)) { this.raise(EMMC_INT.DTO_ERR); this.finishData(); return; }
    this.buf.set(block.subarray(0, Math.min(size, BLOCK)));
    this.bufPos = 0;
    this.bufLen = Math.min(size, this.card.transfer?.scr ? 8 : BLOCK);
    this.raise(EMMC_INT.READ_RDY);
  }

  private finishData(): void {
    this.active = null;
    // A single-block command ends by itself. A multi-block one keeps the card sending (or
    // receiving) until CMD12, which the host sends itself when auto-CMD12 was asked for.
    const t = this.card.transfer;
    if (!t || !t.multi || t.scr) this.card.endTransfer();
    else if ((this.cmdtm & 0xc) === CMDTM.AUTO_CMD12) this.card.command(12, 0);
    this.raise(EMMC_INT.DATA_DONE);
  }

  private readData(): number {
    if (this.active !== 'read') return 0;
    const v = this.buf[this.bufPos] | (this.buf[this.bufPos + 1] << 8) | (this.buf[this.bufPos + 2] << 16) | (this.buf[this.bufPos + 3] << 24);
    this.bufPos += 4;
    if (this.bufPos >= this.bufLen) {
      this.blocksLeft--;
      if (this.blocksLeft > 0) this.loadReadBlock();
      else this.finishData();
    }
    return v >>> 0;
  }

  private writeData(v: number): void {
    if (this.active !== 'write') return;
    this.buf[this.bufPos] = v & 0xff;
    this.buf[this.bufPos + 1] = (v >>> 8) & 0xff;
    this.buf[this.bufPos + 2] = (v >>> 16) & 0xff;
    this.buf[this.bufPos + 3] = (v >>> 24) & 0xff;
    this.bufPos += 4;
    if (this.bufPos >= this.bufLen) {
      this.card.writeBlock(this.buf);
      this.blocksLeft--;
      this.bufPos = 0;
      if (this.blocksLeft > 0) this.raise(EMMC_INT.WRITE_RDY);
      else this.finishData();
    }
  }

  private status(): number {
    let s = EMMC_STATUS.DAT_LEVEL0 | EMMC_STATUS.CMD_LEVEL;
    if (this.card.present) s |= EMMC_STATUS.CARD_INSERTED | EMMC_STATUS.CARD_STABLE | EMMC_STATUS.CARD_DETECT;
    if (this.active) s |= EMMC_STATUS.DAT_INHIBIT | EMMC_STATUS.DAT_ACTIVE;
    if (this.active === 'read') s |= EMMC_STATUS.READ_TRANSFER | EMMC_STATUS.BUFFER_READ_ENABLE;
    if (this.active === 'write') s |= EMMC_STATUS.WRITE_TRANSFER | EMMC_STATUS.BUFFER_WRITE_ENABLE;
    return s >>> 0;
  }

  private reset(bits: number): void {
    if (bits & C1.SRST_HC) {
      this.interrupt = 0; this.irptMask = 0; this.irptEn = 0; this.control0 = 0; this.control2 = 0;
      this.resp = [0, 0, 0, 0]; this.active = null; this.blksizecnt = 0; this.arg1 = 0; this.cmdtm = 0;
      this.control1 = 0;
    }
    if (bits & (C1.SRST_DATA | C1.SRST_HC)) this.active = null;
    this.update();
  }

  read(offset: number): number {
    switch (offset) {
      case EMMC_REG.ARG2: return this.arg2;
      case EMMC_REG.BLKSIZECNT: return this.blksizecnt;
      case EMMC_REG.ARG1: return this.arg1;
      case EMMC_REG.CMDTM: return this.cmdtm;
      case EMMC_REG.RESP0: case EMMC_REG.RESP1: case EMMC_REG.RESP2: case EMMC_REG.RESP3:
        return this.resp[(offset - EMMC_REG.RESP0) >> 2];
      case EMMC_REG.DATA: return this.readData();
      case EMMC_REG.STATUS: return this.status();
      case EMMC_REG.CONTROL0: return this.control0;
      case EMMC_REG.CONTROL1:
        // The internal clock is stable as soon as it is enabled; reset bits clear themselves.
        return (this.control1 & ~(C1.SRST_HC | C1.SRST_CMD | C1.SRST_DATA | C1.CLK_STABLE)) | (this.control1 & C1.CLK_INTLEN ? C1.CLK_STABLE : 0);
      case EMMC_REG.INTERRUPT: return this.interrupt;
      case EMMC_REG.IRPT_MASK: return this.irptMask;
      case EMMC_REG.IRPT_EN: return this.irptEn;
      case EMMC_REG.CONTROL2: return this.control2;
      case EMMC_REG.SLOTISR_VER: return SLOTISR_VER;
      default: return this.other.get(offset) ?? 0;
    }
  }

  write(offset: number, _size: number, value: number): void {
    value >>>= 0;
    switch (offset) {
      case EMMC_REG.ARG2: this.arg2 = value; break;
      case EMMC_REG.BLKSIZECNT: this.blksizecnt = value & 0xffff03ff; break;
      case EMMC_REG.ARG1: this.arg1 = value; break;
      case EMMC_REG.CMDTM: this.issue(value); break;
      case EMMC_REG.DATA: this.writeData(value); break;
      case EMMC_REG.CONTROL0: this.control0 = value; break;
      case EMMC_REG.CONTROL1:
        this.control1 = value;
        this.reset(value & (C1.SRST_HC | C1.SRST_CMD | C1.SRST_DATA));
        break;
      case EMMC_REG.INTERRUPT:
        this.interrupt = (this.interrupt & ~value) >>> 0;
        if (!(this.interrupt & 0xffff0000)) this.interrupt &= ~EMMC_INT.ERR;
        this.update();
        break;
      case EMMC_REG.IRPT_MASK: this.irptMask = value; break;
      case EMMC_REG.IRPT_EN: this.irptEn = value; this.update(); break;
      case EMMC_REG.CONTROL2: this.control2 = value; break;
      case EMMC_REG.FORCE_IRPT: this.raise(value); break;
      default: this.other.set(offset, value);
    }
  }
}
