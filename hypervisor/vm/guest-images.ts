// STAND-IN for reading guest images from the SD card (hyp-storage's fs/fat32.ts and
// vm/manifest.ts): the guests the build links into kernel8.img, one VM each, in table order.
// Table (tools/build/generated.ts): count, then per guest name (C string), image address,
// size, load address.

// @ts-ignore: decorator
@external("env", "rv_guests") declare function rv_guests(): usize;

export class GuestImage {
  constructor(public name: string, public address: u64, public size: u64, public loadAddress: u64) {}
}

function cString(addr: usize): string {
  let s = "";
  for (let c = load<u8>(addr); c != 0; c = load<u8>(++addr)) s += String.fromCharCode(c);
  return s;
}

export function embeddedGuests(): GuestImage[] {
  const table = rv_guests();
  const count = <i32>load<u64>(table);
  const out: GuestImage[] = [];
  for (let i = 0; i < count; i++) {
    const e = table + 8 + <usize>i * 32;
    out.push(new GuestImage(cString(<usize>load<u64>(e)), load<u64>(e, 8), load<u64>(e, 16), load<u64>(e, 24)));
  }
  return out;
}
