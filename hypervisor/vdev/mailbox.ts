// A VM's VideoCore mailbox at 0x3F00B880 (mailbox 0: VC -> ARM, read at +0x00, status at
// +0x18; mailbox 1: ARM -> VC, write at +0x20, status at +0x38), serving channel 8, the
// property channel: the guest writes the bus address of a tag buffer with the channel in the
// low 4 bits, the "firmware" answers every tag it knows in place and posts the same word back
// for the guest to read. Mirrors tools/emu/devices/mailbox.ts.
//
// The buffer is the guest's: every word is reached through GuestMemory.translate (the VM's
// stage 2), so a buffer address outside the VM's RAM is refused (counted in `refused`, nothing
// read or written) and a guest cannot make the hypervisor touch another VM's memory.
import { GuestMemory, MmioDevice, NOT_MAPPED } from "./device";
import { answerTag, BoardView } from "./mailbox-tags";

export const MAILBOX_BASE: u32 = 0x3F00B880;
export const MAILBOX_SIZE: u32 = 0x40;

// Register offsets from MAILBOX_BASE.
export const MBOX_READ: u32 = 0x00;
export const MBOX_PEEK: u32 = 0x10;
export const MBOX_SENDER: u32 = 0x14;
export const MBOX_STATUS: u32 = 0x18;
export const MBOX_CONFIG: u32 = 0x1C;
export const MBOX_WRITE: u32 = 0x20;
export const MBOX_STATUS1: u32 = 0x38;

export const MBOX_FULL: u32 = 0x80000000;
export const MBOX_EMPTY: u32 = 0x40000000;
export const CHANNEL_PROPERTY: u32 = 8;
const RESPONSE_OK: u32 = 0x80000000;
const RESPONSE_ERROR: u32 = 0x80000001;
const MAX_BUFFER: u32 = 64 * 1024;
/** The bus address's low 30 bits are the RAM address (bits 31:30 pick a cache alias). */
const BUS_ADDRESS_MASK: u32 = 0x3FFFFFF0;
/** Replies the VC -> ARM mailbox holds, as the hardware's FIFO. */
const REPLY_DEPTH: u32 = 8;
/** Request words a tag handler looks at. */
const REQUEST_WORDS: i32 = 2;

export class VirtualMailbox extends MmioDevice {
  private replies: StaticArray<u32> = new StaticArray<u32>(REPLY_DEPTH);
  private replyHead: u32 = 0;
  private replyCount: u32 = 0;
  private config: u32 = 0;
  private board: BoardView;
  private req: StaticArray<u32> = new StaticArray<u32>(REQUEST_WORDS);
  private resp: StaticArray<u32> = new StaticArray<u32>(4);
  /** Property buffers refused because they lie (partly) outside the VM's RAM. */
  refused: u32 = 0;
  private fault: bool = false;

  constructor(private memory: GuestMemory, vmId: u32) {
    super(MAILBOX_BASE, MAILBOX_SIZE);
    this.board = new BoardView(vmId, memory.sizeBytes());
  }

  read(offset: u32, width: u32): u64 {
    switch (offset) {
      case MBOX_READ: {
        if (this.replyCount == 0) return 0;
        const v = this.replies[this.replyHead];
        this.replyHead = (this.replyHead + 1) % REPLY_DEPTH;
        this.replyCount--;
        return v;
      }
      case MBOX_PEEK: return this.replyCount != 0 ? this.replies[this.replyHead] : 0;
      case MBOX_STATUS: return this.replyCount == 0 ? MBOX_EMPTY : this.replyCount == REPLY_DEPTH ? MBOX_FULL : 0;
      case MBOX_CONFIG: return this.config;
      case MBOX_STATUS1: return MBOX_EMPTY; // the VideoCore takes requests at once
      default: return 0;
    }
  }

  write(offset: u32, width: u32, value64: u64): void {
    const value = <u32>value64;
    if (offset == MBOX_CONFIG) {
      this.config = value; // a VM has no mailbox interrupt wired: stored only
      return;
    }
    if (offset != MBOX_WRITE) return;
    if ((value & 0xF) == CHANNEL_PROPERTY) this.serveProperties(value & BUS_ADDRESS_MASK);
    this.postReply(value);
  }

  private postReply(value: u32): void {
    if (this.replyCount == REPLY_DEPTH) return; // a guest that never reads: the oldest stay
    this.replies[(this.replyHead + this.replyCount) % REPLY_DEPTH] = value;
    this.replyCount++;
  }

  private load(ipa: u64): u32 {
    const pa = this.memory.translate(ipa, false);
    if (pa == NOT_MAPPED) {
      this.fault = true;
      return 0;
    }
    return load<u32>(<usize>pa);
  }

  private store(ipa: u64, v: u32): void {
    const pa = this.memory.translate(ipa, true);
    if (pa == NOT_MAPPED) {
      this.fault = true;
      return;
    }
    store<u32>(<usize>pa, v);
  }

  /** Answers the property buffer at guest-physical `ipa`, in place. */
  serveProperties(ipa: u64): void {
    const ram = this.memory.sizeBytes();
    this.fault = false;
    if (ipa + 8 > ram) {
      this.refused++;
      return;
    }
    const size = this.load(ipa);
    if (size < 12 || size > MAX_BUFFER || ipa + <u64>size > ram) {
      this.store(ipa + 4, RESPONSE_ERROR);
      if (ipa + <u64>size > ram) this.refused++;
      return;
    }
    const end = ipa + <u64>size;
    let p = ipa + 8;
    while (p + 4 <= end && !this.fault) {
      const tag = this.load(p);
      if (tag == 0 || p + 12 > end) break; // the end tag, or a header that does not fit
      const bufLen = <u64>this.load(p + 4);
      const valueAt = p + 12;
      if (valueAt + bufLen > end) break;
      for (let i = 0; i < REQUEST_WORDS; i++) {
        this.req[i] = <u64>(i + 1) * 4 <= bufLen ? this.load(valueAt + <u64>i * 4) : 0;
      }
      const n = answerTag(tag, this.req, this.resp, this.board);
      if (n >= 0) {
        // Only as many words as the guest's value buffer holds; the code says how many exist.
        for (let i = 0; i < n && <u64>(i + 1) * 4 <= bufLen; i++) this.store(valueAt + <u64>i * 4, this.resp[i]);
        this.store(p + 8, RESPONSE_OK | (<u32>n * 4));
      }
      p = valueAt + ((bufLen + 3) & ~3);
    }
    if (this.fault) {
      this.refused++; // a page of the buffer is not the VM's (cannot happen below `ram` unless unmapped)
      return;
    }
    this.store(ipa + 4, RESPONSE_OK);
  }
}
