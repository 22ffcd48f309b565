// Assembling and linking, behind one small interface. `ours` is tools/asm + tools/elf (the
// project's own); `gnu` (aarch64-linux-gnu-as/ld/objcopy) was the stopgap while those were
// written and stays selectable with RASPVISOR_TOOLCHAIN=gnu for comparison.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError, UserErrors } from '../common/diagnostics.ts';
import { writeFileAtomic } from '../common/files.ts';

export interface LinkRequest {
  objects: string[];
  base: number;
  entry: string;
  /** Input sections placed first in .text, in order. */
  textFirst: string[];
  /** Only sections reachable from the entry and textFirst (GNU ld's --gc-sections). */
  gcSections?: boolean;
  elf: string;
  image: string;
}

export interface Toolchain {
  name: 'ours' | 'gnu';
  assemble(source: string, object: string, includeDirs: string[]): Promise<void>;
  link(req: LinkRequest): Promise<void>;
}

export function selectedToolchain(): Toolchain {
  const want = process.env.RASPVISOR_TOOLCHAIN ?? 'ours';
  if (want === 'gnu') return gnu;
  if (want === 'ours') return ours;
  throw new UserError(`RASPVISOR_TOOLCHAIN=${want}: expected 'ours' or 'gnu'`);
}

const ours: Toolchain = {
  name: 'ours',
  async assemble(source, object, includeDirs) {
    const { assembleToObject } = await import('../asm/index.ts');
    writeFileAtomic(object, await assembleToObject(source, { includeDirs, debug: true }));
  },
  async link(req) {
    const { link } = await import('../elf/linker.ts');
    const inputs = req.objects.map((f) => ({ name: path.relative(process.cwd(), f), bytes: fs.readFileSync(f) }));
    const r = link(inputs, { base: BigInt(req.base), entry: req.entry, textFirst: req.textFirst, gcSections: req.gcSections });
    writeFileAtomic(req.elf, r.elf);
    writeFileAtomic(req.image, r.binary);
  },
};

async function run(cmd: string, args: string[]): Promise<string> {
  const { execa } = await import('execa');
  const r = await execa(cmd, args, { reject: false, all: true });
  if (r.exitCode !== 0) throw gnuErrors(r.all ?? '', cmd);
  return r.all ?? '';
}

/** GNU messages `file:line: Error: text` -> located UserErrors. */
function gnuErrors(text: string, cmd: string): Error {
  const errs: UserError[] = [];
  for (const line of text.split('\n')) {
    const m = /^(.*?):(\d+): (?:Error|error): (.*)$/.exec(line);
    if (m) errs.push(new UserError(m[3], { loc: { file: path.relative(process.cwd(), m[1]), line: Number(m[2]), col: 1 } }));
    else if (/undefined reference|error:/i.test(line)) errs.push(new UserError(line.replace(/^.*?: /, '')));
  }
  if (errs.length === 0) errs.push(new UserError(`${cmd} failed:\n${text}`));
  return errs.length === 1 ? errs[0] : new UserErrors(errs);
}

function tmpBeside(f: string): string {
  return path.join(path.dirname(f), `.${path.basename(f)}.${process.pid}.tmp`);
}

const gnu: Toolchain = {
  name: 'gnu',
  async assemble(source, object, includeDirs) {
    fs.mkdirSync(path.dirname(object), { recursive: true });
    const tmp = tmpBeside(object);
    try {
      await run('aarch64-linux-gnu-as', [...includeDirs.flatMap((d) => ['-I', d]), source, '-o', tmp]);
      fs.renameSync(tmp, object);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  },
  async link(req) {
    fs.mkdirSync(path.dirname(req.elf), { recursive: true });
    const script = tmpBeside(req.elf) + '.ld';
    const first = req.textFirst.map((s) => `KEEP(*(${s} ${s}.*))`).join(' ');
    // The same fixed order as tools/elf: text (boot first), rodata, data (+ .wasm_data), bss.
    fs.writeFileSync(
      script,
      `ENTRY(${req.entry})\nSECTIONS {\n  . = ${req.base};\n  __text_start = .;\n  .text : { ${first} *(.text .text.*) }\n  __text_end = .;\n` +
        `  .rodata : { *(.rodata .rodata.*) }\n  .data : { __data_start = .; *(.data .data.*) *(.wasm_data) __data_end = .; }\n` +
        `  .bss : { . = ALIGN(8); __bss_start = .; *(.bss .bss.* COMMON) . = ALIGN(8); __bss_end = .; }\n  _end = .;\n  __image_end = .;\n` +
        `  /DISCARD/ : { *(.note.* .comment) }\n}\n`,
    );
    const tmpElf = tmpBeside(req.elf);
    const tmpImg = tmpBeside(req.image);
    try {
      await run('aarch64-linux-gnu-ld', ['-nostdlib', '-static', ...(req.gcSections ? ['--gc-sections'] : []), '-T', script, ...req.objects, '-o', tmpElf]);
      await run('aarch64-linux-gnu-objcopy', ['-O', 'binary', tmpElf, tmpImg]);
      fs.renameSync(tmpElf, req.elf);
      fs.renameSync(tmpImg, req.image);
    } finally {
      for (const f of [script, tmpElf, tmpImg]) fs.rmSync(f, { force: true });
    }
  },
};
