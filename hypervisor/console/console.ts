// The console multiplexer on the real mini-UART (what a person at the serial line talks to).
// One VM at a time is in the foreground: its output is printed as it comes and what is typed
// goes to its virtual mini-UART. The others' output waits in their UART's bounded buffer and
// is shown when they come to the foreground. `?` starts a command:
//   ?l list the VMs, ?1-?9 put that VM in the foreground, ?kN stop VM N, ?rN restart VM N,
//   ?? type a '?', ?h help;
//   anything else after '?' (or a VM that does not exist) gets one clear line.
//
// Input is lossless up to what a person can type or paste: the RX interrupt empties the
// hardware FIFO into the input ring (input-ring.ts), the pump moves bytes to the VM's queue
// (4 KiB), and from there into its 8-byte RX FIFO as fast as the guest reads (the C original
// flushed the FIFO after each byte). A guest cannot flood the console: its output is bounded
// per VM and per pump, and hypervisor lines about it are rate-limited (consoleVmLine).
//
// hyp-core calls consoleRxInterrupt on the AUX IRQ, and consolePump on every exit and in the
// idle loop, both with IRQs masked at EL2 (so the two never interleave).
import { uartInit, uartRxByte, uartRxInterrupt, uartRxReady } from "../drivers/mini-uart";
import { VirtualAuxUart } from "../vdev/aux-uart";
import { ConsoleSlot, ConsoleVm } from "./console-vm";
import { INPUT_RING_BYTES, inputFull, inputLength, inputPop, inputPush } from "./input-ring";
import { byteShown, canEmit, decimal, emit, freshLine, hexNumber, text } from "./output";
import { foreground, MAX_CONSOLE_VMS, setForeground, setVmCount, slot, slots, vmCount } from "./state";
import { printVmTable, setRowHeader, setTableFooter } from "./vm-table";

export { ConsoleVm } from "./console-vm";

/** Foreground output printed per pump at most: the rest waits for the next one. */
export const PUMP_OUTPUT_BUDGET: u32 = 256;
const ESCAPE: u32 = 0x3F; // '?'

const HELP: StaticArray<string> = [
  "console commands:",
  "  ?l      list the VMs",
  "  ?1-?9   put VM 1-9 on the console",
  "  ?kN     stop VM N (1-9)",
  "  ?rN     restart VM N from its image, with fresh memory",
  "  ??      type a '?'",
  "  ?h      this help",
];

let afterEscape = false;
/** A command that takes a VM number (?k) waits for its digit (0: none). */
let pendingCommand: u32 = 0;
let rxPaused = false;
/** Some VM's queue may hold typed bytes its RX FIFO has not taken yet. */
let inputHeld = false;
/** The foreground VM's UART (kept here: the pump looks at it on every exit). */
let foregroundUart: VirtualAuxUart | null = null;
/** Typed bytes with no VM to take them (before the first VM is added). */
let inputWithoutVm: u32 = 0;

/** The real mini-UART, with its receive interrupt on. */
export function consoleInit(): void {
  uartInit();
  uartRxInterrupt(true);
}

/** Adds the next VM (ids 1, 2, ... in order); the first one starts in the foreground. */
export function consoleAddVm(vm: ConsoleVm): void {
  const id = vm.id();
  if (id != vmCount + 1 || id > MAX_CONSOLE_VMS) {
    freshLine();
    text("console: VM ");
    decimal(id);
    text(" not on the console (ids go 1, 2, ... up to 9)\n");
    return;
  }
  slots[id] = new ConsoleSlot(vm);
  setVmCount(id);
  if (foreground == 0) {
    setForeground(id);
    foregroundUart = vm.uart();
    vm.uart().txBackpressure = true;
  }
}

/** The id of the VM in the foreground (0: none yet). */
export function foregroundVm(): u32 {
  return foreground;
}

/** The header over the columns ConsoleVm.tableRow() prints. */
export function consoleTableHeader(h: string): void {
  setRowHeader(h);
}

/** What ?l prints under the table (a whole line, written with consoleText...; no allocation). */
export function consoleTableFooter(f: () => void): void {
  setTableFooter(f);
}

