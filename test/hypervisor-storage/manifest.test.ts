// vms.txt: the hypervisor's parser (hypervisor/vm/manifest.ts, compiled by asc, run in V8) and
// the build-time checker (sdcard/vms-manifest.ts) against known-correct results written from the
// grammar (docs/hypervisor-storage.md): the fields of good manifests, and for each bad input
// the exact located message, from both.
import { describe, expect, it } from 'vitest';
import { driver } from './as-harness.ts';
import { parseManifest as parseTs, ManifestError } from '../../sdcard/vms-manifest.ts';

const d = await driver({ bytes: new Uint8Array(512) });

/** The AssemblyScript parser's answer: VM lines "name image load entry memory slice cores line col". */
function asParse(text: string): string {
  return d.manifest(text);
}

function tsParse(text: string): string {
  try {
    return parseTs(text, 'vms.txt').map((v) => [v.name, v.image, v.loadAddress, v.entry, v.memoryBytes, v.sliceMicros, v.cores, v.line, v.columns[1]].join(' ') + '\n').join('');
  } catch (e) {
    if (e instanceof ManifestError) return 'error\n' + e.message;
    throw e;
  }
}

const GOOD = `# The VMs, one a line: name image load entry memory slice [cores]
mini-os  mini-os.bin   0x80000  0x80000  16M   10ms        # the first
echo\techo.bin\t0x80000\t0x80000\t1024K\t500us\t0x1
 sub  guests/Deep/x.BIN  0  0x1000  0x100000  1s  15\r

last last.bin 4096 8192 512M 10s 0X8
`;

describe('good manifests', () => {
  it('fields, numbers, units, comments, tabs, CRLF, blank lines', () => {
    const want = [
      `mini-os mini-os.bin ${0x80000} ${0x80000} ${16 << 20} 10000 0 2 10`,
      `echo echo.bin ${0x80000} ${0x80000} ${1 << 20} 500 1 3 6`,
      `sub guests/Deep/x.BIN 0 4096 ${0x100000} 1000000 15 4 7`,
      `last last.bin 4096 8192 ${512 << 20} 10000000 8 6 6`,
    ].join('\n') + '\n';
    expect(asParse(GOOD)).toBe(want);
    expect(tsParse(GOOD)).toBe(want);
  });

  it('defaultVms: the C original five, at our guests\' link address', () => {
    const want = ['mini-os', 'echo', 'mini-os', 'echo', 'mini-os'].map((n) => `${n} ${n}.bin ${0x80000} ${0x80000} ${16 << 20} 10000 0 0 0\n`).join('');
    expect(d.defaults()).toBe(want);
  });

  it('nine VMs (the most)', () => {
    const text = Array.from({ length: 9 }, (_, i) => `vm${i} echo.bin 0x80000 0x80000 16M 10ms`).join('\n');
    expect(asParse(text).split('\n').length).toBe(10);
    expect(tsParse(text)).toBe(asParse(text));
  });
});

