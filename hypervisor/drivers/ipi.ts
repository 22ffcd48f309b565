// Inter-processor interrupts through the ARM-local mailboxes (QA7_rev3.4 4.6-4.7): each core
// has four 32-bit mailboxes; writing bits to a mailbox's set register (0x40000080 + 16 * core)
// raises that core's IRQ source bit 4 (mailbox 0) while any bit is set and its mailbox
// interrupt control (0x40000050 + 4 * core) enables it; writing the clear register
// (0x400000C0 + 16 * core) takes bits away. The hypervisor's IPI is mailbox 0: "look at the
// run queue again" (an idle core in WFI wakes on it even with its interrupts masked).
import { mmio_write32, dsb_sy } from "aarch64";

const MAILBOX_INT_CONTROL0: u32 = 0x40000050; // + 4 * core
const MAILBOX0_SET: u32 = 0x40000080; // + 16 * core
const MAILBOX0_CLEAR: u32 = 0x400000C0; // + 16 * core
/** The IRQ source bit of mailbox 0 (ARM-local core IRQ source register). */
export const SRC_MAILBOX0: u32 = 1 << 4;

/** Lets mailbox 0 interrupt `core` (each core for itself, at its start). */
export function ipiEnable(core: u32): void {
  mmio_write32(MAILBOX_INT_CONTROL0 + core * 4, 1);
}

export function ipiSend(core: u32): void {
  dsb_sy(); // what the receiver is to look at is visible before the doorbell rings
  mmio_write32(MAILBOX0_SET + core * 16, 1);
}

export function ipiAck(core: u32): void {
  mmio_write32(MAILBOX0_CLEAR + core * 16, 0xFFFFFFFF);
}
