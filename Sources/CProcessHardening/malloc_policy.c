#include "malloc_policy.h"
#include <stdlib.h>   // defines __GLIBC__ on glibc
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int uppfolj_fix_mmap_threshold(void) {
#if defined(__GLIBC__)
    // Setting the threshold also turns off its dynamic adjustment (mallopt(3)).
    return mallopt(M_MMAP_THRESHOLD, 2 * 1024 * 1024);
#else
    return 0;
#endif
}

