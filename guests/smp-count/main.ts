// smp-count: a VM with four vCPUs (vms.txt: `... 0xf 4`). vCPU 0 asks PSCI for its version,
// starts vCPUs 1-3 with CPU_ON (lib/psci.S's entry), tries two calls PSCI must refuse, and counts
// like the others; all four meet at a barrier (an exclusive-access counter, WFE while
// waiting). Then vCPU 0 sends each secondary an IPI through its ARM-local mailbox; each
// waits for it in WFI, keeps the value, and powers itself off (CPU_OFF), which vCPU 0 sees
// through AFFINITY_INFO. Last, vCPU 0's own virtual timer (CNTV) interrupt, routed through
// its ARM-local timer control and seen in its IRQ source register, then SYSTEM_OFF.
// Only vCPU 0 prints, and only what does not depend on timing: the transcript is the same in
// every emulator. Secondaries allocate nothing (the runtime's allocator is not theirs to share).
import {
  smc_0, wfi, wfe, mmio_read32, mmio_write32, volatile_load32, volatile_store32, volatile_store64, volatile_load64,
  atomic_add32, MPIDR_EL1, CNTV_CTL_EL0, CNTV_TVAL_EL0, isb, dsb_sy, sev,
} from "aarch64";
import { exceptionLevel } from "../lib/boot";
import { uartInit } from "../lib/uart";
import { printf, puts } from "../lib/print";
import { psci, cpuOn, cpuOff, PSCI_VERSION, PSCI_AFFINITY_INFO, PSCI_SYSTEM_OFF } from "../lib/psci";

const VCPUS: u32 = 4;
const ROUNDS: u32 = 200000;

const LOCAL_TIMER_CONTROL0: u32 = 0x40000040; // + 4n: bit 3 = CNTV -> IRQ
const LOCAL_MAILBOX_CONTROL0: u32 = 0x40000050; // + 4n: bit 0 = mailbox 0 -> IRQ
const LOCAL_IRQ_SOURCE0: u32 = 0x40000060; // + 4n
const LOCAL_MAILBOX0_SET: u32 = 0x40000080; // + 16n
const LOCAL_MAILBOX0_CLEAR: u32 = 0x400000C0; // + 16n

// Shared between the vCPUs, touched only with volatile and atomic accesses.
const arrived = memory.data(8, 8);
const mpidrs = memory.data(8 * 4, 8);
const sums = memory.data(8 * 4, 8);
const mail = memory.data(4 * 4, 4);


/** Work that depends on n only: a checksum over ROUNDS * (n + 1) steps. */
function count(n: u32): u64 {
  let x: u64 = 0x9E3779B97F4A7C15 ^ <u64>n;
  const rounds = ROUNDS * (n + 1);
  for (let i: u32 = 0; i < rounds; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x;
}

function record(n: u32): void {
  volatile_store64(mpidrs + (<usize>n << 3), MPIDR_EL1.read());
  volatile_store64(sums + (<usize>n << 3), count(n));
}

function barrier(): void {
  atomic_add32(arrived, 1);
  dsb_sy();
  sev();
  while (volatile_load32(arrived) < VCPUS) wfe();
}

/** vCPUs 1-3 (smp.S): count, meet, wait for the mailbox, power off. */
export function secondary_main(n: u32): void {
  mmio_write32(LOCAL_MAILBOX_CONTROL0 + n * 4, 1);
  record(n);
  barrier();
  let m: u32 = 0;
  while ((m = mmio_read32(LOCAL_MAILBOX0_CLEAR + n * 16)) == 0) wfi(); // woken by the IPI (masked: no handler)
  mmio_write32(LOCAL_MAILBOX0_CLEAR + n * 16, m);
  volatile_store32(mail + (<usize>n << 2), m);
  dsb_sy();
  cpuOff();
}

function errName(r: i64): string {
  if (r == 0) return "SUCCESS";
  if (r == -2) return "INVALID_PARAMETERS";
  if (r == -4) return "ALREADY_ON";
  return "error " + r.toString();
}

export function main(bootEL: u32): void {
  uartInit();
  const v = psci(PSCI_VERSION, 0, 0, 0);
  printf("smp-count: EL%u, %u vCPUs, PSCI %u.%u", exceptionLevel(), VCPUS, <u64>v >> 16, <u64>v & 0xffff);
  const vs = smc_0(PSCI_VERSION, 0, 0, 0); // the same service through SMC
  printf(" (through SMC: %u.%u)\n", vs >> 16, vs & 0xffff);
  for (let n: u32 = 1; n < VCPUS; n++) {
    const r = cpuOn(n);
    printf("cpu %u: CPU_ON -> ", n);
    puts(errName(r) + "\n");
  }
  puts("cpu 1: CPU_ON again -> " + errName(cpuOn(1)) + "\n");
  puts("cpu 4: CPU_ON -> " + errName(cpuOn(4)) + "\n");
  record(0);
  barrier();
  printf("barrier: %u of %u vCPUs arrived\n", volatile_load32(arrived), VCPUS);
  for (let n: u32 = 0; n < VCPUS; n++) {
    printf("cpu %u: MPIDR %x, counted %u rounds, checksum %x\n", n, volatile_load64(mpidrs + (<usize>n << 3)),
      ROUNDS * (n + 1), volatile_load64(sums + (<usize>n << 3)));
  }
  for (let n: u32 = 1; n < VCPUS; n++) mmio_write32(LOCAL_MAILBOX0_SET + n * 16, 0x100 + n);
  for (let n: u32 = 1; n < VCPUS; n++) {
    while (psci(PSCI_AFFINITY_INFO, n, 0, 0) != 1) wfe(); // 1: OFF
    printf("cpu %u: got mailbox %x, then CPU_OFF; AFFINITY_INFO -> OFF\n", n, volatile_load32(mail + (<usize>n << 2)));
  }
  printf("cpu 0: AFFINITY_INFO -> %d (ON)\n", psci(PSCI_AFFINITY_INFO, 0, 0, 0));

  // The virtual timer: 1 ms ahead, its line to this vCPU's IRQ; wait in WFI (interrupts
  // masked: the pending vIRQ ends the WFI) until the IRQ source register shows it.
  mmio_write32(LOCAL_TIMER_CONTROL0, 1 << 3);
  CNTV_TVAL_EL0.write(19200);
  CNTV_CTL_EL0.write(1);
  isb();
  let waits = 0;
  let src: u32 = 0;
  while (((src = mmio_read32(LOCAL_IRQ_SOURCE0)) & (1 << 3)) == 0) {
    wfi();
    waits++;
  }
  CNTV_CTL_EL0.write(0);
  isb();
  printf("cpu 0: virtual timer interrupt, IRQ source %x\n", src);
  puts(waits > 0 ? "cpu 0: it ended a WFI\n" : "cpu 0: it was pending at once\n");
  src = mmio_read32(LOCAL_IRQ_SOURCE0);
  printf("cpu 0: timer off, IRQ source %x\n", src);
  puts("smp-count: done\n");
  psci(PSCI_SYSTEM_OFF, 0, 0, 0);
  while (true) wfi();
}
