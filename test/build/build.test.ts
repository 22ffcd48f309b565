// `raspvisor build` on a copy of this project's programs: what runs on a cold build, nothing on
// a second one, only the affected steps after an edit; bad input (asc error, unknown
// intrinsic, missing symbol) as a located message, exit 1 and no image.
import { beforeAll, describe, expect, test } from 'vitest';
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from '../../tools/build/index.ts';
import { formatUserError, isUserError, UserErrors } from '../../tools/common/diagnostics.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'tools/cli/raspvisor.mjs');

function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-build-'));
  fs.cpSync(path.join(ROOT, 'hypervisor'), path.join(dir, 'hypervisor'), { recursive: true });
  // One assembly-only guest (the shape these step lists are written for; the real guests in
  // AssemblyScript have their own tests in test/guests/).
  fs.mkdirSync(path.join(dir, 'guests/test_binary'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'guests/test_binary/test_binary.S'), '    .section .text.boot, "ax"\n    .globl _start\n_start:\n    mov x8, #777\n    hvc #0\n1:  wfi\n    b 1b\n');
  return dir;
}

/** An edit: every file of the project (sources and outputs) moves to one instant 10 s in the
 *  past, then the edited file is touched now (no sleeping for mtime granularity). */
function edit(root: string, f: string): void {
  const past = new Date(Date.now() - 10_000);
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else fs.utimesSync(p, past, past);
    }
  };
  walk(root);
  const now = new Date();
  fs.utimesSync(f, now, now);
}

async function steps(root: string): Promise<string[]> {
  const lines: string[] = [];
  await build({ root, toolchainDeps: false, log: (l) => lines.push(l.trim().replace(/\s+/g, ' ')) });
  return lines;
}

describe('incremental builds', () => {
  let root: string;
  beforeAll(() => {
    root = copyProject();
  });

  test('cold build runs every step, in data-flow order', async () => {
    const s = await steps(root);
    const kinds = s.map((l) => l.split(' ')[0]);
    expect(kinds.filter((k) => k === 'asc')).toHaveLength(1);
    expect(s.findIndex((l) => l.startsWith('asc'))).toBeLessThan(s.findIndex((l) => l.startsWith('backend')));
    expect(s.at(-1)).toMatch(/^link .*kernel8\.elf, .*kernel8\.img$/);
    expect(fs.existsSync(path.join(root, 'build/kernel8.img'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'build/test_binary.bin'))).toBe(true);
  });

  test('a second build does nothing', async () => {
    expect(await steps(root)).toEqual([]);
  });

  test('editing the guest relinks it and the hypervisor that carries it, nothing else', async () => {
    edit(root, path.join(root, 'guests/test_binary/test_binary.S'));
    const s = await steps(root);
    expect(s.map((l) => l.replace(/ .*\//, ' '))).toEqual([
      'as test_binary.S',
      'link test_binary.bin',
      'generate guests.S',
      'as guests.S',
      'link kernel8.img',
    ]);
  });

  test('editing a module main.ts imports recompiles the hypervisor', async () => {
    edit(root, path.join(root, 'hypervisor/uart.ts'));
    const s = await steps(root);
    expect(s.map((l) => l.split(' ')[0])).toEqual(['asc', 'backend', 'as', 'link']);
  });
});

describe('bad input through the CLI', () => {
  async function cli(root: string) {
    return execa('node', [CLI, 'build', '-C', root], { reject: false });
  }

  test('an asc error: file:line:col, exit 1, and the old image is gone', async () => {
    const root = copyProject();
    await build({ root, log: () => {} });
    expect(fs.existsSync(path.join(root, 'build/kernel8.img'))).toBe(true);
    const main = path.join(root, 'hypervisor/main.ts');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('uartInit();', 'uartInit();\n  let broken: i32 = "text";'));
    const r = await cli(root);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/hypervisor\/main\.ts:\d+:\d+: error: Type '~lib\/string\/String' is not assignable to type 'i32'/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(fs.existsSync(path.join(root, 'build/kernel8.img'))).toBe(false);
  });

  // The CLI turns any UserError into exit 1 (tested above); these two go through the API.
  async function buildError(root: string): Promise<string> {
    const e = await build({ root, log: () => {} }).then(() => undefined, (e) => e);
    expect(isUserError(e), String(e?.stack)).toBe(true);
    return e instanceof UserErrors ? e.errors.map(formatUserError).join('\n') : formatUserError(e);
  }

  test('an unknown intrinsic is named', async () => {
    const root = copyProject();
    const main = path.join(root, 'hypervisor/main.ts');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8') + '\n// @ts-ignore: decorator\n@external("aarch64", "mrs.NOT_A_REGISTER") declare function bogus(): u64;\nexport function useBogus(): u64 { return bogus(); }\n');
    // located at the declaration in the source, not only in the wasm
    expect(await buildError(root)).toMatch(/hypervisor\/main\.ts:\d+:11: error: .*NOT_A_REGISTER/);
    expect(fs.existsSync(path.join(root, 'build/kernel8.img'))).toBe(false);
  });

  test('a missing symbol is named', async () => {
    const root = copyProject();
    const main = path.join(root, 'hypervisor/main.ts');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8') + '\n// @ts-ignore: decorator\n@external("env", "no_such_routine") declare function missing(): void;\nexport function callMissing(): void { missing(); }\n');
    expect(await buildError(root)).toMatch(/hypervisor\/main\.ts:\d+:11: error: undefined symbol 'no_such_routine'/);
    expect(fs.existsSync(path.join(root, 'build/kernel8.img'))).toBe(false);
  });

  test('a program without main', async () => {
    const root = copyProject();
    fs.mkdirSync(path.join(root, 'guests/nomain'));
    fs.writeFileSync(path.join(root, 'guests/nomain/main.ts'), 'export function start(): void {}\n');
    expect(await buildError(root)).toMatch(/guests\/nomain\/main\.ts:1:1: error: program nomain exports no function 'main'/);
    expect(fs.existsSync(path.join(root, 'build/nomain.bin'))).toBe(false);
  });

  test('an unknown program name', async () => {
    const r = await execa('node', [CLI, 'build', '-C', copyProject(), 'nonesuch'], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/no program named 'nonesuch' \(programs: test_binary, kernel8\)/);
  });
});

