// The asc flag set every raspvisor program is compiled with. Bare metal: no GC (stub runtime,
// never frees), optimized, static data at a fixed address, a memory whose size never changes,
// and `abort` routed to the runtime's panic routine.
//
// asc 0.28 facts that shape this list (measured): numeric options must be DECIMAL
// (`--memoryBase 0x200000` is silently read as 0); all-zero data emits no segment (the start-up
// code zeroes the data area instead).

import { UserError } from '../common/diagnostics.ts';

export const WASM_PAGE = 65536;

/** Runtime AssemblyScript library folder: `import ... from "aarch64"` resolves here. */
export const RUNTIME_LIB_DIR = 'tools/runtime/as';
/** The abort replacement, as asc's internal element name (file in RUNTIME_LIB_DIR + function). */
export const ABORT_ELEMENT = '~lib/rv_panic/rv_abort';
/** The module every program imports implicitly so that ABORT_ELEMENT exists. */
export const ABORT_MODULE = 'rv_panic';

export interface ProgramLayout {
  /** Wasm address where asc puts static data (the linker places the data there). */
  memoryBase: number;
  /** Bytes of wasm memory: memory.size is this constant, memory.grow always fails. */
  memorySize: number;
}

export function ascFlags(layout: ProgramLayout, libDir: string): string[] {
  const pages = layout.memorySize / WASM_PAGE;
  return [
    '--runtime', 'stub',
    '-O3',
    // Keeps the name section (function names for symbols and trap reports); the code section
    // is byte-identical with and without it (measured on the hypervisor).
    '--debug',
    // A source map (offset of each wasm instruction -> file:line:col) for the backend's line
    // information (tools/backend/debug/lines.ts); it adds a custom section naming the map file.
    '--sourceMap',
    '--memoryBase', String(layout.memoryBase), // decimal, never hex (see above)
    '--initialMemory', String(pages),
    '--maximumMemory', String(pages),
    '--lib', libDir,
    '--use', `abort=${ABORT_ELEMENT}`,
    '--noColors',
  ];
}

/** Layout mistakes are the user's (they come from a program's configuration). */
export function checkLayout(name: string, layout: ProgramLayout): void {
  const bad = (what: string) => {
    throw new UserError(`program ${name}: ${what}`);
  };
  if (!Number.isInteger(layout.memorySize) || layout.memorySize <= 0 || layout.memorySize % WASM_PAGE !== 0) {
    bad(`memorySize ${layout.memorySize} must be a positive multiple of 64 KiB`);
  }
  if (layout.memorySize > 0x1_0000_0000) bad('memorySize above 4 GiB');
  if (!Number.isInteger(layout.memoryBase) || layout.memoryBase < 0 || layout.memoryBase % 16 !== 0) {
    bad(`memoryBase ${layout.memoryBase} must be a non-negative multiple of 16`);
  }
  if (layout.memoryBase >= layout.memorySize) bad('memoryBase lies outside memory');
}
