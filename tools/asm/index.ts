// The assembler's entry points: source file -> assembled module -> ELF relocatable object.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IsaApi } from '../isa/api.ts';
import { assembleFile, type AsmOptions, type AsmResult } from './assembler.ts';
import { objectBytes } from './object.ts';

export type { AsmOptions, AsmResult };
export { assembleFile, objectBytes };

/** The real encoder from tools/isa, loaded on first use. */
export async function defaultIsa(): Promise<IsaApi> {
  const m = await import('../isa/index.ts');
  return m as unknown as IsaApi;
}

/** Assemble `file` to ELF object bytes. Throws UserErrors with every located error. */
export async function assembleToObject(file: string, opts: Partial<AsmOptions> = {}): Promise<Uint8Array> {
  const isa = opts.isa ?? (await defaultIsa());
  return objectBytes(assembleFile(path.resolve(file), { ...opts, isa }));
}

/** Assemble source text given in memory (tests, the backend). `name` is used in messages and
 *  as the base for `.include`. */
export function assembleText(text: string, name: string, opts: AsmOptions): AsmResult {
  const file = path.resolve(name);
  const read = opts.readFile;
  return assembleFile(file, { ...opts, readFile: (f) => (f === file ? text : read ? read(f) : fs.readFileSync(f, 'utf8')) });
}

/** `assembleText` with the real encoder, straight to object bytes (for generated sources). */
export async function assembleTextToObject(text: string, name: string, opts: Partial<AsmOptions> = {}): Promise<Uint8Array> {
  const isa = opts.isa ?? (await defaultIsa());
  return objectBytes(assembleText(text, name, { ...opts, isa }));
}
