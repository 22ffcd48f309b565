// Physical interrupts. IMO routes them to EL2 while a guest runs (an IRQ exit); while the core
// is idle they are polled after WFI. Sources: the EL2 timer (slice end or a guest timer event
// due: the scheduler re-arms it) and the mini-UART's receive interrupt (console input).
import { irqSources, gpuPending1, IRQ_AUX, SRC_CNTHP, SRC_GPU } from "../drivers/intc";
import { hypTimerAck, clockRefresh } from "../drivers/hyp-timer";
import { coreId } from "../arch/percpu";
import { consoleRxInterrupt } from "../console/console";

export function pollInterrupts(): void {
  clockRefresh(); // the core may have waited: the devices look at the present
  const src = irqSources(coreId());
  if ((src & SRC_CNTHP) != 0) hypTimerAck();
  if ((src & SRC_GPU) != 0 && (gpuPending1() & (1 << IRQ_AUX)) != 0) consoleRxInterrupt();
}
