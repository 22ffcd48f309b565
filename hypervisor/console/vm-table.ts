// ?l: one line per VM. The C original's columns (id, name, state, then pages, saved PC and
// exit counts, which hyp-core's tableRow() gives with the IRQs injected) and the console's own:
// bytes of input waiting for the VM and bytes of its output dropped. `*` marks the foreground.
import { slot, vmCount, foreground } from "./state";
import { decimal, emit, text, textPadded } from "./output";

const NAME_WIDTH: i32 = 12;
const STATE_WIDTH: i32 = 9;
const ROW_HEADER_DEFAULT = "pages  saved-pc  wfx  hvc  sysreg  pf  mmio  irq";
let rowHeader: string = ROW_HEADER_DEFAULT;
/** Writes the line under the table (hyp-core's: the page pool and heap), or nothing. */
let footer: () => void = (): void => {};

export function setTableFooter(f: () => void): void {
  footer = f;
}

/** The header of the columns tableRow() prints (hyp-core sets it to match its rows). */
export function setRowHeader(h: string): void {
  rowHeader = h;
}

export function printVmTable(): void {
  text(" id  ");
  textPadded("name", NAME_WIDTH);
  textPadded("state", STATE_WIDTH);
  text(rowHeader);
  text("  in-held  out-dropped\n");
  if (vmCount == 0) {
    text("  (no VMs)\n");
    return;
  }
  for (let id: u32 = 1; id <= vmCount; id++) {
    const s = slot(id)!;
    decimal(id, 3);
    emit(id == foreground ? 42 : 32); // '*'
    emit(32);
    textPadded(s.vm.name(), NAME_WIDTH);
    textPadded(s.vm.stateName(), STATE_WIDTH);
    s.vm.tableRow();
    decimal(s.input.length, 9);
    decimal(s.vm.uart().txDropped, 13);
    text("\n");
  }
  footer();
}