const L = 'vm echo.bin 0x80000 0x80000 16M 10ms';
const BAD: [string, string][] = [
  ['', 'vms.txt:1:1: error: no VMs: the manifest needs at least one line \'name image load entry memory slice\''],
  ['# only a comment\n\n', 'vms.txt:1:1: error: no VMs: the manifest needs at least one line \'name image load entry memory slice\''],
  ['echo', 'vms.txt:1:5: error: expected the image file after the name (e.g. echo.bin)'],
  ['echo echo.bin', 'vms.txt:1:14: error: expected the load address (e.g. 0x80000)'],
  ['echo echo.bin 0x80000   # no entry', 'vms.txt:1:22: error: expected the entry address (e.g. 0x80000)'],
  [`${L}\necho echo.bin 0x80000 0x80000`, 'vms.txt:2:30: error: expected the memory size (e.g. 16M)'],
  ['echo echo.bin 0x80000 0x80000 16M', 'vms.txt:1:34: error: expected the time slice (e.g. 10ms)'],
  [`${L} 0x1 extra`, "vms.txt:1:42: error: vCPU count 'extra': expected 1-4"],
  [`${L} 0x1 5`, "vms.txt:1:42: error: vCPU count '5': expected 1-4"],
  [`${L} 0x1 4 extra`, "vms.txt:1:44: error: unexpected 'extra': a VM line has at most 8 fields (name image load entry memory slice cores vcpus)"],
  ['1vm echo.bin 0x80000 0x80000 16M 10ms', "vms.txt:1:1: error: a VM name starts with a letter: '1vm'"],
  ['my!vm echo.bin 0x80000 0x80000 16M 10ms', "vms.txt:1:3: error: bad character '!' in VM name (letters, digits, '-', '_', '.')"],
  ['abcdefghijklmnopq echo.bin 0x80000 0x80000 16M 10ms', "vms.txt:1:1: error: VM name 'abcdefghijklmnopq' is longer than 16 characters"],
  ['vm ech*o.bin 0x80000 0x80000 16M 10ms', "vms.txt:1:7: error: bad character '*' in image file name"],
  ['vm a\\b.bin 0x80000 0x80000 16M 10ms', "vms.txt:1:5: error: bad character '\\' in image file name"],
  ['vm guests//x.bin 0x80000 0x80000 16M 10ms', "vms.txt:1:10: error: empty folder name ('//') in image file name"],
  ['vm guests/ 0x80000 0x80000 16M 10ms', "vms.txt:1:10: error: image file name ends with '/' (a folder)"],
  [`vm ${'a'.repeat(256)} 0x80000 0x80000 16M 10ms`, 'vms.txt:1:4: error: image file name longer than 255 characters'],
  ['vm echo.bin 0x80000 0x80000 16Q 10ms', "vms.txt:1:29: error: memory size '16Q': expected a size such as 16M, 512K or 1G"],
  ['vm echo.bin 0x80000 0x80000 M 10ms', "vms.txt:1:29: error: memory size 'M': expected a size such as 16M, 512K or 1G"],
  ['vm echo.bin 0x80000 0x80000 100000 10ms', 'vms.txt:1:29: error: memory size 100000 is not a multiple of 4K (the stage-2 page)'],
  ['vm echo.bin 0x8000 0x8000 32K 10ms', 'vms.txt:1:27: error: memory size 32K is below the minimum 64K'],
  ['vm echo.bin 0x80000 0x80000 2G 10ms', "vms.txt:1:29: error: memory size 2G reaches the VM's devices at 0x3f000000 (at most 1008M)"],
  ['vm echo.bin 0x80000 0x80000 2000000000000000G 10ms', "vms.txt:1:29: error: memory size '2000000000000000G': expected a size such as 16M, 512K or 1G"],
  ['vm echo.bin 0x8g000 0x80000 16M 10ms', "vms.txt:1:13: error: load address '0x8g000': expected a number (decimal or 0x hex, at most 40 bits)"],
  ['vm echo.bin 0x10000000000 0x80000 16M 10ms', "vms.txt:1:13: error: load address '0x10000000000': expected a number (decimal or 0x hex, at most 40 bits)"],
  ['vm echo.bin 0x1000000 0x80000 16M 10ms', "vms.txt:1:13: error: load address 0x1000000 lies outside the VM's 16M of memory"],
  ['vm echo.bin 0x80000 -4 16M 10ms', "vms.txt:1:21: error: entry '-4': expected a number (decimal or 0x hex, at most 40 bits)"],
  ['vm echo.bin 0x80000 0x80002 16M 10ms', 'vms.txt:1:21: error: entry 0x80002 is not 4-byte aligned (A64 instructions)'],
  ['vm echo.bin 0x80000 0x2000000 16M 10ms', "vms.txt:1:21: error: entry 0x2000000 lies outside the VM's 16M of memory"],
  ['vm echo.bin 0x80000 0x80000 16M 10', "vms.txt:1:33: error: time slice '10': expected a number with us, ms or s (e.g. 10ms)"],
  ['vm echo.bin 0x80000 0x80000 16M 1.5ms', "vms.txt:1:33: error: time slice '1.5ms': expected a number with us, ms or s (e.g. 10ms)"],
  ['vm echo.bin 0x80000 0x80000 16M 99us', 'vms.txt:1:33: error: time slice 99us is shorter than 100us'],
  ['vm echo.bin 0x80000 0x80000 16M 11s', 'vms.txt:1:33: error: time slice 11s is longer than 10s'],
  [`${L} 0x10`, "vms.txt:1:38: error: core mask '0x10': expected 0x1-0xf (bit n = core n)"],
  [`${L} 0`, "vms.txt:1:38: error: core mask '0': expected 0x1-0xf (bit n = core n)"],
  [`${L} any`, "vms.txt:1:38: error: core mask 'any': expected 0x1-0xf (bit n = core n)"],
  [`vm ech\u00e9.bin 0x80000 0x80000 16M 10ms`, 'vms.txt:1:7: error: unexpected character 0xe9 (the manifest is plain ASCII)'],
  [`${L} # caf\u00e9`, 'vms.txt:1:43: error: unexpected character 0xe9 (the manifest is plain ASCII)'],
  [`${L}\x0c`, 'vms.txt:1:37: error: unexpected character 0x0c (the manifest is plain ASCII)'],
  [Array.from({ length: 10 }, (_, i) => `vm${i} echo.bin 0x80000 0x80000 16M 10ms`).join('\n'), 'vms.txt:10:1: error: a 10th VM: the hypervisor runs at most 9 VMs'],
  [['a a.bin 0 0 512M 10ms', 'b b.bin 0 0 400M 10ms', 'c c.bin 0 0 64M 10ms'].join('\n'), "vms.txt:3:13: error: the VMs' memory would overlap: with this one they need 976M, the host has 944M for VMs"],
];

