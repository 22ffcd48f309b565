// AssemblyScript programs that go wrong, built by `raspvisor build` as guests (which boot alone
// at 0x80000 through the runtime's default entry) and run on qemu raspi3b: the runtime reports
// the trap kind, the code address and the function, or the abort's message and position.
import { beforeAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from '../../tools/build/index.ts';
import { runRaspi3b } from './qemu.ts';

let root: string;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-traps-'));
  fs.cpSync(path.join(import.meta.dirname, 'fixtures/assembly/trap-guests'), path.join(root, 'guests'), { recursive: true });
  await build({ root, log: () => {} });
});

const image = (g: string) => path.join(root, 'build', `${g}.bin`);

describe('runtime reports on qemu raspi3b', () => {
  test('integer divide by zero', async () => {
    const r = await runRaspi3b(image('divzero'), /\)\n/);
    expect(r.output).toMatch(/^\nwasm trap: integer divide by zero at 0x8[0-9a-f]{4} \(main\+0x[0-9a-f]+\)\n$/);
  });

  test('unbounded recursion is caught by the stack limit', async () => {
    const r = await runRaspi3b(image('overflow'), /\)\n/);
    expect(r.output).toMatch(/^\nwasm trap: call stack exhausted at 0x8[0-9a-f]{4} \(\w*deep\+0x[0-9a-f]+\)\n$/);
  });

  test('a failed assert', async () => {
    const r = await runRaspi3b(image('asserter'), /\)\n/);
    expect(r.output).toMatch(/^\nabort: not at EL1 in guests\/asserter\/main\.ts:4:3, called from 0x8[0-9a-f]{4} \(main\+0x[0-9a-f]+\)\n$/);
  });
});
