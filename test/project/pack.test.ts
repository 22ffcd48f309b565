// A new user's path, end to end: the registry form of raspvisor (`npm pack`) installed into a
// clean folder (offline: npm's cache holds what this checkout's `npm ci` fetched), `raspvisor
// init demo`, `npm ci` there, then build, image, run --until and the editor's type check, all
// run from inside the new project. Oracles: the tarball's file list, mtools on the card image,
// the transcript the hypervisor prints, tsc's own diagnostics.
import { beforeAll, describe, expect, test } from 'vitest';
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { offlineLock } from './offline-lock.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('npm pack -> install -> init -> build/image/run in the new project', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-pack-'));
  const host = path.join(tmp, 'host');
  const demo = path.join(host, 'demo');
  let tarball = '';
  let files: string[] = [];
  // The project's own raspvisor (installed from the tarball), run from `cwd`.
  const rv = (args: string[], cwd = demo, opts: { reject?: boolean } = {}) =>
    execa(path.join(cwd === host ? host : demo, 'node_modules/.bin/raspvisor'), args, { cwd, reject: opts.reject ?? true, all: true, env: { ...process.env, FORCE_COLOR: '0' } });

  beforeAll(async () => {
    const packed = await execa('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: REPO });
    const info = JSON.parse(packed.stdout)[0];
    tarball = path.join(tmp, info.filename);
    files = info.files.map((f: { path: string }) => f.path);
    fs.mkdirSync(host);
    fs.writeFileSync(path.join(host, 'package.json'), JSON.stringify({ name: 'host', version: '1.0.0', private: true, dependencies: { raspvisor: `file:${path.relative(host, tarball)}` } }));
    offlineLock({ repo: REPO, tarball, folder: host });
    await execa('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: host });
    const init = await rv(['init', 'demo', '--dependency', `file:${path.relative(demo, tarball)}`], host);
    expect(init.stdout).toMatch(/created project demo/);
    const devDependencies = JSON.parse(fs.readFileSync(path.join(demo, 'package.json'), 'utf8')).devDependencies;
    offlineLock({ repo: REPO, tarball, folder: demo, devDependencies });
    await execa('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: demo });
  }, 600_000);

  test('the tarball holds the toolchain, the examples and a prebuilt CPU core, and no tests', () => {
    expect(files).toContain('tools/cli/raspvisor.mjs');
    expect(files).toContain('hypervisor/main.ts');
    expect(files.some((f) => /^tools\/emu\/gen\/prebuilt\/cpu-core-[0-9a-f]+\.wasm$/.test(f))).toBe(true);
    expect(files.filter((f) => f.startsWith('test/') || f.includes('fixtures/'))).toEqual([]);
  });

  test('init copied the examples and refuses a folder that is not empty', async () => {
    for (const f of ['hypervisor/main.ts', 'raspvisor.json', 'tsconfig.json', '.gitignore', 'README.md']) expect(fs.existsSync(path.join(demo, f)), f).toBe(true);
    expect(fs.readFileSync(path.join(demo, 'hypervisor/main.ts'))).toEqual(fs.readFileSync(path.join(REPO, 'hypervisor/main.ts')));
    const again = await rv(['init', 'demo'], host, { reject: false });
    expect(again.exitCode).toBe(1);
    expect(again.all).toMatch(/^error: .*demo: folder is not empty/m);
    expect(again.all).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('build, image and run work on the project of the current directory, outputs in its build/', async () => {
    const b = await rv(['build']);
    expect(b.all).toMatch(/hypervisor build\/kernel8\.img/);
    expect(fs.existsSync(path.join(demo, 'build/kernel8.img'))).toBe(true);
    expect(fs.existsSync(path.join(demo, 'node_modules/raspvisor/build'))).toBe(false);
    await rv(['image', '-o', 'sdcard.img']);
    const dir = await execa('mdir', ['-b', '-i', `${path.join(demo, 'sdcard.img')}@@1M`, '::'], { reject: false });
    if (dir.exitCode === 0) expect(dir.stdout.toLowerCase()).toContain('kernel8.img');
    // `run` with nothing named: the project's card (kernel8.img, guests, vms.txt) and its five VMs.
    const run = await rv(['run', '--until', 'INFO[5]: loaded', '--timeout', '300']);
    expect(run.stdout).toMatch(/raspvisor: hypervisor in AssemblyScript, booted at EL2/);
    for (let vm = 1; vm <= 5; vm++) expect(run.stdout).toContain(`INFO[${vm}]: loaded`);
    // From a subfolder and with -C from outside, the same project.
    const sub = await rv(['build'], path.join(demo, 'guests'));
    expect(sub.all).toMatch(/everything up to date/);
    const viaC = await execa(path.join(demo, 'node_modules/.bin/raspvisor'), ['build', '-C', 'demo'], { cwd: host, all: true });
    expect(viaC.all).toMatch(/everything up to date/);
    const outside = await execa(path.join(demo, 'node_modules/.bin/raspvisor'), ['build'], { cwd: tmp, all: true, reject: false });
    expect(outside.exitCode).toBe(1);
    expect(outside.all).toMatch(/not inside a raspvisor project/);
  });

  test('the editor type check passes, and names file:line:col when a source is wrong', async () => {
    const ok = await execa('npm', ['run', '--silent', 'check'], { cwd: demo, reject: false, all: true });
    expect(ok.all).toBe('');
    expect(ok.exitCode).toBe(0);
    const main = path.join(demo, 'hypervisor/main.ts');
    const saved = fs.readFileSync(main, 'utf8');
    try {
      const lines = saved.split('\n');
      const at = lines.findIndex((l) => /^export function main\(/.test(l));
      lines.splice(at + 1, 0, '  const wrong: u32 = "text";');
      fs.writeFileSync(main, lines.join('\n'));
      const bad = await execa('npm', ['run', '--silent', 'check'], { cwd: demo, reject: false, all: true, env: { ...process.env, FORCE_COLOR: '0' } });
      expect(bad.exitCode).not.toBe(0);
      const text = bad.all.replace(/\x1b\[[0-9;]*m/g, '');
      expect(text).toContain(`hypervisor/main.ts:${at + 2}:9 - error TS2322`);
      // The build names the same place, relative to the project.
      const b = await rv(['build'], demo, { reject: false });
      expect(b.exitCode).toBe(1);
      expect(b.all).toMatch(new RegExp(`hypervisor/main\\.ts:${at + 2}:\\d+: error`));
    } finally {
      fs.writeFileSync(main, saved);
    }
  });
});
