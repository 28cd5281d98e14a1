#ifndef UPPFOLJ_MALLOC_POLICY_H
#define UPPFOLJ_MALLOC_POLICY_H

/// Fixes glibc's mmap threshold at 2 MiB (issue 20: memory that does not scale with history). By
/// default glibc raises the threshold to the size of each large block freed (up to 32 MiB), so
/// after the open's megabyte buffers are freed, later large blocks (the case index's, the event
/// ids') come from the heap, and freed there they stay in the process: the workbench at three
/// million events held ~45 MB more at its peak than with the threshold fixed. Blocks of 2 MiB and
/// more are then always their own mappings and go back to the system when freed, while the open's
/// 1 MB buffers are reused from the heap. (At 128 KiB the peak was ~15 MB lower still, but every
/// large block took fresh pages: the launch to the case list at 1M went from 0.68 s to ~1 s.) Set
/// by the workbench, which runs for hours, not by the one-shot commands, which end soon. mallopt
/// is glibc's, hence this shim; elsewhere it does nothing. Returns 1 when it took effect.
int uppfolj_fix_mmap_threshold(void);

#endif
