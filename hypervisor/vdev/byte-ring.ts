// A first-in first-out queue of bytes with a fixed capacity (a power of two), allocated once:
// the hypervisor's runtime never frees, so buffers that live as long as a VM are made when the
// VM is. Used for the mini-UART's FIFOs and the console's per-VM queues.

export class ByteRing {
  private data: StaticArray<u8>;
  private mask: u32;
  // Free-running counters: length = head - tail, even across u32 wrap-around.
  private head: u32 = 0;
  private tail: u32 = 0;

  constructor(capacity: u32) {
    assert(capacity != 0 && (capacity & (capacity - 1)) == 0, "ByteRing capacity must be a power of two");
    this.data = new StaticArray<u8>(capacity);
    this.mask = capacity - 1;
  }

  get capacity(): u32 {
    return this.mask + 1;
  }
  get length(): u32 {
    return this.head - this.tail;
  }
  isEmpty(): bool {
    return this.head == this.tail;
  }
  isFull(): bool {
    return this.head - this.tail > this.mask;
  }

  /** Appends `b`; false (and nothing stored) when full. */
  push(b: u8): bool {
    if (this.isFull()) return false;
    unchecked((this.data[this.head & this.mask] = b));
    this.head++;
    return true;
  }

  /** The oldest byte, removed; -1 when empty. */
  pop(): i32 {
    if (this.isEmpty()) return -1;
    const b = unchecked(this.data[this.tail & this.mask]);
    this.tail++;
    return <i32>b;
  }

  /** The oldest byte, kept; -1 when empty. */
  peek(): i32 {
    return this.isEmpty() ? -1 : <i32>unchecked(this.data[this.tail & this.mask]);
  }

  clear(): void {
    this.tail = this.head;
  }
}
