// The panic routine every program's `abort` is routed to (asc `--use abort=`; see
// tools/frontend/flags.ts). It is `rv_abort` in the runtime's panic.S: prints the message, the
// source file, line and column on the UART and stops. Pointers are the program's wasm addresses
// of AssemblyScript strings (UTF-16, byte length at ptr-4).
// @ts-ignore: decorator
@external("env", "rv_abort")
declare function rv_abort(message: usize = 0, fileName: usize = 0, line: u32 = 0, column: u32 = 0): void;
