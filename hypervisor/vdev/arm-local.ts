// The ARM-local block a VM sees at 0x40000000 (BCM2836/7 "Quad-A7 control", QA7_rev3.4),
// with one "core" per vCPU: mirrors tools/emu/devices/local-block.ts (our emulator's model of
// the real block). What it models:
//  - core timer interrupt control (0x40 + 4n): bit 3 routes vCPU n's virtual timer (CNTV) to
//    its IRQ, bit 7 to its FIQ; the other timers are the host's (CNTHCTL_EL2.EL1PCEN = 0);
//  - mailbox interrupt control (0x50 + 4n), the 16 mailboxes (set 0x80 + 16n + 4m, write-only;
//    read/clear 0xC0 + 16n + 4m): a write to vCPU n's mailbox is an IPI between vCPUs;
//  - IRQ/FIQ source (0x60 / 0x70 + 4n): bit 3 CNTV, bits 4-7 mailboxes, bit 8 the VM's legacy
//    interrupt controller (GPU interrupt routing 0x0C, to vCPU 0 at reset);
//  - control, prescaler, local routing: storage; the core timer (0x1C/0x20): the counter.
// The local timer (0x34/0x38), PMU and AXI registers read as zero and ignore writes.
//
// The virtual timer (CNTV) is the guest's own: its registers are live in the core while the
// vCPU runs. Its physical interrupt (nCNTVIRQ, routed to EL2 on every core by hyp-timer.ts)
// makes an exit; exits/irq.ts masks it (CNTV_CTL.IMASK, noted in the vCPU's frame) and the
// vCPU's level is computed here from CTL/CVAL and the count: enabled, condition met, not
// masked by the guest. The hypervisor's mask comes off again at an entry once the level has
// dropped (the guest re-armed or disabled it), so the guest sees one level-sensitive line.
import { CNTV_CTL_EL0, CNTV_CVAL_EL0, CNTVCT_EL0, CNTPCT_EL0, isb } from "aarch64";
import { MmioDevice } from "./device";
import { VmDevices } from "./vm-devices";
import { Vcpu } from "../vm/vcpu";
import { EL1_CNTV_CTL, EL1_CNTV_CVAL, EL1_CNTVOFF } from "../arch/world-switch";
import { FRAME_VTIMER_MASKED } from "../arch/frame";
import { coreId } from "../arch/percpu";
import { ipiSend } from "../drivers/ipi";

export const LOCAL_BASE: u32 = 0x40000000;
export const LOCAL_SIZE: u32 = 0x100;

const CONTROL: u32 = 0x00;
const PRESCALER: u32 = 0x08;
const GPU_ROUTING: u32 = 0x0C;
const CORE_TIMER_LS: u32 = 0x1C;
const CORE_TIMER_MS: u32 = 0x20;
const LOCAL_ROUTING: u32 = 0x24;
const TIMER_CONTROL0: u32 = 0x40;
const MAILBOX_CONTROL0: u32 = 0x50;
const IRQ_SOURCE0: u32 = 0x60;
const FIQ_SOURCE0: u32 = 0x70;
const MAILBOX_SET0: u32 = 0x80;
const MAILBOX_CLEAR0: u32 = 0xC0;

const SRC_CNTV: u32 = 1 << 3;
const SRC_GPU: u32 = 1 << 8;
/** lines(): the vCPU's IRQ and FIQ lines (-> HCR_EL2.VI / VF). */
export const LINE_IRQ: u32 = 1;
export const LINE_FIQ: u32 = 2;
const CTL_ENABLE: u64 = 1;
const CTL_IMASK: u64 = 2;
const CTL_ISTATUS: u64 = 4;

/** vCPU `v`'s virtual timer line: enabled, condition met and not masked by the guest. */
export function vtimerLevel(v: Vcpu): bool {
  const hypMasked = load<u64>(v.frame + FRAME_VTIMER_MASKED) != 0;
  if (v.core == <i32>coreId()) {
    const ctl = CNTV_CTL_EL0.read();
    const guestMasked = (ctl & CTL_IMASK) != 0 && !hypMasked;
    return (ctl & CTL_ENABLE) != 0 && (ctl & CTL_ISTATUS) != 0 && !guestMasked;
  }
  const ctl = unchecked(v.el1[EL1_CNTV_CTL]);
  if ((ctl & CTL_ENABLE) == 0 || ((ctl & CTL_IMASK) != 0 && !hypMasked)) return false;
  return CNTPCT_EL0.read() - unchecked(v.el1[EL1_CNTVOFF]) >= unchecked(v.el1[EL1_CNTV_CVAL]);
}

/** Counter value (physical) at which an off-core vCPU's virtual timer condition is met, or
 *  u64.MAX_VALUE (disabled, masked by the guest, or already met). */