describe('bad manifests: the same located message from the hypervisor and from the build', () => {
  it.each(BAD)('%j', (text, message) => {
    expect(asParse(text)).toBe('error\n' + message);
    expect(tsParse(text)).toBe('error\n' + message);
  });
});

describe('vmsFromCard: vms.txt read from a FAT32 volume (mkfs.fat + mcopy)', async () => {
  const { execa } = await import('execa');
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { tmpDir, ORACLE_ENV } = await import('../sdcard/helpers.ts');
  const work = tmpDir('hyp-vms');
  async function volume(vms?: string): Promise<Uint8Array> {
    const img = path.join(work, `v${Math.random().toString(36).slice(2)}.img`);
    await execa('mkfs.fat', ['-C', '-F', '32', '-s', '1', img, String(40 * 1024)]);
    if (vms !== undefined) {
      const f = path.join(work, 'vms.txt');
      fs.writeFileSync(f, vms);
      await execa('mcopy', ['-i', img, f, '::/VMS.TXT'], { env: ORACLE_ENV });
    }
    return fs.readFileSync(img);
  }
  const onCard = async (vms?: string) => {
    const dv = await driver({ bytes: await volume(vms) });
    expect(dv.mount()).toBe(true);
    return dv.vmsOnCard();
  };

  it('a good manifest, its VMs', async () => {
    expect(await onCard('a a.bin 0x80000 0x80000 16M 10ms\n')).toBe(`a a.bin ${0x80000} ${0x80000} ${16 << 20} 10000 0 1 3\nfrom vms.txt`);
  });
  it('no vms.txt: the defaults, and says so', async () => {
    const out = await onCard();
    expect(out.split('\n').slice(0, 5)).toEqual(d.defaults().trimEnd().split('\n'));
    expect(out.split('\n')[5]).toBe('from the default VMs (no vms.txt on the card)');
  });
  it('a bad manifest: null and the located message', async () => {
    expect(await onCard('# x\na a.bin 0x80000 0x80000 16M\n')).toBe('error\nvms.txt:2:28: error: expected the time slice (e.g. 10ms)');
  });
});