/** The AUX interrupt: empty the hardware RX FIFO into the input ring. When the ring is full
 *  the receive interrupt goes off and bytes wait in the FIFO until the pump makes room. */
export function consoleRxInterrupt(): void {
  while (uartRxReady()) {
    if (inputFull()) {
      uartRxInterrupt(false);
      rxPaused = true;
      return;
    }
    inputPush(<u8>uartRxByte());
  }
}

/** Runs commands, feeds the VMs' UARTs, prints the foreground VM's output. With nothing
 *  typed and nothing printed it touches no device. It runs on every exit, so the common case
 *  (nothing typed, held or to print) is a few loads, inlined into the exit path. */
// @ts-ignore: decorator
@inline export function consolePump(): void {
  const fg = foregroundUart;
  if (!inputHeld && !rxPaused && inputLength() == 0 && (fg === null || fg.txPending() == 0)) return;
  pumpWork();
}

function pumpWork(): void {
  takeInput();
  if (rxPaused && inputLength() <= INPUT_RING_BYTES / 2) {
    // Bytes that waited in the FIFO raise the (level-sensitive) interrupt again at once.
    rxPaused = false;
    uartRxInterrupt(true);
  }
  if (inputHeld) {
    inputHeld = false;
    for (let id: u32 = 1; id <= vmCount; id++) if (!feed(slot(id)!)) inputHeld = true;
  }
  printForeground(PUMP_OUTPUT_BUDGET, false);
}

/** A hypervisor message on a line of its own (after what the foreground VM has printed). */
export function consoleLine(s: string): void {
  startLine();
  text(s);
  text("\n");
}

/** A hypervisor message about VM `id` (a WARN line...), within that VM's rate limit. */
export function consoleVmLine(id: u32, s: string): void {
  if (!consoleVmLineBegin(id)) return;
  text(s);
  text("\n");
}

/** Starts a line about VM `id` if its rate limit allows (false: say nothing). The caller then
 *  writes the line in pieces (consoleText, consoleDecimal, consoleHex) and ends it with
 *  consoleLineEnd: a line built so allocates nothing (the runtime never frees), which matters
 *  for lines a guest can cause on every exit. */
export function consoleVmLineBegin(id: u32): bool {
  const sl = slot(id);
  if (sl !== null) {
    if (!sl.lines.take()) return false;
    if (sl.lines.suppressed != 0) {
      startLine();
      text("console: ");
      decimal(sl.lines.suppressed);
      text(" messages about VM ");
      decimal(id);
      text(" suppressed\n");
      sl.lines.suppressed = 0;
    }
  }
  startLine();
  return true;
}

/** A hypervisor line about no VM in particular, in pieces (see consoleVmLineBegin). */
export function consoleLineBegin(): void {
  startLine();
}

export function consoleText(s: string): void {
  text(s);
}

export function consoleDecimal(v: u64): void {
  decimal(v);
}

export function consoleHex(v: u64): void {
  hexNumber(v);
}

/** A number right-aligned in `width` characters (a table column). */
export function consoleDecimalColumn(v: u64, width: i32): void {
  decimal(v, width);
}

export function consoleHexColumn(v: u64, width: i32): void {
  hexNumber(v, width);
}

export function consoleLineEnd(): void {
  text("\n");
}

// ---- input ----

function takeInput(): void {
  for (let b = inputPop(); b >= 0; b = inputPop()) take(<u32>b);
}

/** One typed byte: a command after '?', else the foreground VM's. */
function take(b: u32): void {
  if (pendingCommand != 0) {
    const c = pendingCommand;
    pendingCommand = 0;
    vmCommand(c, b);
  } else if (afterEscape) {
    afterEscape = false;
    command(b);
  } else if (b == ESCAPE) {
    afterEscape = true;
  } else {
    toForeground(b);
  }
}

function command(b: u32): void {
  if (b >= 0x30 && b <= 0x39) {
    switchTo(b - 0x30); // ?0 too, to say there is no VM 0
    return;
  }
  switch (b) {
    case 0x6C: // l
      startLine();
      printVmTable();
      break;
    case 0x68: // h
      startLine();
      for (let i = 0; i < HELP.length; i++) {
        text(HELP[i]);
        text("\n");
      }
      break;
    case ESCAPE:
      toForeground(ESCAPE);
      break;
    case 0x6B: // k
    case 0x72: // r
      pendingCommand = b;
      break;
    default:
      startLine();
      text("console: unknown command ?");
      byteShown(b);
      text(" (?h for help)\n");
  }
}

