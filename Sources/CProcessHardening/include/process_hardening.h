#ifndef UPPFOLJ_PROCESS_HARDENING_H
#define UPPFOLJ_PROCESS_HARDENING_H

/// Makes this process non-dumpable (no core file, whatever the core pattern; no ptrace or
/// /proc/<pid>/mem by other processes of the same user) and sets the core size limit to 0.
/// Returns 0 when both took effect, -1 otherwise (errno set). prctl is variadic in C, hence this shim.
int uppfolj_disable_core_dumps(void);

#include "echo_guard.h"
#include "malloc_policy.h"

/// 1 when the process may dump core (PR_GET_DUMPABLE), 0 when not, -1 on platforms without prctl.
int uppfolj_is_dumpable(void);

#endif
