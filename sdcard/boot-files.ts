// The files that go on the boot partition: build outputs (kernel8.img, guest *.bin), the Pi
// firmware (image only; an existing boot partition has its own), config.txt, and a manifest
// that records the firmware version and every file's SHA-256 in `sha256sum -c` format.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../tools/common/diagnostics.ts';
import { KERNEL_FILE, renderConfigTxt } from './config.ts';
import { locateFirmware, sha256Hex, type Firmware } from './firmware.ts';
import type { FileSource } from './fat32/writer.ts';
import { checkManifest } from './vms-manifest.ts';

export const MANIFEST_FILE = 'raspvisor-manifest.txt';
export const CONFIG_FILE = 'config.txt';
export const DEFAULT_BUILD_DIR = 'build';
/** The VM manifest the hypervisor reads at boot, at the top of the boot partition. */
export const VMS_FILE = 'vms.txt';
/** Where a project keeps it (relative to the project root). */
export const PROJECT_VMS = path.join('hypervisor', VMS_FILE);

export interface BootFile {
  /** Name on the boot partition (top level). */
  name: string;
  source: FileSource;
  size: number;
  sha256: string;
  /** What it is, for the listing. */
  role: 'firmware' | 'kernel' | 'guest' | 'vms' | 'config' | 'manifest';
}

export interface BootFiles {
  firmware?: Firmware;
  files: BootFile[];
  manifest: string;
}

function hashFile(p: string): { size: number; sha256: string } {
  const data = fs.readFileSync(p);
  return { size: data.length, sha256: sha256Hex(data) };
}

/**
 * Runs the project's build (tools/build, `raspvisor build`) when it is there; it rebuilds only
 * what is out of date. Returns the build directory and the images it made, or undefined when
 * this checkout has no build module.
 */
export async function runProjectBuild(project: { root?: string; buildDir?: string } = {}): Promise<{ buildDir: string; images: string[]; root: string } | undefined> {
  const mod = new URL('../tools/build/index.ts', import.meta.url);
  if (!fs.existsSync(mod)) return undefined;
  const m = await import(mod.href);
  if (typeof m.build !== 'function') return undefined;
  const r = await m.build({ root: project.root, buildDir: project.buildDir, log: (line: string) => console.log(line) });
  const images: string[] = r.programs.map((p: { image: string }) => p.image);
  const dirs = [...new Set(images.map((i) => path.dirname(i)))];
  const root = project.root ?? path.resolve(fileURLToPath(mod), '../../..');
  return { root, buildDir: dirs.length === 1 ? dirs[0] : path.dirname(images.find((i) => path.basename(i) === KERNEL_FILE) ?? images[0]), images };
}

/**
 * kernel8.img and the guest binaries (*.bin) of a build directory, checked to exist. With
 * `images` (what the build just made), exactly those; otherwise every *.bin in the directory.
 */
export function buildOutputs(buildDir: string, images?: string[]): BootFile[] {
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(buildDir).sort();
  } catch {
    // reported below as missing kernel8.img
  }
  const made = images ? new Set(images.map((i) => path.resolve(i))) : undefined;
  const kernel = path.join(buildDir, KERNEL_FILE);
  const guests = entries.filter(
    (e) => e.endsWith('.bin') && fs.statSync(path.join(buildDir, e)).isFile() && (!made || made.has(path.resolve(buildDir, e))),
  );
  if (!entries.includes(KERNEL_FILE)) {
    throw new UserError(`${kernel}: missing (the hypervisor image)${guests.length === 0 ? `, and no guest *.bin files in ${buildDir}` : ''}`, {
      notes: ['run `raspvisor build` first, or pass --build-dir DIR where kernel8.img and the guest .bin files are'],
    });
  }
  const out: BootFile[] = [{ name: KERNEL_FILE, source: { kind: 'file', path: kernel }, role: 'kernel', ...hashFile(kernel) }];
  for (const g of guests) {
    const p = path.join(buildDir, g);
    out.push({ name: g, source: { kind: 'file', path: p }, role: 'guest', ...hashFile(p) });
  }
  return out;
}

function bytesFile(name: string, text: string, role: BootFile['role']): BootFile {
  const data = Buffer.from(text, 'utf8');
  return { name, source: { kind: 'bytes', data }, size: data.length, sha256: sha256Hex(data), role };
}

export function renderManifest(files: BootFile[], firmware: Firmware | undefined): string {
  const lines = [
    '# raspvisor boot files. Check them on the mounted partition with: sha256sum -c ' + MANIFEST_FILE,
    `# firmware: ${firmware ? firmware.origin : 'not installed by raspvisor (the partition\'s own)'}`,
    ...files.map((f) => `# ${f.role} ${f.name} ${f.size} bytes`),
    ...files.map((f) => `${f.sha256}  ${f.name}`),
  ];
  return lines.join('\n') + '\n';
}

/**
 * Which vms.txt goes on the card: `--vms FILE` (false: none); else the project's
 * hypervisor/vms.txt when the images come from the project's build (`root`); else
 * `<build dir>/vms.txt` for a --build-dir of ready images. Undefined: no manifest (the hypervisor
 * then starts its default VMs).
 */
export function chooseVmsFile(opts: { vms?: string | false; root?: string; buildDir: string }): string | undefined {
  if (opts.vms === false) return undefined;
  if (opts.vms !== undefined) {
    if (!fs.existsSync(opts.vms)) throw new UserError(`--vms ${opts.vms}: no such file`);
    return opts.vms;
  }
  const candidate = opts.root !== undefined ? path.join(opts.root, PROJECT_VMS) : path.join(opts.buildDir, VMS_FILE);
  return fs.existsSync(candidate) ? candidate : undefined;
}

/** The manifest as a boot file, checked against the build's images (a located error if bad). */
export function vmsBootFile(file: string, outputs: BootFile[], buildDir: string, warnMissing?: (message: string) => void): BootFile {
  const text = fs.readFileSync(file, 'utf8');
  const shown = path.relative(process.cwd(), file) || file;
  checkManifest(text, shown, new Map(outputs.map((f) => [f.name, f.size])), (path.relative(process.cwd(), buildDir) || '.') + '/', warnMissing);
  return bytesFile(VMS_FILE, text, 'vms');
}

export function collectBootFiles(opts: { buildDir: string; images?: string[]; withFirmware: boolean; firmwareDir?: string; vmsFile?: string; warnMissing?: (message: string) => void }): BootFiles {
  const firmware = opts.withFirmware ? locateFirmware({ dir: opts.firmwareDir }) : undefined;
  const files: BootFile[] = [];
  for (const f of firmware?.files ?? []) files.push({ name: f.name, source: { kind: 'file', path: f.path }, size: f.size, sha256: f.sha256, role: 'firmware' });
  const outputs = buildOutputs(opts.buildDir, opts.images);
  files.push(...outputs);
  if (opts.vmsFile !== undefined) files.push(vmsBootFile(opts.vmsFile, outputs, opts.buildDir, opts.warnMissing));
  files.push(bytesFile(CONFIG_FILE, renderConfigTxt(), 'config'));
  const manifest = renderManifest(files, firmware);
  files.push(bytesFile(MANIFEST_FILE, manifest, 'manifest'));
  return { firmware, files, manifest };
}
