/* What startup.c gives the test firmware: output and exit through ARM semihosting (QEMU runs
 * with -semihosting-config enable=on,target=native), and the firmware's entry point. */
#ifndef FIRMWARE_H
#define FIRMWARE_H

#include <stddef.h>
#include <stdint.h>

/* The firmware's test; 0 when everything passed. */
int firmware_main(void);

/* Writes a NUL-terminated string to the host's stdout (SYS_WRITE0). */
void out_str(const char *s);
/* Writes n in decimal. */
void out_u32(uint32_t n);
/* Bytes of the main stack used so far (the free RAM is painted at reset). */
uint32_t main_stack_peak(void);
/* Ends the emulation: QEMU exits 0 when ok, 1 otherwise (SYS_EXIT). */
void semihost_exit(int ok) __attribute__((noreturn));

#endif
