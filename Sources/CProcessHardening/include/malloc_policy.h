#ifndef UPPFOLJ_MALLOC_POLICY_H
#define UPPFOLJ_MALLOC_POLICY_H

/// Fixes glibc's mmap threshold at its initial 128 KiB (issue 20: memory that does not scale with
/// history). By default glibc raises the threshold to the size of each large block freed (up to
/// 32 MiB), so after the first megabyte-sized buffers of an open are freed, later large blocks
/// come from the heap, and freed there they stay in the process: the workbench at three million
/// events held ~60 MB more at its peak than it ever used at once. With the threshold fixed, a
/// large block is always its own mapping and goes back to the system when freed — at the cost of
/// fresh pages each time (a one-shot export at 1M spent ~0.1–0.2 s more in the kernel), so the
/// workbench, which runs for hours, sets it and the one-shot commands do not. mallopt is glibc's,
/// hence this shim; elsewhere it does nothing. Returns 1 when it took effect.
int uppfolj_fix_mmap_threshold(void);

#endif
