// BCM2837 peripheral addresses a guest uses (BCM2835 ARM Peripherals manual, at the Pi 3's
// 0x3F000000 bus window) and the legacy interrupt controller's IRQ numbers.
export const PERIPH: u32 = 0x3f000000;

export const GPFSEL1: u32 = PERIPH + 0x200004;
export const GPPUD: u32 = PERIPH + 0x200094;
export const GPPUDCLK0: u32 = PERIPH + 0x200098;

export const AUX_IRQ: u32 = PERIPH + 0x215000;
export const AUX_ENABLES: u32 = PERIPH + 0x215004;
export const AUX_MU_IO: u32 = PERIPH + 0x215040;
export const AUX_MU_IER: u32 = PERIPH + 0x215044;
export const AUX_MU_IIR: u32 = PERIPH + 0x215048;
export const AUX_MU_LCR: u32 = PERIPH + 0x21504c;
export const AUX_MU_MCR: u32 = PERIPH + 0x215050;
export const AUX_MU_LSR: u32 = PERIPH + 0x215054;
export const AUX_MU_CNTL: u32 = PERIPH + 0x215060;
export const AUX_MU_BAUD: u32 = PERIPH + 0x215068;

export const TIMER_CS: u32 = PERIPH + 0x3000;
export const TIMER_CLO: u32 = PERIPH + 0x3004;
export const TIMER_CHI: u32 = PERIPH + 0x3008;
/** Compare register of system-timer channel n (0-3). */
export function TIMER_C(n: u32): u32 { return PERIPH + 0x300c + 4 * n; }

export const IRQ_BASIC_PENDING: u32 = PERIPH + 0xb200;
export const IRQ_PENDING_1: u32 = PERIPH + 0xb204;
export const IRQ_PENDING_2: u32 = PERIPH + 0xb208;
export const ENABLE_IRQS_1: u32 = PERIPH + 0xb210;
export const ENABLE_IRQS_2: u32 = PERIPH + 0xb214;
export const DISABLE_IRQS_1: u32 = PERIPH + 0xb21c;
export const DISABLE_IRQS_2: u32 = PERIPH + 0xb220;

/** GPU IRQ numbers of the legacy controller (0-31 in bank 1, 32-63 in bank 2). */
export const IRQ_SYSTEM_TIMER_1: u32 = 1;
export const IRQ_SYSTEM_TIMER_3: u32 = 3;
export const IRQ_AUX: u32 = 29;

/** ARM-local block: per-core generic-timer interrupt control and IRQ source. */
export const CORE0_TIMER_IRQCNTL: u32 = 0x40000040;
export const CORE0_IRQ_SOURCE: u32 = 0x40000060;
