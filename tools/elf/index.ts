// ELF64 AArch64 toolkit: read objects/executables, write files, apply relocations, link.
export { readElf, type ElfFile, type ElfSection, type ElfSymbol, type ElfReloc } from './reader.ts';
export { writeElf, encodeSymtab, encodeRela, StrTab, type OutSection, type OutSegment, type SymEntry } from './writer.ts';
export { applyRelocation, applyDataRelocation, relocValue, relocSize, isPcRelative, isDataReloc, isKnownReloc } from './relocs.ts';
export { link, formatMap, BOUND_SYMBOLS, OUTPUT_ORDER, type LinkInput, type LinkOptions, type LinkResult, type OutputSection, type LinkedSymbol } from './linker.ts';
export * from './constants.ts';
