/* Interposes clock_gettime so that the suite can put the system clock before 1970 and reach
 * MESHES_ERR_CLOCK through meshes_sign_token_now. Otherwise it forwards to the kernel. */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int fake_clock_before_epoch;

int clock_gettime(clockid_t id, struct timespec *ts) {
    if (fake_clock_before_epoch && id == CLOCK_REALTIME) {
        ts->tv_sec = -100;
        ts->tv_nsec = 0;
        return 0;
    }
    return (int)syscall(SYS_clock_gettime, id, ts);
}
