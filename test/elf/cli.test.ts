// `raspvisor as` and `raspvisor link` end to end: objects equal to the library's, the raw
// image equal to GNU ld + objcopy on the same objects, the map printed on request.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import { have, tmpDir } from '../asm/oracle.ts';

const CLI = path.resolve(__dirname, '../../tools/cli/raspvisor.mjs');
const ASM_FIX = path.resolve(__dirname, '../asm/fixtures');
const FIX = path.resolve(__dirname, 'fixtures');

describe.skipIf(!have('aarch64-linux-gnu-ld'))('raspvisor as / link CLI', () => {
  it('assembles and links the boot fixtures; image equals GNU ld output', async () => {
    const dir = tmpDir('cli');
    const objs: string[] = [];
    for (const src of [path.join(ASM_FIX, 'boot.S'), path.join(ASM_FIX, 'context.S'), path.join(FIX, 'main-stub.S')]) {
      const o = path.join(dir, path.basename(src, '.S') + '.o');
      const r = await execa('node', [CLI, 'as', '-I', ASM_FIX, src, '-o', o], { reject: false });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      objs.push(o);
    }
    const elf = path.join(dir, 'k.elf'), img = path.join(dir, 'k.img');
    const r = await execa('node', [CLI, 'link', '-T', '.text.boot', '-o', elf, '--binary', img, '--base', '0x80000', '--map', ...objs], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/_start/);
    expect(r.stdout).toMatch(/\.text\.boot/);
    const script = path.join(dir, 'k.ld');
    fs.writeFileSync(script, `ENTRY(_start)\nSECTIONS {\n . = 0x80000;\n .text : { *(.text.boot) *(.text .text.*) }\n .rodata : { *(.rodata .rodata.*) }\n .data : { *(.data .data.*) *(.wasm_data) }\n .bss : { . = ALIGN(8); __bss_start = .; *(.bss .bss.*) *(COMMON) . = ALIGN(8); __bss_end = .; }\n}\n`);
    execFileSync('aarch64-linux-gnu-ld', ['-T', script, '--no-warn-rwx-segments', ...objs, '-o', path.join(dir, 'g.elf')]);
    execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', path.join(dir, 'g.elf'), path.join(dir, 'g.img')]);
    expect(fs.readFileSync(img).equals(fs.readFileSync(path.join(dir, 'g.img')))).toBe(true);
    const dis = execFileSync('llvm-objdump', ['-d', elf], { encoding: 'utf8' });
    expect(dis).toMatch(/0000000000080000 <_start>:/);
  });
  it('as --defsym matches GNU as --defsym', async () => {
    const dir = tmpDir('cli3');
    const src = path.join(dir, 'd.s');
    fs.writeFileSync(src, '.if DEBUG\n.word 1\n.else\n.word 2\n.endif\n.quad BASE, NEG\n');
    const args = ['--defsym', 'DEBUG=1', '--defsym', 'BASE=0x80000', '--defsym', 'NEG=-5'];
    const r = await execa('node', [CLI, 'as', ...args, src, '-o', path.join(dir, 'd.o')], { reject: false });
    expect(r.stderr).toBe('');
    execFileSync('aarch64-linux-gnu-as', [...args, src, '-o', path.join(dir, 'd.gnu.o')]);
    const { summarize } = await import('../asm/oracle.ts');
    expect(summarize(fs.readFileSync(path.join(dir, 'd.o')), 'ours', { mapping: true })).toEqual(summarize(fs.readFileSync(path.join(dir, 'd.gnu.o')), 'gnu', { mapping: true }));
    const bad = await execa('node', [CLI, 'as', '--defsym', 'X=abc', src], { reject: false });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('--defsym X=abc: expected NAME=number');
  });

  it('link with an undefined entry symbol is a user error', async () => {
    const dir = tmpDir('cli2');
    const src = path.join(dir, 'a.s');
    fs.writeFileSync(src, 'nop\n');
    await execa('node', [CLI, 'as', src]);
    expect(fs.existsSync(path.join(dir, 'a.o'))).toBe(true);
    const r = await execa('node', [CLI, 'link', '-o', path.join(dir, 'a.elf'), '--entry', 'nope', path.join(dir, 'a.o')], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("entry symbol 'nope' is not defined");
    expect(fs.existsSync(path.join(dir, 'a.elf'))).toBe(false);
  });
});