describe('step cache', () => {
  const read = (root: string) => fs.readFileSync(path.join(root, 'build/kernel8.img'));

  test('a fresh build folder reuses asc and backend results, byte-identical; a changed import compiles again', async () => {
    const { ascRuns } = await import('../../tools/frontend/asc-host.ts');
    const root = copyProject();
    await build({ root, log: () => {} });
    const first = read(root);
    fs.rmSync(path.join(root, 'build'), { recursive: true });
    const before = ascRuns();
    const lines: string[] = [];
    await build({ root, log: (l) => lines.push(l) });
    expect(lines.some((l) => /asc /.test(l))).toBe(true); // the step still runs (outputs were missing) ...
    expect(ascRuns()).toBe(before); // ... but asc does not
    expect(read(root).equals(first)).toBe(true);
    // Oracle for the cached bytes: a compile with the cache off.
    fs.rmSync(path.join(root, 'build'), { recursive: true });
    process.env.RASPVISOR_NO_CACHE = '1';
    try {
      await build({ root, log: () => {} });
    } finally {
      delete process.env.RASPVISOR_NO_CACHE;
    }
    expect(ascRuns()).toBe(before + 1);
    expect(read(root).equals(first)).toBe(true);
    // A module main.ts imports changes content (not only its mtime): asc runs again.
    const uart = path.join(root, 'hypervisor/uart.ts');
    fs.writeFileSync(uart, fs.readFileSync(uart, 'utf8') + '\nexport function cacheProbe(): u32 { return 0x5eed; }\n');
    fs.rmSync(path.join(root, 'build'), { recursive: true });
    await build({ root, log: () => {} });
    expect(ascRuns()).toBe(before + 2);
  });
});

describe('build correctness', () => {
  test('a removed guest folder is no longer carried by the hypervisor', async () => {
    const root = copyProject();
    fs.cpSync(path.join(root, 'guests/test_binary'), path.join(root, 'guests/extra'), { recursive: true });
    fs.renameSync(path.join(root, 'guests/extra/test_binary.S'), path.join(root, 'guests/extra/extra.S'));
    await build({ root, log: () => {} });
    const table = () => fs.readFileSync(path.join(root, 'build/kernel8/guests.S'), 'utf8');
    expect(table()).toContain('"extra"');
    const withExtra = fs.statSync(path.join(root, 'build/kernel8.img')).size;
    fs.rmSync(path.join(root, 'guests/extra'), { recursive: true });
    await build({ root, log: () => {} });
    expect(table()).not.toContain('extra');
    expect(table()).toContain('"test_binary"');
    // the image lost the guest's bytes (oracle: the removed guest's own image size)
    const extraBin = fs.statSync(path.join(root, 'build/extra.bin')).size;
    expect(fs.statSync(path.join(root, 'build/kernel8.img')).size).toBeLessThanOrEqual(withExtra - extraBin);
  });

  test('one broken guest does not stop the others; the hypervisor that carries it is not built', async () => {
    const root = copyProject();
    fs.mkdirSync(path.join(root, 'guests/a_broken'));
    fs.writeFileSync(path.join(root, 'guests/a_broken/main.ts'), 'export function main(): void {\n  let x: i32 = "no";\n}\n');
    const lines: string[] = [];
    const e = await build({ root, log: (l) => lines.push(l) }).then(() => undefined, (e) => e);
    expect(isUserError(e)).toBe(true);
    expect(formatUserError(e instanceof UserErrors ? e.errors[0] : e)).toMatch(/guests\/a_broken\/main\.ts:2:16: error: Type '~lib\/string\/String' is not assignable to type 'i32'/);
    expect(fs.existsSync(path.join(root, 'build/test_binary.bin'))).toBe(true); // built after the broken one
    expect(fs.existsSync(path.join(root, 'build/kernel8.img'))).toBe(false);
    expect(lines.some((l) => /skip +kernel8: it carries a_broken/.test(l))).toBe(true);
  });

  test('the guests the hypervisor carries are its layout list, in that order; an unknown name is an error', async () => {
    const { discoverPrograms } = await import('../../tools/build/programs.ts');
    const root = copyProject();
    fs.cpSync(path.join(root, 'guests/test_binary'), path.join(root, 'guests/b_second'), { recursive: true });
    expect(discoverPrograms(root).find((p) => p.name === 'kernel8')!.embeds).toEqual(['b_second', 'test_binary']);
    expect(discoverPrograms(root, { kernel8: { guests: ['test_binary', 'b_second'] } }).find((p) => p.name === 'kernel8')!.embeds).toEqual(['test_binary', 'b_second']);
    expect(() => discoverPrograms(root, { kernel8: { guests: ['echo'] } })).toThrow(/PROGRAM_LAYOUTS\.kernel8\.guests names 'echo', but there is no guests\/echo\//);
  });
});
