// STAND-IN for hyp-vdev's vdev/aux-uart.ts: only IO (TX/RX) and LSR, enough for test guests.
import { MmioDevice } from "./device";

const IO: u32 = 0x40;
const LSR: u32 = 0x54;
const TX_CAP: i32 = 4096;

export class VirtualAuxUart extends MmioDevice {
  private tx: u8[] = [];
  private rx: u8[] = [];
  txDropped: u32 = 0;
  constructor() { super(0x3F215000, 0x100); }
  read(offset: u32, width: u32): u64 {
    if (offset == IO) return this.rx.length > 0 ? <u64>this.rx.shift() : 0;
    if (offset == LSR) return 0x60 | (this.rx.length > 0 ? 1 : 0);
    return 0;
  }
  write(offset: u32, width: u32, value: u64): void {
    if (offset != IO) return;
    if (this.tx.length >= TX_CAP) { this.txDropped++; return; }
    this.tx.push(<u8>value);
  }
  rxPush(b: u8): bool { this.rx.push(b); return true; }
  rxSpace(): u32 { return 8; }
  txPop(): i32 { return this.tx.length > 0 ? <i32>this.tx.shift() : -1; }
}
