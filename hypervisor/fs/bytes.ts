// Little-endian fields of on-disk structures, read a byte at a time: many sit at odd offsets
// (BPB, MBR entries, long-name characters), and with the MMU off an unaligned access faults.
export function le16(p: usize): u32 {
  return <u32>load<u8>(p) | (<u32>load<u8>(p + 1) << 8);
}

export function le32(p: usize): u32 {
  return le16(p) | (le16(p + 2) << 16);
}
