// Physical interrupts. IMO routes them to EL2 while a guest runs (an IRQ exit); while the core
// is idle they are polled after WFI. Sources: the EL2 timer (slice end or a guest timer event
// due: the scheduler re-arms it), the mini-UART's receive interrupt (console input, routed to
// core 0), the IPI of another core (ARM-local mailbox 0: the run queue changed) and the
// running vCPU's virtual timer (nCNTVIRQ: masked here, presented as its vIRQ).
import { irqSources, gpuPending1, IRQ_AUX, SRC_CNTHP, SRC_CNTV, SRC_GPU } from "../drivers/intc";
import { CNTV_CTL_EL0, isb } from "aarch64";
import { currentFrame } from "../arch/percpu";
import { FRAME_VTIMER_MASKED } from "../arch/frame";
import { hypTimerAck, clockRefresh } from "../drivers/hyp-timer";
import { coreId } from "../arch/percpu";
import { consoleRxInterrupt } from "../console/console";
import { ipiAck, SRC_MAILBOX0 } from "../drivers/ipi";

export function pollInterrupts(): void {
  clockRefresh(); // the core may have waited: the devices look at the present
  const core = coreId();
  const src = irqSources(core);
  if ((src & SRC_MAILBOX0) != 0) ipiAck(core);
  if ((src & SRC_CNTV) != 0) {
    // The running vCPU's virtual timer: masked until its level drops (vdev/arm-local.ts).
    CNTV_CTL_EL0.write(CNTV_CTL_EL0.read() | 2);
    isb();
    const f = currentFrame();
    if (f != 0) store<u64>(f + FRAME_VTIMER_MASKED, 1);
  }
  if ((src & SRC_CNTHP) != 0) hypTimerAck();
  if ((src & SRC_GPU) != 0 && (gpuPending1() & (1 << IRQ_AUX)) != 0) consoleRxInterrupt();
}
