// Line and call-frame information from our assembler (debug on, as the build assembles)
// against GNU as -g on the same source: the address -> file:line rows of .debug_line and the
// unwind rows of .debug_frame, both as llvm-dwarfdump decodes them, must agree; and the
// DWARF must pass llvm-dwarfdump --verify.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { assembleToObject } from '../../tools/asm/index.ts';

const FIX = path.join(import.meta.dirname, 'fixtures');
const dump = async (args: string[]) => (await execa('llvm-dwarfdump-14', args)).stdout;

/** "address line file-basename" rows, sequences kept apart by their end rows. */
async function lineRows(obj: string): Promise<string[]> {
  const text = await dump(['--debug-line', obj]);
  const names = [...text.matchAll(/name: "([^"]+)"/g)].map((m) => path.basename(m[1]));
  return [...text.matchAll(/^(0x[0-9a-f]{16})\s+(\d+)\s+\d+\s+(\d+).*?(end_sequence)?$/gm)].map((m) => `${m[1]} ${m[2]} ${names[Number(m[3]) - 1]}${m[4] ? ' end' : ''}`);
}
const frameRows = async (obj: string) => (await dump(['--debug-frame', obj])).split('\n').filter((l) => /^\s+0x[0-9a-f]+: CFA/.test(l)).map((l) => l.trim());

describe('assembler debug information (as -g)', () => {
  test('.debug_line and .debug_frame rows equal GNU as -g on the same source', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-asm-dwarf-'));
    const ours = path.join(dir, 'ours.o'), gnu = path.join(dir, 'gnu.o');
    fs.writeFileSync(ours, await assembleToObject(path.join(FIX, 'lines.S'), { debug: true }));
    await execa('aarch64-linux-gnu-as', ['-g', '-I', FIX, path.join(FIX, 'lines.S'), '-o', gnu]);
    const [ol, gl] = [await lineRows(ours), await lineRows(gnu)];
    expect(gl.length).toBeGreaterThan(10);
    expect(ol).toEqual(gl);
    const [of, gf] = [await frameRows(ours), await frameRows(gnu)];
    expect(gf.some((r) => r.includes('W30=undefined'))).toBe(true);
    expect(of).toEqual(gf);
    expect(await dump(['--verify', ours])).toContain('No errors.');
    // Functions by name with their ranges (gdb names frames and steps with these).
    const info = await dump(['--debug-info', ours]);
    expect(info).toMatch(/DW_TAG_subprogram\s+DW_AT_name\s+\("work"\)\s+DW_AT_external\s+\(true\)\s+DW_AT_low_pc\s+\(0x0+8\)\s+DW_AT_high_pc\s+\(0x0+24\)/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('without debug on, only the .debug_frame the .cfi directives ask for (as GNU as without -g)', async () => {
    const bytes = Buffer.from(await assembleToObject(path.join(FIX, 'lines.S')));
    expect(bytes.includes(Buffer.from('.debug_line'))).toBe(false);
    expect(bytes.includes(Buffer.from('.debug_frame'))).toBe(true);
  });

  test('.cfi_endproc without .cfi_startproc is a located error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-asm-cfi-'));
    const f = path.join(dir, 'bad.S');
    fs.writeFileSync(f, '    .text\n    nop\n    .cfi_endproc\n');
    await expect(assembleToObject(f, { debug: true })).rejects.toThrow(/bad\.S:3:5: error: \.cfi_endproc without \.cfi_startproc/);
  });
});