/** ?k or ?r, then the VM's digit `b`. */
function vmCommand(c: u32, b: u32): void {
  const id = b - 0x30;
  const s = b >= 0x30 && b <= 0x39 ? slot(id) : null;
  startLine();
  if (s === null) {
    text("console: ?");
    byteShown(c);
    text(" needs a VM number ");
    if (vmCount == 0) text("(no VMs yet), not ");
    else {
      text("1-");
      decimal(vmCount);
      text(", not ");
    }
    byteShown(b);
    text("\n");
    return;
  }
  text("INFO: VM ");
  decimal(id);
  if (c == 0x72) {
    text(" restarting from the console\n");
    s.vm.restart(); // may print its loading lines now
    return;
  }
  s.vm.stop();
  text(" stopped from the console\n");
}

/** VM `id` restarts in place: what it printed and the console has not shown goes (for the
 *  foreground VM it is shown first), and so do the bytes typed for it that it never read. */
export function consoleVmRestarted(id: u32): void {
  const s = slot(id);
  if (s === null) return;
  if (id == foreground) printForeground(u32.MAX_VALUE, true);
  s.vm.uart().clearOutput();
  s.txDropsReported = 0;
  s.input.clear();
  s.inputDropped = 0;
  s.inputDropReported = false;
}

function toForeground(b: u32): void {
  const s = slot(foreground);
  if (s === null) {
    inputWithoutVm++;
    return;
  }
  if (s.input.push(<u8>b)) {
    inputHeld = true;
    return;
  }
  s.inputDropped++;
  if (!s.inputDropReported) {
    s.inputDropReported = true;
    startLine();
    text("console: VM ");
    decimal(foreground);
    text(" is not reading its input: typed bytes are dropped\n");
  }
}

/** Moves held input into the VM's RX FIFO as far as it takes it; true when none is left. */
function feed(s: ConsoleSlot): bool {
  if (s.input.isEmpty()) return true;
  const uart = s.vm.uart();
  while (!s.input.isEmpty() && uart.rxPush(<u8>s.input.peek())) s.input.pop();
  if (!s.input.isEmpty()) return false;
  s.inputDropReported = false;
  return true;
}

// ---- output ----

/** Prints up to `budget` bytes of the foreground VM's output; `wait`: also when the wire is
 *  busy (else only what the TX FIFO takes now). */
function printForeground(budget: u32, wait: bool): void {
  const s = slot(foreground);
  if (s === null) return;
  const uart = s.vm.uart();
  // Nothing to print costs no MMIO access: this runs on every exit.
  for (let n: u32 = 0; n < budget && uart.txPending() != 0; n++) {
    if (!wait && !canEmit()) break;
    emit(<u32>uart.txPop());
  }
}

/** Before a console line: what the foreground VM printed so far, then a fresh line. */
function startLine(): void {
  printForeground(u32.MAX_VALUE, true);
  freshLine();
}

function switchTo(id: u32): void {
  const next = slot(id);
  if (next === null) {
    startLine();
    text("console: no VM ");
    decimal(id);
    if (vmCount == 0) text(" (no VMs yet)\n");
    else {
      text(" (VMs 1-");
      decimal(vmCount);
      text(")\n");
    }
    return;
  }
  startLine();
  const old = slot(foreground);
  if (old !== null) old.vm.uart().txBackpressure = false;
  setForeground(id);
  foregroundUart = next.vm.uart();
  text("console: switched to VM ");
  decimal(id);
  text(" (");
  text(next.vm.name());
  text(")\n");
  const uart: VirtualAuxUart = next.vm.uart();
  const dropped = uart.txDropped - next.txDropsReported;
  if (dropped != 0) {
    text("console: ");
    decimal(dropped);
    text(" earlier bytes of its output were dropped (it printed more than the buffer holds)\n");
    next.txDropsReported = uart.txDropped;
  }
  printForeground(u32.MAX_VALUE, true); // what it printed in the background
  uart.txBackpressure = true;
}