export function vtimerDeadline(v: Vcpu): u64 {
  const ctl = unchecked(v.el1[EL1_CNTV_CTL]);
  const hypMasked = load<u64>(v.frame + FRAME_VTIMER_MASKED) != 0;
  if ((ctl & CTL_ENABLE) == 0 || ((ctl & CTL_IMASK) != 0 && !hypMasked)) return u64.MAX_VALUE;
  return unchecked(v.el1[EL1_CNTV_CVAL]) + unchecked(v.el1[EL1_CNTVOFF]);
}

/** At an entry of `v` on this core: takes the hypervisor's mask off its timer once the guest
 *  has re-armed or disabled it (or rewrote CNTV_CTL itself, which dropped the mask). */
export function vtimerEntry(v: Vcpu): void {
  const f = v.frame + FRAME_VTIMER_MASKED;
  if (load<u64>(f) == 0) return;
  const ctl = CNTV_CTL_EL0.read();
  if ((ctl & CTL_IMASK) == 0) {
    store<u64>(f, 0); // the guest wrote CTL: its own mask state stands
    return;
  }
  if ((ctl & CTL_ENABLE) == 0 || CNTVCT_EL0.read() < CNTV_CVAL_EL0.read()) {
    CNTV_CTL_EL0.write(ctl & ~CTL_IMASK);
    isb();
    store<u64>(f, 0);
  }
}

export class VirtualArmLocal extends MmioDevice {
  private control: u32 = 0;
  private prescaler: u32 = 0x80000000;
  private gpuRouting: u32 = 0;
  private localRouting: u32 = 0;
  private coreTimerHigh: u32 = 0;
  private timerControl: StaticArray<u32> = new StaticArray<u32>(4);
  private mailboxControl: StaticArray<u32> = new StaticArray<u32>(4);
  private mailboxes: StaticArray<u32> = new StaticArray<u32>(16);
  // The mailbox bits of each vCPU's IRQ and FIQ source registers. They change only when the
  // guest writes a mailbox or a mailbox control register, so they are worked out there
  // (refreshMailboxSources) rather than on every exit, where the scheduler asks for the lines.
  private mailboxIrq: StaticArray<u32> = new StaticArray<u32>(4);
  private mailboxFiq: StaticArray<u32> = new StaticArray<u32>(4);

  constructor(private vcpus: Vcpu[], private devices: VmDevices) {
    super(LOCAL_BASE, LOCAL_SIZE);
  }

  reset(): void {
    this.control = 0;
    this.prescaler = 0x80000000;
    this.gpuRouting = 0;
    this.localRouting = 0;
    for (let i = 0; i < 4; i++) {
      unchecked(this.timerControl[i] = 0);
      unchecked(this.mailboxControl[i] = 0);
      unchecked(this.mailboxIrq[i] = 0);
      unchecked(this.mailboxFiq[i] = 0);
    }
    for (let i = 0; i < 16; i++) unchecked(this.mailboxes[i] = 0);
  }

  private count(): i32 {
    return this.vcpus.length < 4 ? this.vcpus.length : 4;
  }

  /** Pending IRQ sources of vCPU n (the IRQ source register). */
  irqSources(n: u32): u32 {
    let irq = unchecked(this.mailboxIrq[n]);
    const tc = unchecked(this.timerControl[n]);
    if ((tc & 0x88) == 0x08 && vtimerLevel(unchecked(this.vcpus[n]))) irq |= SRC_CNTV;
    if ((this.gpuRouting & 3) == n && this.devices.irqAsserted()) irq |= SRC_GPU;
    return irq;
  }

  /** Pending FIQ sources of vCPU n (the FIQ source register). */
  fiqSources(n: u32): u32 {
    let fiq = unchecked(this.mailboxFiq[n]);
    if ((unchecked(this.timerControl[n]) & 0x80) != 0 && vtimerLevel(unchecked(this.vcpus[n]))) fiq |= SRC_CNTV;
    if (((this.gpuRouting >> 2) & 3) == n && this.devices.fiqAsserted()) fiq |= SRC_GPU;
    return fiq;
  }

