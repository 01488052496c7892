/* Start-up for the Cortex-M test firmware (Cortex-M0 and M4 alike): the vector table, a reset
 * handler that copies .data and zeroes .bss before calling firmware_main, a handler that turns
 * every fault into a failed run, and the ARM semihosting calls the firmware reports through. */
#include "firmware.h"

/* From the linker script (sections.ld); __stack_reserve's address is its value. */
extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint32_t __stack_top[];
extern char __stack_reserve[];

#define STACK_PAINT 0x5AA5C33Cu

/* ARM semihosting: operation in r0, argument in r1, `bkpt 0xAB` on M-profile cores. */
#define SYS_WRITE0 0x04
#define SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026 /* QEMU exits 0 */
#define ADP_STOPPED_RUN_TIME_ERROR 0x20023   /* QEMU exits 1 */

static void semihost(uint32_t op, const void *arg) {
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
}

void out_str(const char *s) { semihost(SYS_WRITE0, s); }

void out_u32(uint32_t n) {
    char buf[11];
    char *p = buf + sizeof buf;
    *--p = '\0';
    do {
        *--p = (char)('0' + n % 10);
        n /= 10;
    } while (n != 0);
    out_str(p);
}

void semihost_exit(int ok) {
    /* On AArch32 the reason code itself is the argument. */
    semihost(SYS_EXIT, (const void *)(uintptr_t)(ok ? ADP_STOPPED_APPLICATION_EXIT
                                                     : ADP_STOPPED_RUN_TIME_ERROR));
    for (;;) {}
}

uint32_t main_stack_peak(void) {
    const uint32_t *p = __bss_end;
    while (p < __stack_top && *p == STACK_PAINT) p++;
    return (uint32_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

/* Global: the linker script's ENTRY. */
void reset_handler(void) __attribute__((noreturn));
void reset_handler(void) {
    uint32_t *src = __data_load, *dst, *sp, peak;
    int ok;
    for (dst = __data_start; dst < __data_end; dst++) *dst = *src++;
    for (dst = __bss_start; dst < __bss_end; dst++) *dst = 0;
    /* Paints the free RAM below this frame, so that the run's stack peak can be checked
     * against the reserve: a Cortex-M0 has no MPU to stop a stack overflowing into .bss. */
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (dst = __bss_end; dst < sp - 16; dst++) *dst = STACK_PAINT;
    ok = firmware_main() == 0;
    peak = main_stack_peak();
    if (peak > (uint32_t)(uintptr_t)__stack_reserve) {
        out_str("FAIL: the stack peaked at ");
        out_u32(peak);
        out_str(" bytes, more than the firmware's reserve of ");
        out_u32((uint32_t)(uintptr_t)__stack_reserve);
        out_str("\n");
        ok = 0;
    }
    semihost_exit(ok);
}

/* NMI, HardFault (all a Cortex-M0 has) and the M4's MemManage, BusFault and UsageFault, and
 * any unexpected interrupt: a fault is a failed run, never a hang. */
static void fault_handler(void) __attribute__((noreturn));
static void fault_handler(void) {
    out_str("FAIL: the CPU took a fault or an unexpected exception\n");
    semihost_exit(0);
}

typedef union {
    uint32_t *stack;
    void (*handler)(void);
} vector;

__attribute__((section(".vectors"), used)) static const vector VECTORS[16] = {
    {.stack = __stack_top},      {.handler = reset_handler}, {.handler = fault_handler},
    {.handler = fault_handler},  {.handler = fault_handler}, {.handler = fault_handler},
    {.handler = fault_handler},  {.handler = fault_handler}, {.handler = fault_handler},
    {.handler = fault_handler},  {.handler = fault_handler}, {.handler = fault_handler},
    {.handler = fault_handler},  {.handler = fault_handler}, {.handler = fault_handler},
    {.handler = fault_handler},
};
