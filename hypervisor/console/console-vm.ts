// What the console needs of a VM (hyp-core's Vm implements ConsoleVm), and what it keeps per
// VM: the bytes typed for it that its UART has not taken yet, and the counters behind the
// "dropped" messages.
import { VirtualAuxUart } from "../vdev/aux-uart";
import { ByteRing } from "../vdev/byte-ring";
import { LineBudget } from "./rate-limit";

export interface ConsoleVm {
  id(): u32;
  name(): string;
  stateName(): string;
  uart(): VirtualAuxUart;
  /** Writes the ?l columns after id/name/state (pages, pc, exits...), without a line end,
   *  with the console's consoleText/consoleDecimalColumn... (?l allocates nothing). */
  tableRow(): void;
  /** ?k: stops every vCPU (those on other cores leave them at once). */
  stop(): void;
  /** ?r: restarts it from its image with fresh memory (once no core runs any of its vCPUs). */
  restart(): void;
}

/** Input held per VM while its 8-byte RX FIFO is full: a long paste waits here. */
export const VM_INPUT_BYTES: u32 = 4096;

export class ConsoleSlot {
  input: ByteRing = new ByteRing(VM_INPUT_BYTES);
  /** Typed bytes dropped because the VM left VM_INPUT_BYTES unread. */
  inputDropped: u32 = 0;
  inputDropReported: bool = false;
  /** uart.txDropped when it was last reported. */
  txDropsReported: u32 = 0;
  lines: LineBudget = new LineBudget();

  constructor(public vm: ConsoleVm) {}
}
