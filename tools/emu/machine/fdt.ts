// Flattened device tree (devicetree.org specification v0.4, chapter 5): parse a blob into
// nodes and properties, edit them, write a new blob. Used by the boot paths to do what the
// firmware and QEMU do to the tree they hand over: /memory, /chosen/bootargs, initrd.
import { UserError } from '../../common/diagnostics.ts';

export interface FdtNode {
  name: string;
  props: { name: string; value: Uint8Array }[];
  children: FdtNode[];
}

export interface Fdt {
  root: FdtNode;
  /** Memory reservation block entries (address, size). */
  reserve: [bigint, bigint][];
  bootCpu: number;
}

const MAGIC = 0xd00dfeed;
const BEGIN_NODE = 1, END_NODE = 2, PROP = 3, NOP = 4, END = 9;

export function parseFdt(blob: Uint8Array, file: string): Fdt {
  const fail = (msg: string, offset: number): never => { throw new UserError(`not a valid device tree blob: ${msg}`, { offset: { file, offset } }); };
  if (blob.length < 40) fail('shorter than its 40-byte header', blob.length);
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (dv.getUint32(0) !== MAGIC) fail('no 0xd00dfeed magic', 0);
  const total = dv.getUint32(4), offStruct = dv.getUint32(8), offStrings = dv.getUint32(12), offRsv = dv.getUint32(16);
  if (total > blob.length) fail(`totalsize ${total} is beyond the end of the file (${blob.length} bytes)`, 4);
  const sizeStrings = dv.getUint32(32), sizeStruct = dv.getUint32(36);
  if (offStruct + sizeStruct > total || offStrings + sizeStrings > total || offRsv > total) fail('a block lies outside totalsize', 8);
  const reserve: Fdt['reserve'] = [];
  for (let p = offRsv; ; p += 16) {
    if (p + 16 > total) fail('unterminated memory reservation block', p);
    const a = dv.getBigUint64(p), s = dv.getBigUint64(p + 8);
    if (a === 0n && s === 0n) break;
    reserve.push([a, s]);
  }
  const cstr = (p: number, limit: number): string => {
    let e = p;
    while (e < limit && blob[e] !== 0) e++;
    if (e >= limit) fail('unterminated string', p);
    return Buffer.from(blob.subarray(p, e)).toString('latin1');
  };
  let p = offStruct;
  const end = offStruct + sizeStruct;
  const word = (): number => { if (p + 4 > end) fail('structure block ends early', p); const v = dv.getUint32(p); p += 4; return v; };
  const stack: FdtNode[] = [];
  let root: FdtNode | undefined;
  for (;;) {
    const at = p;
    const tok = word();
    if (tok === NOP) continue;
    if (tok === BEGIN_NODE) {
      const name = cstr(p, end);
      p = (p + name.length + 1 + 3) & ~3;
      const node: FdtNode = { name, props: [], children: [] };
      if (stack.length) stack[stack.length - 1].children.push(node);
      else if (root) fail('a second root node', at);
      else root = node;
      stack.push(node);
    } else if (tok === PROP) {
      const len = word(), nameoff = word();
      if (!stack.length) fail('property outside a node', at);
      if (p + len > end) fail('property value runs past the structure block', at);
      if (nameoff >= sizeStrings) fail('property name offset outside the strings block', at + 8);
      stack[stack.length - 1].props.push({ name: cstr(offStrings + nameoff, offStrings + sizeStrings), value: blob.slice(p, p + len) });
      p = (p + len + 3) & ~3;
    } else if (tok === END_NODE) {
      if (!stack.pop()) fail('unbalanced end of node', at);
    } else if (tok === END) {
      if (stack.length || !root) fail('tree ends inside a node', at);
      break;
    } else fail(`unknown token ${tok}`, at);
  }
  return { root: root!, reserve, bootCpu: dv.getUint32(28) };
}

