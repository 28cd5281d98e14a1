#ifndef UPPFOLJ_MALLOC_POLICY_H
#define UPPFOLJ_MALLOC_POLICY_H

/// Fixes glibc's mmap threshold at its initial 128 KiB (issue 20: memory that does not scale with
/// history). By default glibc raises the threshold to the size of each large block freed (up to
/// 32 MiB), so after the first megabyte-sized buffers of an open are freed, later ones come from
/// the heap, and freed there they stay in the process: at three million events that left ~60 MB
/// more resident at the peak than the program ever held at once. With the threshold fixed, a
/// large block is always its own mapping and goes back to the system when freed. mallopt is
/// glibc's, hence this shim; elsewhere it does nothing. Returns 1 when it took effect.
int uppfolj_fix_mmap_threshold(void);

#endif
