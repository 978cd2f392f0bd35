// A browser whose clock runs ahead, for e2e/clock-skew.spec.ts: preloaded into Chromium
// (LD_PRELOAD), it moves the wall clock (CLOCK_REALTIME, gettimeofday, time) of every browser
// process — pages, the extension's service worker and chrome.alarms alike — by
// LC_CLOCK_AHEAD_SECONDS, exactly as a machine whose clock is wrong would. Monotonic clocks are
// left alone. Compiled by the spec with the system's C compiler; Linux (glibc) only.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

static long offset(void) {
  static long cached = -1;
  if (cached < 0) {
    const char *s = getenv("LC_CLOCK_AHEAD_SECONDS");
    cached = s ? atol(s) : 0;
  }
  return cached;
}

int clock_gettime(clockid_t id, struct timespec *ts) {
  static int (*real)(clockid_t, struct timespec *);
  if (!real) real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
  int r = real(id, ts);
  if (r == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)) ts->tv_sec += offset();
  return r;
}

int gettimeofday(struct timeval *tv, void *tz) {
  static int (*real)(struct timeval *, void *);
  if (!real) real = (int (*)(struct timeval *, void *))dlsym(RTLD_NEXT, "gettimeofday");
  int r = real(tv, tz);
  if (r == 0 && tv) tv->tv_sec += offset();
  return r;
}

time_t time(time_t *t) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (t) *t = ts.tv_sec;
  return ts.tv_sec;
}
