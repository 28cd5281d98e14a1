#ifndef UPPFOLJ_ECHO_GUARD_H
#define UPPFOLJ_ECHO_GUARD_H

#include <termios.h>

/// While a passphrase is read with echo off: on SIGINT, SIGTERM, SIGHUP or SIGQUIT put the
/// terminal's modes `saved` back on `fd`, then end by the signal's default action. The handler is
/// C and async-signal-safe (tcsetattr, sigaction, raise on state written before it is installed),
/// following the rules of TerminalRestore; no Swift code runs in it.
void uppfolj_echo_guard_arm(int fd, const struct termios *saved);

/// Handlers off: the dispositions from before `uppfolj_echo_guard_arm` are put back.
void uppfolj_echo_guard_disarm(void);

#endif
