// llvm-mc / llvm-objdump as oracles, one process per batch of thousands of instructions.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// llvm-objdump's default features lack CRC; any -mattr replaces the defaults (which include
// EL3 instructions like SMC and the EL2 translation registers), so name those too.
export const MATTR = '+crc,+el3,+el2vmsa';

export interface ObjdumpLine {
  text: string | null; // null for <unknown>
  comment?: string;
}

/** Disassemble `words` (placed at address 0, 4, ...) with llvm-objdump -d. */
export async function objdumpWords(words: number[]): Promise<ObjdumpLine[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isa-'));
  try {
    const src = words.map((w) => `.inst 0x${(w >>> 0).toString(16)}`).join('\n') + '\n';
    fs.writeFileSync(path.join(dir, 'w.s'), src);
    await execa('llvm-mc', ['-triple=aarch64', `-mattr=${MATTR}`, '-filetype=obj', '-o', path.join(dir, 'w.o'), path.join(dir, 'w.s')]);
    // Plain `llvm-objdump -d` is the reference; words it does not know are retried with CRC on.
    const out: ObjdumpLine[] = new Array(words.length);
    for (const args of [['-d'], ['-d', `--mattr=${MATTR}`]]) {
      const r = await execa('llvm-objdump', [...args, path.join(dir, 'w.o')], { maxBuffer: 1 << 28 });
      for (const line of r.stdout.split('\n')) {
        const m = /^\s*([0-9a-f]+):\s+(?:[0-9a-f]{2} ){4}\s*(.*)$/.exec(line);
        if (!m) continue;
        const idx = parseInt(m[1], 16) / 4;
        if (out[idx] === undefined || out[idx].text === null) out[idx] = parseObjdumpText(m[2]);
      }
    }
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function parseObjdumpText(s: string): ObjdumpLine {
  let t = s.replace(/^\t/, '');
  if (t === '<unknown>') return { text: null };
  let comment: string | undefined;
  const c = t.indexOf('//');
  if (c >= 0) {
    comment = t.slice(c + 2).trim();
    t = t.slice(0, c);
  }
  t = t.replace(/\s+<[^>]*>\s*$/, '').replace(/\s+$/, '');
  return { text: t, comment };
}

export interface McResult {
  word?: number;
  error?: string;
  fixup?: string; // llvm fixup kind
}

/** Assemble lines with llvm-mc -show-encoding (default features; lines it rejects are retried
 *  with CRC on, as the disassembly oracle does); one result per input line. */
export async function mcEncode(lines: string[]): Promise<McResult[]> {
  const first = await mcEncodeWith(lines, []);
  const again = first.map((r, i) => (r.error !== undefined ? i : -1)).filter((i) => i >= 0);
  if (again.length) {
    const second = await mcEncodeWith(again.map((i) => lines[i]), [`-mattr=${MATTR}`]);
    again.forEach((i, k) => {
      if (second[k].error === undefined) first[i] = second[k];
    });
  }
  return first;
}

async function mcEncodeWith(lines: string[], extra: string[]): Promise<McResult[]> {
  const src = lines.join('\n') + '\n';
  const r = await execa('llvm-mc', ['-triple=aarch64', ...extra, '-show-encoding'], { input: src, reject: false, maxBuffer: 1 << 28 });
  const res: McResult[] = lines.map(() => ({}));
  const errLines = new Set<number>();
  for (const l of r.stderr.split('\n')) {
    const m = /^<stdin>:(\d+):\d+: error: (.*)$/.exec(l);
    if (m) {
      errLines.add(Number(m[1]) - 1);
      res[Number(m[1]) - 1].error ??= m[2];
    }
  }
  const encs: McResult[] = [];
  for (const l of r.stdout.split('\n')) {
    const m = /encoding: \[([^\]]*)\]/.exec(l);
    if (m) {
      const bytes = m[1].split(',').map((b) => (b.startsWith('0x') ? parseInt(b, 16) : parseInt(b.replace(/[^01]/g, '0').slice(2), 2)));
      encs.push({ word: ((bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0) });
      continue;
    }
    const f = /fixup A - offset: 0, value: .*, kind: (\S+)/.exec(l);
    if (f && encs.length) encs[encs.length - 1].fixup = f[1];
  }
  let k = 0;
  for (let i = 0; i < lines.length; i++) {
    if (errLines.has(i)) continue;
    if (lines[i].trim() === '') continue;
    res[i] = encs[k++] ?? { error: 'no output' };
  }
  return res;
}

/** Deterministic PRNG (xorshift32) so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

export const LONG = process.env.RASPVISOR_LONG === '1';
