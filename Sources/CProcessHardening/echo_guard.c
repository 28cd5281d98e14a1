#include "echo_guard.h"
#include <signal.h>
#include <termios.h>

// The state the handler reads: plain C statics, written only while no handler is installed
// (arm writes them before installing, disarm uninstalls before clearing), so the handler never
// sees them half-written. No Swift runtime, locks or allocation in the handler.
static volatile sig_atomic_t guard_fd = -1;
static struct termios guard_saved;
static const int guard_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define GUARD_SIGNAL_COUNT (sizeof guard_signals / sizeof guard_signals[0])
static struct sigaction guard_previous[GUARD_SIGNAL_COUNT];

// Async-signal-safe only: tcsetattr, sigaction, raise.
static void restore_echo_and_end(int signo) {
    int fd = guard_fd;
    if (fd >= 0) {
        guard_fd = -1;
        tcsetattr(fd, TCSAFLUSH, &guard_saved);
    }
    struct sigaction fallback;
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    fallback.sa_flags = 0;
    sigaction(signo, &fallback, 0);
    raise(signo);
}

void uppfolj_echo_guard_arm(int fd, const struct termios *saved) {
    guard_saved = *saved;
    guard_fd = fd;
    struct sigaction action;
    action.sa_handler = restore_echo_and_end;
    sigfillset(&action.sa_mask);   // no other signal interrupts a restore in progress
    action.sa_flags = 0;
    for (unsigned i = 0; i < GUARD_SIGNAL_COUNT; i++) {
        sigaction(guard_signals[i], &action, &guard_previous[i]);
    }
}

void uppfolj_echo_guard_disarm(void) {
    for (unsigned i = 0; i < GUARD_SIGNAL_COUNT; i++) {
        sigaction(guard_signals[i], &guard_previous[i], 0);
    }
    guard_fd = -1;
}
