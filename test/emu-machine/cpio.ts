// A "newc" cpio archive (what Linux unpacks as an initramfs): directories, files, symlinks and
// device nodes, so a test can build one without root (no mknod) and without the cpio tool.
export type CpioEntry =
  | { path: string; kind: 'dir' }
  | { path: string; kind: 'file'; data: Uint8Array; mode?: number }
  | { path: string; kind: 'symlink'; target: string }
  | { path: string; kind: 'chardev'; major: number; minor: number };

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

export function cpioNewc(entries: CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  let ino = 1;
  const pad4 = (len: number) => Buffer.alloc((4 - (len % 4)) % 4);
  const add = (name: string, mode: number, data: Uint8Array, rdev: [number, number] = [0, 0]) => {
    const nameB = Buffer.from(name + '\0', 'latin1');
    const hdr = '070701' + [ino++, mode, 0, 0, 1, 0, data.length, 0, 0, rdev[0], rdev[1], nameB.length, 0].map(hex8).join('');
    const h = Buffer.from(hdr, 'latin1');
    parts.push(h, nameB, pad4(h.length + nameB.length), Buffer.from(data), pad4(data.length));
  };
  for (const e of entries) {
    if (e.kind === 'dir') add(e.path, 0o040755, new Uint8Array());
    else if (e.kind === 'file') add(e.path, 0o100000 | (e.mode ?? 0o755), e.data);
    else if (e.kind === 'symlink') add(e.path, 0o120777, Buffer.from(e.target, 'latin1'));
    else add(e.path, 0o020600, new Uint8Array(), [e.major, e.minor]);
  }
  add('TRAILER!!!', 0, new Uint8Array());
  return Buffer.concat(parts);
}
