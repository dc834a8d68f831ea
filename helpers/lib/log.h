/* log — messages to stderr and /dev/kmsg, prefixed "iscsiroot: <helper>: ".
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The one lib file that prints. Secrets registered with log_secret() are
 * replaced by "***" in every message, whatever format produced them, so a
 * password passed through a "%s" by mistake still never reaches a console.
 *
 * Environment: ISCSIROOT_KMSG=PATH writes the kmsg copy elsewhere (tests);
 * ISCSIROOT_KMSG= (empty) disables it. ISCSIROOT_DEBUG=N sets the level.
 */
#ifndef ISCSIROOT_LOG_H
#define ISCSIROOT_LOG_H
#include <fcntl.h>
#include <unistd.h>

enum { LOG_ERR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

extern int log_level;          /* messages above this level are dropped (default LOG_INFO) */
extern const char *log_prog;   /* helper name, set by log_init */

void log_init(const char *helper);
/* Remember a secret (copied by pointer: it must outlive logging). At most 8. */
void log_secret(const char *secret);
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_err(...)   log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* Replace every registered secret in buf (NUL-terminated) by "***", in place.
 * Exposed for tests. */
void log_mask(char *buf);

#endif
