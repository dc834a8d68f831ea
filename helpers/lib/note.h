/* note — the one way lib code reports progress and trouble: a line
 * formatted here, handed to the caller's callback (which may print it).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_NOTE_H
#define ISCSIROOT_NOTE_H

/* Where the notes of a lib object go: fn(ctx, level, msg), level as log.h
 * (LOG_ERR .. LOG_DEBUG), msg one line valid during the call; fn NULL =
 * nowhere. */
struct note {
	void (*fn)(void *ctx, int level, const char *msg);
	void *ctx;
};

/* Format fmt (cut at 511 bytes) and hand it to n. */
void note_f(const struct note *n, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