  /** vCPU n's lines, LINE_IRQ | LINE_FIQ: whether its IRQ and FIQ source registers are
   *  non-zero. The scheduler asks on every exit, so this is the sources registers' logic
   *  with the clock and the VM's devices looked at once. */
  lines(n: u32): u32 {
    let lines: u32 = 0;
    if (unchecked(this.mailboxIrq[n]) != 0) lines |= LINE_IRQ;
    if (unchecked(this.mailboxFiq[n]) != 0) lines |= LINE_FIQ;
    // Its virtual timer: routed to FIQ (bit 7, which wins) or IRQ (bit 3), usually neither.
    const tc = unchecked(this.timerControl[n]);
    if ((tc & 0x88) != 0 && vtimerLevel(unchecked(this.vcpus[n]))) lines |= (tc & 0x80) != 0 ? LINE_FIQ : LINE_IRQ;
    // The legacy interrupt controller: its IRQ and FIQ outputs go to the vCPUs GPU routing
    // names (both vCPU 0 at reset).
    const r = this.gpuRouting;
    const toIrq = (r & 3) == n, toFiq = ((r >> 2) & 3) == n;
    if (toIrq || toFiq) lines |= this.devices.lines(toIrq, toFiq);
    return lines;
  }

  /** Mailbox bits of vCPU n's source registers after a mailbox or its control changed: a
   *  mailbox holding bits interrupts as its control enables it (bits 0-3 IRQ; bits 4-7 FIQ,
   *  which wins). */
  private refreshMailboxSources(n: u32): void {
    const mc = unchecked(this.mailboxControl[n]);
    let irq: u32 = 0, fiq: u32 = 0;
    for (let m: u32 = 0; m < 4; m++) {
      if (unchecked(this.mailboxes[n * 4 + m]) == 0) continue;
      if (((mc >> (4 + m)) & 1) != 0) fiq |= 1 << (4 + m);
      else if (((mc >> m) & 1) != 0) irq |= 1 << (4 + m);
    }
    unchecked(this.mailboxIrq[n] = irq);
    unchecked(this.mailboxFiq[n] = fiq);
  }

  read(offset: u32, width: u32): u64 {
    const n = (offset >> 2) & 3;
    if (offset >= MAILBOX_SET0 && offset < MAILBOX_CLEAR0) return 0; // write-only
    if (offset >= MAILBOX_CLEAR0) {
      const i = (offset - MAILBOX_CLEAR0) >> 2;
      return (i >> 2) < <u32>this.count() ? unchecked(this.mailboxes[i]) : 0;
    }
    if (offset >= TIMER_CONTROL0 && offset < MAILBOX_SET0) {
      if (n >= <u32>this.count()) return 0;
      switch (offset & ~0xC) {
        case TIMER_CONTROL0: return unchecked(this.timerControl[n]);
        case MAILBOX_CONTROL0: return unchecked(this.mailboxControl[n]);
        case IRQ_SOURCE0: return this.irqSources(n);
        case FIQ_SOURCE0: return this.fiqSources(n);
      }
      return 0;
    }
    switch (offset) {
      case CONTROL: return this.control;
      case PRESCALER: return this.prescaler;
      case GPU_ROUTING: return this.gpuRouting;
      case LOCAL_ROUTING: return this.localRouting;
      case CORE_TIMER_LS: {
        const v = CNTPCT_EL0.read();
        this.coreTimerHigh = <u32>(v >> 32);
        return <u32>v;
      }
      case CORE_TIMER_MS: return this.coreTimerHigh;
    }
    return 0;
  }

  write(offset: u32, width: u32, value: u64): void {
    const v = <u32>value;
    const n = (offset >> 2) & 3;
    if (offset >= MAILBOX_SET0) {
      const i = (offset & 0x3F) >> 2;
      const box = i >> 2; // the vCPU whose mailbox it is
      if (box >= <u32>this.count()) return;
      if (offset < MAILBOX_CLEAR0) unchecked(this.mailboxes[i] |= v);
      else unchecked(this.mailboxes[i] &= ~v);
      this.refreshMailboxSources(box);
      if (offset < MAILBOX_CLEAR0) this.kick(box);
      return;
    }
    if (offset >= TIMER_CONTROL0) {
      if (n >= <u32>this.count()) return;
      switch (offset & ~0xC) {
        case TIMER_CONTROL0: unchecked(this.timerControl[n] = v & 0xFF); break;
        case MAILBOX_CONTROL0:
          unchecked(this.mailboxControl[n] = v & 0xFF);
          this.refreshMailboxSources(n);
          this.kick(n);
          break;
      }
      return;
    }
    switch (offset) {
      case CONTROL: this.control = v; break;
      case PRESCALER: this.prescaler = v; break;
      case GPU_ROUTING: this.gpuRouting = v & 0xF; break;
      case LOCAL_ROUTING: this.localRouting = v & 7; break;
    }
  }

  /** vCPU n may have an interrupt now: if another core runs it, that core takes an exit (a
   *  physical IPI) and presents it; a waiting vCPU is woken by the scheduler after this exit. */
  private kick(n: u32): void {
    const c = unchecked(this.vcpus[n]).core;
    if (c >= 0 && c != <i32>coreId()) ipiSend(<u32>c);
  }
}
