/* tiny — the libc stand-ins of tiny.c under their test names (tiny_<name>).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * In the static builds tiny.c defines the C library names themselves and
 * their prototypes are libc's; this header only matters with TINY_TEST,
 * where the unit test and fuzz harness include tiny.c and compare each
 * tiny_<name> with glibc's <name>. Each behaves as its C standard / POSIX
 * namesake, with these limits:
 *   tiny_atoi        decimal only, a value outside int wraps modulo 2^32
 *                    (the C library leaves it undefined)
 *   tiny_strerror    the texts of musl for the errno values the helpers
 *                    meet, "error N" for any other (never empty)
 *   tiny_getcwd      buf must not be NULL (no allocated result)
 *   tiny_fcntl, tiny_ioctl, tiny_prctl   pass one (four) word arguments
 *                    through unchanged
 */
#ifndef ISCSIROOT_TINY_H
#define ISCSIROOT_TINY_H
#ifdef TINY_TEST
#include <signal.h>
#include <stddef.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

char *tiny_getenv(const char *name);
int tiny_atoi(const char *s);
char *tiny_strchr(const char *s, int c);
char *tiny_strrchr(const char *s, int c);
void *tiny_memchr(const void *p, int c, size_t n);
int tiny_strncmp(const char *a, const char *b, size_t n);
int tiny_strcmp(const char *a, const char *b);
int tiny_memcmp(const void *p, const void *q, size_t n);
int tiny_strcasecmp(const char *a, const char *b);
size_t tiny_strlen(const char *s);
size_t tiny_strnlen(const char *s, size_t max);
char *tiny_strcpy(char *restrict d, const char *restrict s);
char *tiny_strstr(const char *h, const char *n);
size_t tiny_strspn(const char *s, const char *set);
size_t tiny_strcspn(const char *s, const char *set);
char *tiny_strerror(int e);
unsigned tiny_if_nametoindex(const char *name);
int tiny_nanosleep(const struct timespec *req, struct timespec *rem);
int tiny_open(const char *path, int flags, ...);
int tiny_openat(int dirfd, const char *path, int flags, ...);
int tiny_socket(int domain, int type, int protocol);
ssize_t tiny_recvmsg(int fd, struct msghdr *msg, int flags);
int tiny_fchmod(int fd, mode_t mode);
char *tiny_getcwd(char *buf, size_t size);
pid_t tiny_fork(void);
ssize_t tiny_read(int fd, void *buf, size_t n);
ssize_t tiny_write(int fd, const void *buf, size_t n);
int tiny_close(int fd);
ssize_t tiny_getrandom(void *buf, size_t n, unsigned flags);
int tiny_fsync(int fd);
pid_t tiny_waitpid(pid_t pid, int *status, int options);
int tiny_kill(pid_t pid, int sig);
struct pollfd;
int tiny_poll(struct pollfd *fds, unsigned long n, int timeout);
int tiny_dup2(int old, int new);
int tiny_connect(int fd, const struct sockaddr *a, socklen_t len);
int tiny_bind(int fd, const struct sockaddr *a, socklen_t len);
int tiny_getsockname(int fd, struct sockaddr *restrict a, socklen_t *restrict len);
ssize_t tiny_sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *a, socklen_t len);
ssize_t tiny_recvfrom(int fd, void *restrict buf, size_t n, int flags, struct sockaddr *restrict a,
		      socklen_t *restrict len);
int tiny_setsockopt(int fd, int level, int name, const void *v, socklen_t len);
int tiny_getsockopt(int fd, int level, int name, void *restrict v, socklen_t *restrict len);
ssize_t tiny_readlink(const char *restrict path, char *restrict buf, size_t size);
long tiny_syscall(long n, ...);
int tiny_fcntl(int fd, int cmd, ...);
int tiny_fstatat(int fd, const char *restrict path, struct stat *restrict st, int flag);
int tiny_stat(const char *restrict path, struct stat *restrict st);
int tiny_lstat(const char *restrict path, struct stat *restrict st);
int tiny_sigaction(int sig, const struct sigaction *restrict sa, struct sigaction *restrict old);
void (*tiny_signal(int sig, void (*h)(int)))(int);
int tiny_pipe2(int fd[2], int flags);
int tiny_fchdir(int fd);
int tiny_ioctl(int fd, int req, ...);
int tiny_prctl(int op, ...);
#endif
#endif
