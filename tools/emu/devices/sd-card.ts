// An SD memory card behind the EMMC host: the command set bare-metal drivers use (SD Physical
// Layer Simplified Specification v2: CMD0/2/3/7/8/9/12/13/16/17/18/24/25/55, ACMD6/41/51),
// backed by an image file. Like real cards (and QEMU), an image up to 2 GiB is a standard
// capacity card (SDSC: byte addresses, CCS = 0, CSD 1.0), a bigger one is SDHC (block
// addresses, CCS = 1, CSD 2.0). Writes stay in an overlay unless asked to go to the
// file, so booting never changes the user's image by surprise.
import * as fs from 'node:fs';

export const BLOCK = 512;

/** Card states (bits 12:9 of the R1 card status). */
export const CardState = { idle: 0, ready: 1, ident: 2, stby: 3, tran: 4, data: 5, rcv: 6 } as const;
type State = (typeof CardState)[keyof typeof CardState];

export type Response =
  | { kind: 'none' }
  | { kind: 'r48'; value: number }
  | { kind: 'r136'; words: [number, number, number, number] } // bits 127:8 as SDHCI keeps them (RESP0 = bits 39:8)
  | { kind: 'timeout' };

export interface BlockStore {
  readonly blocks: number;
  read(lba: number, out: Uint8Array): void;
  write(lba: number, data: Uint8Array): void;
}

export class ImageFileStore implements BlockStore {
  readonly blocks: number;
  private overlay = new Map<number, Uint8Array>();
  constructor(private readonly fd: number, bytes: number, private readonly writeThrough = false) {
    this.blocks = Math.floor(bytes / BLOCK);
  }
  read(lba: number, out: Uint8Array): void {
    const o = this.overlay.get(lba);
    if (o) { out.set(o); return; }
    out.fill(0);
    fs.readSync(this.fd, out, 0, BLOCK, lba * BLOCK);
  }
  write(lba: number, data: Uint8Array): void {
    if (this.writeThrough) fs.writeSync(this.fd, data, 0, BLOCK, lba * BLOCK);
    else this.overlay.set(lba, Uint8Array.from(data));
  }
}

export class MemoryStore implements BlockStore {
  readonly blocks: number;
  constructor(readonly bytes: Uint8Array) { this.blocks = Math.floor(bytes.length / BLOCK); }
  read(lba: number, out: Uint8Array): void { out.set(this.bytes.subarray(lba * BLOCK, lba * BLOCK + BLOCK)); }
  write(lba: number, data: Uint8Array): void { this.bytes.set(data, lba * BLOCK); }
}

const RCA = 0x4567;
const R1_APP_CMD = 1 << 5;
const R1_READY_FOR_DATA = 1 << 8;
const R1_ADDRESS_ERROR = 1 << 30;
const OCR_READY = 0x80000000;
const OCR_CCS = 0x40000000;
const OCR_VOLTAGES = 0x00ff8000;

/** SDHCI keeps an R2 response without its CRC byte: RESP0 holds bits 39:8, RESP3 bits 127:104. */
function sdhciR2(v: bigint): [number, number, number, number] {
  const w = (i: number) => Number((v >> BigInt(8 + 32 * i)) & 0xffffffffn);
  return [w(0), w(1), w(2), w(3)];
}

/** The card's CID: manufacturer 0x03, OEM "SD", product "RSPVR", rev 1.0, serial 0x12345678. */
const CID = sdhciR2(
  (0x03n << 120n) | (0x5344n << 104n) | (0x5253505652n << 64n) | (0x10n << 56n) | (0x12345678n << 24n) | (0x1abn << 8n) | 1n,
);
/** The SCR (8 bytes, sent most significant byte first): SD 3.0, 1 and 4 bit buses. */
const SCR = [0x02, 0x35, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00];

