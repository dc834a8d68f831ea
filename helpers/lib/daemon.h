/* daemon — plumbing of a resident helper daemon: fork, detach, rename, pid file.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Shared by iscsistart's recovery daemon (recovery.c) and ipconfig's lease
 * renewal daemon. Nothing here prints or exits: the applet does.
 */
#ifndef ISCSIROOT_DAEMON_H
#define ISCSIROOT_DAEMON_H

/* fork(2). With the tiny libc (musl) the bare system call: musl's fork()
 * brings 2 KiB of thread and atfork locking a single-threaded helper does
 * not need (the child only uses plain system calls and lib). Returns the
 * child's pid in the parent, 0 in the child, or -errno. */
int daemon_fork(void);

/* A session of its own, stdin and stdout on /dev/null (the starter's
 * terminal may go away, and a caller reading our stdout sees EOF); stderr,
 * where the log goes, stays — or, with console, moves to /dev/console
 * (/dev/null when there is none). */
void daemon_detach(int console);

enum { DAEMON_ARGV0 = 0, DAEMON_ALL = 1 };

/* Rename this process to name in place (ps, /proc/PID/cmdline; systemd's
 * convention looks at argv[0][0] == '@').
 * DAEMON_ARGV0: argv[0] alone becomes name (which may point into argv[0],
 *   e.g. its basename), cut to argv[0]'s length; the other arguments stay.
 * DAEMON_ALL: the whole argument area — the argc strings of argv (option
 *   parsing may have permuted the pointers or cut strings at '='), widened
 *   to the kernel's arg_start..arg_end of /proc/self/stat when that holds
 *   them — is cleared and name written at its start, which also hides any
 *   secret given on the command line; comm is set to name too. An area
 *   shorter than name: every argument cleared, argv[0] becomes "@".
 * Bounds: reads at most 1 KiB of /proc/self/stat; writes only inside the
 * strings of argv (or the kernel's area containing them). */
void daemon_rename(int argc, char **argv, const char *name, int how);

/* Write "PID\n" to path (mode 0644, replaced whole through path.tmp as
 * kv_save does), creating its parent directory (mode 0755) when missing.
 * 0 or -errno. */
int daemon_pidfile(const char *path, int pid);

#endif