/** The blob of `t`; `minTotal`: free space after the strings up to that totalsize (room a
 *  boot loader leaves for edits, which the kernel then reserves with the tree). */
export function writeFdt(t: Fdt, minTotal = 0): Uint8Array {
  const strings: string[] = [];
  const stringOff = new Map<string, number>();
  let stringsLen = 0;
  const nameOff = (n: string): number => {
    let o = stringOff.get(n);
    if (o === undefined) { o = stringsLen; stringOff.set(n, o); strings.push(n); stringsLen += n.length + 1; }
    return o;
  };
  const parts: Uint8Array[] = [];
  let structLen = 0;
  const push = (b: Uint8Array) => {
    const padded = new Uint8Array((b.length + 3) & ~3);
    padded.set(b);
    parts.push(padded);
    structLen += padded.length;
  };
  const be = (...ws: number[]) => { const b = new Uint8Array(ws.length * 4); const d = new DataView(b.buffer); ws.forEach((w, i) => d.setUint32(i * 4, w >>> 0)); return b; };
  const emit = (n: FdtNode) => {
    push(be(BEGIN_NODE));
    push(Buffer.from(n.name + '\0', 'latin1'));
    for (const pr of n.props) { push(be(PROP, pr.value.length, nameOff(pr.name))); push(pr.value); }
    n.children.forEach(emit);
    push(be(END_NODE));
  };
  emit(t.root);
  push(be(END));
  const rsvLen = (t.reserve.length + 1) * 16;
  const offRsv = 40, offStruct = offRsv + rsvLen, offStrings = offStruct + structLen;
  const total = Math.max(offStrings + stringsLen, minTotal);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  [MAGIC, total, offStruct, offStrings, offRsv, 17, 16, t.bootCpu, stringsLen, structLen].forEach((w, i) => dv.setUint32(i * 4, w));
  t.reserve.forEach(([a, s], i) => { dv.setBigUint64(offRsv + i * 16, a); dv.setBigUint64(offRsv + i * 16 + 8, s); });
  let p = offStruct;
  for (const b of parts) { out.set(b, p); p += b.length; }
  for (const s of strings) { out.set(Buffer.from(s, 'latin1'), p); p += s.length + 1; }
  return out;
}

export function getProp(n: FdtNode, name: string): Uint8Array | undefined {
  return n.props.find((p) => p.name === name)?.value;
}

export function setProp(n: FdtNode, name: string, value: Uint8Array): void {
  const p = n.props.find((q) => q.name === name);
  if (p) p.value = value;
  else n.props.unshift({ name, value }); // libfdt (QEMU, the firmware) adds new properties first
}

/** A child by name; `memory` also matches `memory@0` (libfdt's rule for names without a unit address). */
export function child(n: FdtNode, name: string): FdtNode | undefined {
  return n.children.find((c) => c.name === name) ?? (name.includes('@') ? undefined : n.children.find((c) => c.name.startsWith(`${name}@`)));
}

export function stringValue(s: string): Uint8Array {
  return Buffer.from(s + '\0', 'latin1');
}

/** Big-endian cells: each value in `cells` 32-bit words. */
export function cellsValue(...vals: [number, number | bigint][]): Uint8Array {
  const words: number[] = [];
  for (const [cells, v] of vals) {
    const big = BigInt(v);
    for (let i = cells - 1; i >= 0; i--) words.push(Number((big >> BigInt(32 * i)) & 0xffffffffn));
  }
  const b = new Uint8Array(words.length * 4);
  const d = new DataView(b.buffer);
  words.forEach((w, i) => d.setUint32(i * 4, w));
  return b;
}

/** A 32-bit cell property (e.g. #address-cells), or `dflt`. */
export function cellProp(n: FdtNode, name: string, dflt: number): number {
  const v = getProp(n, name);
  return v && v.length >= 4 ? new DataView(v.buffer, v.byteOffset, v.byteLength).getUint32(0) : dflt;
}
