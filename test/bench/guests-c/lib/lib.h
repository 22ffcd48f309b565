/* The C twin of guests/lib (the AssemblyScript guest library), for the gcc -O2 comparison in
 * test/bench/guests-vs-c.ts: the same algorithms, the same .S files (the .S files of guests/lib), the
 * same peripheral addresses. Pointers are machine addresses; the .S code takes and gives
 * "wasm addresses" (machine address - ADDRESS_BASE, 32 bits), as it does for the AS guests. */
#ifndef GUESTS_C_LIB_H
#define GUESTS_C_LIB_H

typedef unsigned char u8;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long u64;
typedef long i64;
typedef unsigned long usize;

#ifndef ADDRESS_BASE
#define ADDRESS_BASE 0UL
#endif
/* Machine address of wasm (physical, for a high-half kernel) address a, and back. */
#define MA(a) ((void *)(ADDRESS_BASE + (u64)(a)))
#define WA(p) ((u32)((u64)(p) - ADDRESS_BASE))

static inline u32 mmio_read32(u64 a) { return *(volatile u32 *)(ADDRESS_BASE + a); }
static inline void mmio_write32(u64 a, u32 v) { *(volatile u32 *)(ADDRESS_BASE + a) = v; }

#define SYSREG_READ(name) ({ u64 v_; __asm__ volatile("mrs %0, " #name : "=r"(v_)); v_; })
#define SYSREG_WRITE(name, v) __asm__ volatile("msr " #name ", %0" ::"r"((u64)(v)) : "memory")
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb_ish() __asm__ volatile("dsb ish" ::: "memory")
#define wfi() __asm__ volatile("wfi" ::: "memory")
#define wfe() __asm__ volatile("wfe" ::: "memory")
#define nop() __asm__ volatile("nop")
#define daifset_2() __asm__ volatile("msr daifset, #2" ::: "memory")
#define daifclr_2() __asm__ volatile("msr daifclr, #2" ::: "memory")
#define tlbi_vmalle1() __asm__ volatile("tlbi vmalle1" ::: "memory")

void *memset(void *d, int c, usize n);
void *memcpy(void *d, const void *s, usize n);

/* devices (guests/lib/devices.ts) */
#define PERIPH 0x3f000000U
#define GPFSEL1 (PERIPH + 0x200004)
#define GPPUD (PERIPH + 0x200094)
#define GPPUDCLK0 (PERIPH + 0x200098)
#define AUX_ENABLES (PERIPH + 0x215004)
#define AUX_MU_IO (PERIPH + 0x215040)
#define AUX_MU_IER (PERIPH + 0x215044)
#define AUX_MU_IIR (PERIPH + 0x215048)
#define AUX_MU_LCR (PERIPH + 0x21504c)
#define AUX_MU_MCR (PERIPH + 0x215050)
#define AUX_MU_LSR (PERIPH + 0x215054)
#define AUX_MU_CNTL (PERIPH + 0x215060)
#define AUX_MU_BAUD (PERIPH + 0x215068)
#define TIMER_CS (PERIPH + 0x3000)
#define TIMER_CLO (PERIPH + 0x3004)
#define TIMER_C(n) (PERIPH + 0x300c + 4 * (n))
#define IRQ_PENDING_1 (PERIPH + 0xb204)
#define IRQ_PENDING_2 (PERIPH + 0xb208)
#define ENABLE_IRQS_1 (PERIPH + 0xb210)
#define ENABLE_IRQS_2 (PERIPH + 0xb214)
#define IRQ_SYSTEM_TIMER_1 1
#define IRQ_AUX 29

/* boot */
u32 exceptionLevel(void);
/* uart */
void uartInit(void);
void enableRxInterrupt(void);
void putc(u32 c);
int rxReady(void);
/* print */
void puts(const char *s);
void printf(const char *fmt, u64 a, u64 b, u64 c, u64 d);
/* intc */
void enableIrq(u32 irq);
int isPending(u32 irq);
/* systimer */
void timerArm(u32 n, u32 micros);
void timerRearm(u32 n, u32 period);
int timerMatched(u32 n);
/* vectors */
#define FRAME_SP_EL0 31
#define FRAME_ELR 32
#define FRAME_SPSR 33
#define FRAME_BYTES 272
#define EC_SVC64 0x15
static inline u64 frameGet(u32 frame, u32 word) { return ((u64 *)MA(frame))[word]; }
static inline void frameSet(u32 frame, u32 word, u64 v) { ((u64 *)MA(frame))[word] = v; }
void installVectors(void);
void onIrq(void (*h)(u32 frame));
void onSync(void (*h)(u32 frame, u64 esr, u64 far));
void unhandled(u32 kind, u32 frame);
/* mmu */
#define AP_EL1_RW (0UL << 6)
#define AP_EL0_RW (1UL << 6)
#define AP_EL0_RO (3UL << 6)
#define PXN (1UL << 53)
#define UXN (1UL << 54)
typedef u32 (*PageAlloc)(void);
u64 normalAttrs(u64 access);
u64 deviceAttrs(u64 access);
void mapPage(u32 root, u64 va, u64 pa, u64 attrs, PageAlloc alloc);
void mapBlock(u32 root, u64 va, u64 pa, u64 attrs, PageAlloc alloc);
void forEachTable(u32 root, void (*f)(u32 pa), int level);
/* context */
#define CONTEXT_BYTES (13 * 8)
typedef void (*ThreadFn)(u64 arg);
void newContext(u32 ctx, u32 stackTop, ThreadFn fn, u64 arg);
void frameContext(u32 ctx, u32 frame);
void switchContext(u32 prev, u32 next);
void onThreadExit(void (*f)(void));

#endif