export class SdCard {
  state: State = CardState.idle;
  private appCmd = false;
  private selected = false;
  private errorBits = 0;
  /** Data phase the last command started: the EMMC host pulls or pushes blocks. */
  transfer: { dir: 'read' | 'write'; addr: number; multi: boolean; scr?: boolean } | null = null;
  readonly highCapacity: boolean;

  constructor(readonly store: BlockStore | null) {
    this.highCapacity = (store?.blocks ?? 0) * BLOCK > 2 ** 31;
  }

  get present(): boolean {
    return this.store !== null;
  }

  private status(): number {
    const s = (this.state << 9) | (this.appCmd ? R1_APP_CMD : 0) | (this.state === CardState.tran ? R1_READY_FOR_DATA : 0) | this.errorBits;
    this.errorBits = 0;
    return s >>> 0;
  }

  private csd(): [number, number, number, number] {
    const blocks = this.store?.blocks ?? 0;
    let fields: [bigint, number][];
    if (this.highCapacity) {
      // CSD 2.0 (SD spec 5.3.3): capacity = (C_SIZE + 1) * 512 KiB.
      const cSize = BigInt(Math.max(0, Math.floor(blocks / 1024) - 1));
      fields = [[1n, 126], [0x0en, 112], [0x32n, 96], [0x5b5n, 84], [9n, 80], [cSize, 48], [1n, 46], [0x7fn, 39], [2n, 26], [9n, 22], [1n, 0]];
    } else {
      // CSD 1.0 (5.3.2): capacity = (C_SIZE + 1) * 2^(C_SIZE_MULT + 2) * 2^READ_BL_LEN.
      let mult = 7;
      while (mult > 0 && (blocks % 2 ** (mult + 2) !== 0 || blocks / 2 ** (mult + 2) > 4096)) mult--;
      const cSize = BigInt(Math.min(4095, Math.max(0, Math.floor(blocks / 2 ** (mult + 2)) - 1)));
      fields = [[0x26n, 112], [0x32n, 96], [0x5f5n, 84], [9n, 80], [cSize, 62], [BigInt(mult), 47], [1n, 46], [0x7fn, 39], [2n, 26], [9n, 22], [1n, 0]];
    }
    let v = 0n;
    for (const [f, at] of fields) v |= f << BigInt(at);
    return sdhciR2(v);
  }

