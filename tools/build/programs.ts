// Which programs the project has and where each one lives in memory. A program is the
// hypervisor (`hypervisor/`, image kernel8.img) or a guest (`guests/<name>/`, image <name>.bin).
// Its sources: an AssemblyScript entry `main.ts` (optional) and every `.S` file in its folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../common/diagnostics.ts';

export type ProgramKind = 'hypervisor' | 'guest';

export interface ProgramLayoutSpec {
  /** Where the image is loaded and linked (the first byte is the entry). */
  loadAddress: number;
  /** Machine address of wasm address 0 (0: identity, wasm addresses are machine addresses). */
  addressBase: number;
  /** Wasm address of static data (asc --memoryBase). Above the image and the stack. */
  memoryBase: number;
  /** Bytes of wasm memory (fixed; memory.grow fails). */
  memorySize: number;
  /** Initial SP of the boot core; the stack grows down from here for stackSize bytes. */
  stackTop: number;
  stackSize: number;
  /** The runtime's start-up turns on an identity-mapped MMU (Normal RAM, Device peripherals)
   *  at the current EL (tools/runtime/baremetal/mmu.S); false leaves it off. Default true. */
  mmu?: boolean;
  /** Stack check of compiled non-leaf functions: 'limit' (default: SP against the variable
   *  __stack_limit, which the program moves when it switches stacks), 'floor' (the absolute
   *  __stack_floor, one instruction less, one limit for every stack), 'percore' (this core's
   *  slot of __stack_limits, by MPIDR_EL1.Aff0: cores on stacks of their own; EL1/EL2), 'off'. */
  stackCheck?: 'limit' | 'floor' | 'percore' | 'off';
  /** Hypervisor only: the guests linked into its image, in table order (default: every
   *  guest folder, alphabetically). */
  guests?: string[];
}

export interface ProgramSpec extends ProgramLayoutSpec {
  name: string;
  kind: ProgramKind;
  /** Folder, relative to the project root. */
  dir: string;
  /** AssemblyScript entry, root-relative, if the program has one. */
  entry?: string;
  /** Assembly sources, root-relative. */
  asmSources: string[];
  /** Output file names inside build/. */
  image: string;
  elf: string;
  /** Guests whose images are linked into this one (the hypervisor carries them for now). */
  embeds: string[];
}

/** The defaults. A QEMU-style kernel load at 0x80000 for both kinds, so a guest image also
 *  boots alone under `qemu-system-aarch64 -M raspi3b -kernel`. The stack sits below the image. */
export const DEFAULT_LAYOUT: Record<ProgramKind, ProgramLayoutSpec> = {
  hypervisor: { loadAddress: 0x80000, addressBase: 0, memoryBase: 0x400000, memorySize: 0x800000, stackTop: 0x80000, stackSize: 0x40000 },
  guest: { loadAddress: 0x80000, addressBase: 0, memoryBase: 0x200000, memorySize: 0x400000, stackTop: 0x80000, stackSize: 0x40000 },
};

/** Folders under guests/ that hold shared code rather than a program. */
const NOT_A_GUEST = new Set(['lib', 'common', 'shared']);

function listAsm(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(path.join(root, d), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = path.posix.join(d, e.name);
      if (e.isDirectory()) walk(rel);
      else if (/\.S$|\.s$/.test(e.name)) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/** Assembly of the shared guest library a program uses: `guests/lib/X.S` for every
 *  `guests/lib/X.ts` its entry reaches through relative imports (found by scanning the
 *  sources, so a cold build knows them before asc runs). */
export function libraryAsm(root: string, entry: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (rel: string) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    let text: string;
    try {
      text = fs.readFileSync(path.join(root, rel), 'utf8');
    } catch {
      return;
    }
    const lib = /^guests\/(lib|common|shared)\//.exec(rel);
    const asm = rel.replace(/\.ts$/, '.S');
    if (lib && fs.existsSync(path.join(root, asm))) out.push(asm);
    const re = /\b(?:from|import)\s*["'](\.{1,2}\/[^"']+)["']/g;
    for (let m; (m = re.exec(text)); ) visit(path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1])).replace(/(\.ts)?$/, '.ts'));
  };
  visit(entry);
  return out.sort();
}

export function discoverPrograms(root: string, overrides: Record<string, Partial<ProgramLayoutSpec>> = {}): ProgramSpec[] {
  const make = (name: string, kind: ProgramKind, dir: string, image: string): ProgramSpec | undefined => {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) return undefined;
    const entry = fs.existsSync(path.join(abs, 'main.ts')) ? path.posix.join(dir, 'main.ts') : undefined;
    const asmSources = listAsm(root, dir);
    if (entry) asmSources.push(...libraryAsm(root, entry).filter((a) => !asmSources.includes(a)));
    if (!entry && asmSources.length === 0) return undefined;
    const layout = { ...DEFAULT_LAYOUT[kind], ...(overrides[name] ?? {}) };
    return { name, kind, dir, entry, asmSources, image, elf: `${name}.elf`, embeds: [], ...layout };
  };
  const guests: ProgramSpec[] = [];
  const gdir = path.join(root, 'guests');
  if (fs.existsSync(gdir)) {
    for (const e of fs.readdirSync(gdir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!e.isDirectory() || NOT_A_GUEST.has(e.name)) continue;
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(e.name)) {
        throw new UserError(`guests/${e.name}: a guest name must be letters, digits, '_' or '-'`);
      }
      const g = make(e.name, 'guest', `guests/${e.name}`, `${e.name}.bin`);
      if (g) guests.push(g);
    }
  }
  const hyp = make('kernel8', 'hypervisor', 'hypervisor', 'kernel8.img');
  if (hyp) {
    // The guests the hypervisor carries, in this order (its VM table's order): every guest
    // folder, or the list `guests` of its layout (Makefile.ts PROGRAM_LAYOUTS.kernel8).
    const wanted = hyp.guests ?? guests.map((g) => g.name);
    for (const n of wanted) {
      if (!guests.some((g) => g.name === n)) {
        throw new UserError(`Makefile.ts: PROGRAM_LAYOUTS.kernel8.guests names '${n}', but there is no guests/${n}/ (guests: ${guests.map((g) => g.name).join(', ') || 'none'})`);
      }
    }
    hyp.embeds = [...wanted];
  }
  // Guests first: the hypervisor image carries theirs.
  return hyp ? [...guests, hyp] : guests;
}
