// `raspvisor objdump` vs `llvm-objdump -d`, byte for byte: an object assembled by llvm-mc
// from random instructions of every form (minus CRC32, which llvm-objdump only shows with
// --mattr=+crc), with labels, branches to them and data islands; the same linked at 0x80000
// by GNU ld; and a raw binary, whose instruction lines must equal those of the ELF.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_FORMS, disassemble } from '../../tools/isa/index.ts';
import { rng } from './oracle.ts';

const CLI = path.resolve(__dirname, '../../tools/cli/raspvisor.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isa-objdump-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function source(): string {
  const r = rng(31337);
  const out = ['.text', '.globl start', 'start:'];
  let n = 0;
  for (const f of ALL_FORMS) {
    if (f.id.startsWith('CRC32')) continue;
    for (let i = 0; i < 3; i++) {
      const w = ((r() & ~f.mask) | f.value) >>> 0;
      // branches and literals at random offsets would point anywhere; give them labels instead
      const t = disassemble(w, 0);
      if (!t) continue;
      if (/^(b|bl|b\.\w+|cbn?z|tbn?z|ldr|ldrsw|prfm|adrp?)\t/.test(t) && /0x[0-9a-f]+$/.test(t)) {
        out.push(t.replace(/0x[0-9a-f]+$/, `l${r() % 40}`));
      } else {
        out.push(`.inst 0x${w.toString(16)}`);
      }
      if (++n % 50 === 0) out.push(`l${n / 50}:`);
      if (n % 311 === 0) out.push('.word 0x12345678', '.byte 1, 2, 3', '.align 2');
    }
  }
  for (let i = 0; i < 40; i++) if (!out.includes(`l${i}:`)) out.push(`l${i}:`);
  out.push('ret', '.section .text.two, "ax"', 'two: b start', 'bl two', '.data', 'd1: .quad 1');
  return out.join('\n') + '\n';
}

describe('raspvisor objdump vs llvm-objdump -d', () => {
  const src = path.join(dir, 'r.s');
  const obj = path.join(dir, 'r.o');
  const exe = path.join(dir, 'r.elf');
  const raw = path.join(dir, 'r.bin');

  it('object file: identical listing', async () => {
    fs.writeFileSync(src, source());
    await execa('llvm-mc', ['-triple=aarch64', '-filetype=obj', '-o', obj, src]);
    const ref = (await execa('llvm-objdump', ['-d', obj])).stdout;
    const ours = (await execa('node', [CLI, 'objdump', obj])).stdout;
    expect(ours.split('\n').length).toBeGreaterThan(900);
    expect(ours).toBe(ref);
  });

  it('linked executable: identical listing', async () => {
    await execa('aarch64-linux-gnu-ld', ['-Ttext=0x80000', '-e', 'start', '-o', exe, obj]);
    const ref = (await execa('llvm-objdump', ['-d', exe])).stdout;
    const ours = (await execa('node', [CLI, 'objdump', exe])).stdout;
    expect(ours).toBe(ref);
  });

  it('raw binary at --base: the same instruction lines', async () => {
    await execa('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', exe, raw]);
    const ref = (await execa('llvm-objdump', ['-d', exe])).stdout.split('\n');
    const ours = (await execa('node', [CLI, 'objdump', raw, '--base', '0x80000'])).stdout.split('\n');
    // compare the instruction lines of .text (data islands are words to us, without $d)
    const insn = (lines: string[]): string[] => lines.filter((l) => /^\s+[0-9a-f]+: ([0-9a-f]{2} ){4} \t/.test(l)).map((l) => l.replace(/ <[^>]*>/, ''));
    const refText = insn(ref.slice(0, ref.indexOf('Disassembly of section .text.two:')));
    const oursText = new Set(insn(ours));
    expect(refText.length).toBeGreaterThan(800);
    expect(refText.filter((l) => !oursText.has(l))).toEqual([]);
  });

  it('rejects a bad --base with exit 1 and no stack', async () => {
    const r = await execa('node', [CLI, 'objdump', obj, '--base', 'zz'], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('--base');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

// Third-party software: Debian's busybox-static (arm64), fetched at test time. It has dynamic
// relocation sections (.rela.plt, IRELATIVE = type 1032) and no symbols, and a .text of
// 356,720 words: the listing must not need relocations, nor recurse or spread per line.
describe("raspvisor objdump on Debian's busybox-static (arm64)", () => {
  const bbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isa-busybox-'));
  afterAll(() => fs.rmSync(bbDir, { recursive: true, force: true }));
  let busybox: string | undefined;
  let why = '';
  it('fetch busybox-static:arm64 with apt-get download', async () => {
    const r = await execa('apt-get', ['download', 'busybox-static:arm64'], { cwd: bbDir, reject: false, timeout: 120_000 });
    const deb = fs.readdirSync(bbDir).find((f) => f.endsWith('.deb'));
    if (r.exitCode !== 0 || !deb) {
      why = `apt-get download busybox-static:arm64 failed (needs network and 'dpkg --add-architecture arm64' + apt-get update, see tools/setup/apt-deps.sh): ${String(r.stderr).trim().split('\n').pop()}`;
      console.warn(`skipping the busybox listing: ${why}`);
      return;
    }
    await execa('dpkg-deb', ['-x', path.join(bbDir, deb), path.join(bbDir, 'x')]);
    busybox = path.join(bbDir, 'x/bin/busybox');
    expect(fs.existsSync(busybox)).toBe(true);
  }, 130_000);
  it('every line equals llvm-objdump -d', async (ctx) => {
    if (!busybox) { ctx.skip(); return; }
    const ref = (await execa('llvm-objdump', ['-d', busybox], { maxBuffer: 1 << 30 })).stdout.split('\n');
    const r = await execa('node', [CLI, 'objdump', busybox], { maxBuffer: 1 << 30, reject: false });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const ours = r.stdout.split('\n');
    expect(ref.length).toBeGreaterThan(350_000);
    expect(ours.length).toBe(ref.length);
    const differing = ours.map((l, i) => [l, ref[i]]).filter(([a, b]) => a !== b);
    // the only differences allowed: a word llvm decodes that we print as <unknown>
    expect(differing.filter(([a, b]) => !a.endsWith('\t<unknown>') || a.slice(0, 24) !== b.slice(0, 24))).toEqual([]);
    console.log(`busybox: ${ref.length} lines, ${differing.length} words llvm decodes and we do not`);
    expect(differing.map(([a]) => a)).toEqual([]); // every word llvm decodes, we decode too
  }, 300_000);
});