  /** Execute a command; returns its response. */
  command(index: number, arg: number): Response {
    if (!this.present) return { kind: 'timeout' };
    const app = this.appCmd;
    this.appCmd = false;
    if (app) {
      switch (index) {
        case 6: return { kind: 'r48', value: this.statusWithApp() }; // bus width
        case 41:
          if (this.state === CardState.idle || this.state === CardState.ready) {
            if (arg & OCR_VOLTAGES) this.state = CardState.ready;
          }
          return { kind: 'r48', value: (OCR_READY | (this.highCapacity ? OCR_CCS : 0) | OCR_VOLTAGES) >>> 0 };
        case 51:
          this.transfer = { dir: 'read', addr: 0, multi: false, scr: true };
          return { kind: 'r48', value: this.statusWithApp() };
        case 13: return { kind: 'r48', value: this.statusWithApp() };
      }
    }
    switch (index) {
      case 0:
        this.state = CardState.idle;
        this.selected = false;
        this.transfer = null;
        return { kind: 'none' };
      case 8: return { kind: 'r48', value: arg & 0xfff };
      case 55:
        this.appCmd = true;
        return { kind: 'r48', value: this.status() | R1_APP_CMD };
      case 2:
        if (this.state !== CardState.ready) return { kind: 'timeout' };
        this.state = CardState.ident;
        return { kind: 'r136', words: CID };
      case 3:
        if (this.state === CardState.ident) this.state = CardState.stby;
        // R6: RCA, then card status bits 23, 22, 19, 12:0 packed into 15:0.
        return { kind: 'r48', value: ((RCA << 16) | ((this.state << 9) & 0x1e00)) >>> 0 };
      case 9: return { kind: 'r136', words: this.csd() };
      case 10: return { kind: 'r136', words: CID };
      case 7: {
        const sel = arg >>> 16 === RCA;
        const r = this.status();
        this.selected = sel;
        if (sel && this.state === CardState.stby) this.state = CardState.tran;
        else if (!sel && this.state === CardState.tran) this.state = CardState.stby;
        return { kind: 'r48', value: r };
      }
      case 12: {
        const r = this.status();
        this.transfer = null;
        if (this.state === CardState.data || this.state === CardState.rcv) this.state = CardState.tran;
        return { kind: 'r48', value: r };
      }
      case 13: return { kind: 'r48', value: this.status() };
      case 16: return { kind: 'r48', value: this.status() };
      case 17: case 18: case 24: case 25: {
        // Outside the transfer state the command is illegal: a card does not answer it (and
        // flags ILLEGAL_COMMAND in its next status), so the host sees a timeout.
        if (this.state !== CardState.tran) { this.errorBits |= 1 << 22; return { kind: 'timeout' }; }
        const addr = this.highCapacity ? (arg >>> 0) * BLOCK : arg >>> 0;
        if (addr >= this.store!.blocks * BLOCK) {
          this.errorBits |= R1_ADDRESS_ERROR;
          return { kind: 'r48', value: this.status() };
        }
        const r = this.status();
        const read = index === 17 || index === 18;
        this.transfer = { dir: read ? 'read' : 'write', addr, multi: index === 18 || index === 25 };
        this.state = read ? CardState.data : CardState.rcv;
        return { kind: 'r48', value: r };
      }
      default: return { kind: 'timeout' };
    }
  }

  private statusWithApp(): number {
    return this.status() | R1_APP_CMD;
  }

  /** Data of the next block of the current read transfer (fills `out`); false when past the end. */
  readBlock(out: Uint8Array): boolean {
    const t = this.transfer;
    if (!t || t.dir !== 'read') return false;
    if (t.scr) { out.fill(0); out.set(SCR); return true; }
    if (t.addr >= this.store!.blocks * BLOCK) return false;
    this.readBytes(t.addr, out);
    t.addr += BLOCK;
    return true;
  }

  /** 512 bytes from any byte address (SDSC reads need not be block aligned). */
  private readBytes(addr: number, out: Uint8Array): void {
    const lba = Math.floor(addr / BLOCK), skew = addr % BLOCK;
    if (skew === 0) { this.store!.read(lba, out); return; }
    const two = new Uint8Array(2 * BLOCK);
    this.store!.read(lba, two.subarray(0, BLOCK));
    if (lba + 1 < this.store!.blocks) this.store!.read(lba + 1, two.subarray(BLOCK));
    out.set(two.subarray(skew, skew + BLOCK));
  }

  writeBlock(data: Uint8Array): boolean {
    const t = this.transfer;
    if (!t || t.dir !== 'write' || t.addr >= this.store!.blocks * BLOCK) return false;
    const lba = Math.floor(t.addr / BLOCK), skew = t.addr % BLOCK;
    if (skew === 0) this.store!.write(lba, data);
    else {
      const two = new Uint8Array(2 * BLOCK);
      this.store!.read(lba, two.subarray(0, BLOCK));
      if (lba + 1 < this.store!.blocks) this.store!.read(lba + 1, two.subarray(BLOCK));
      two.set(data.subarray(0, BLOCK), skew);
      this.store!.write(lba, two.subarray(0, BLOCK));
      if (lba + 1 < this.store!.blocks) this.store!.write(lba + 1, two.subarray(BLOCK));
    }
    t.addr += BLOCK;
    return true;
  }

  endTransfer(): void {
    this.transfer = null;
    if (this.state === CardState.data || this.state === CardState.rcv) this.state = CardState.tran;
  }
}
