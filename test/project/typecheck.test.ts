// The editor's view of the examples: hypervisor/ and guests/ type-check with tsc under the
// settings a project's tsconfig.json extends (tools/runtime/as/tsconfig.json: AssemblyScript's
// declarations, "aarch64" resolved), so VS Code shows no false errors in code that compiles;
// and a real mistake is named file:line:col. Oracle: tsc itself.
import { expect, test } from 'vitest';
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSC = path.join(REPO, 'node_modules/.bin/tsc');

function project(extraFile?: { name: string; text: string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-tsc-'));
  const include = [path.join(REPO, 'hypervisor/**/*.ts'), path.join(REPO, 'guests/**/*.ts')];
  if (extraFile) {
    fs.writeFileSync(path.join(dir, extraFile.name), extraFile.text);
    include.push(path.join(dir, extraFile.name));
  }
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: path.join(REPO, 'tools/runtime/as/tsconfig.json'), include }));
  return dir;
}

test('hypervisor/ and guests/ type-check with the editor settings', async () => {
  const r = await execa(TSC, ['--noEmit', '--pretty', 'false', '-p', project()], { reject: false, all: true });
  expect(r.all).toBe('');
  expect(r.exitCode).toBe(0);
}, 120_000);

test('a wrong AssemblyScript source is reported at its line and column', async () => {
  const text = 'import { HCR_EL2 } from "aarch64";\nexport function f(): u64 {\n  const x: u32 = "no";\n  return HCR_EL2.read();\n}\n';
  const dir = project({ name: 'wrong.ts', text });
  const r = await execa(TSC, ['--noEmit', '--pretty', 'false', '-p', dir], { reject: false, all: true });
  expect(r.exitCode).not.toBe(0);
  expect(r.all).toContain('wrong.ts(3,9): error TS2322');
  expect(r.all.split('\n').filter((l) => l.includes('error'))).toHaveLength(1);
}, 120_000);
