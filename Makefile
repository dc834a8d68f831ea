# iscsiroot — top-level build.  SPDX-License-Identifier: GPL-2.0-or-later
#
#   make                 the one static binary build/iscsiroot (musl-gcc, -Oz, gc-sections,
#                        stripped) and its applet links build/<applet> -> iscsiroot
#   make LIBC=klibc      the same with klcc, with the applets klibc can build
#   make size            bytes of the binary and what each applet adds to it
#   make check           every test layer (deps installed first); last line "N passed, N failed"
#   make quick           unit + bats + short fuzz: the inner loop, no QEMU
#   make fuzz            every fuzz harness for FUZZ_SECONDS (default 300) each
#   make demo            boot a VM whose root is on iSCSI and show it
#   make install DESTDIR=… PREFIX=/usr

PREFIX    ?= /usr
DESTDIR   ?=
LIBC      ?= musl
HELPERDIR  = $(PREFIX)/lib/iscsiroot

# applets: helpers/NAME.c, one each; helpers/main.c is the dispatcher
HELPERS   := $(filter-out main,$(sort $(basename $(notdir $(wildcard helpers/*.c)))))
APPHDR    := helpers/applets.h
LIBSRC    := $(sort $(wildcard helpers/lib/*.c))
LIBHDR    := $(wildcard helpers/lib/*.h)
UNITSRC   := $(sort $(wildcard tests/unit/*_test.c))
FUZZSRC   := $(sort $(wildcard tests/fuzz/*_fuzz.c))

WARN      := -Wall -Wextra -Wshadow -Wformat=2 -Wno-unused-parameter
BASEFLAGS := -std=gnu11 -D_GNU_SOURCE $(WARN) -Ihelpers/lib

ifeq ($(LIBC),klibc)
  OUT     := build/klibc
  CC_H    := klcc
  CFLAGS_H = -Os $(BASEFLAGS) -DISCSIROOT_KLIBC
  LDFLAGS_H= -static -s
else
  OUT     := build
  CC_H    := musl-gcc
  # musl-gcc sees only musl's headers; the kernel UAPI headers come from
  # linux-libc-dev through a private include dir of symlinks (build/kinc).
  # Non-PIE code is smaller; common-page-size=64 lets ld place the few data
  # bytes right after .rodata in the file instead of padding to a 4 KiB page.
  # -Oz (GCC 12) and the -f/-m size flags were each measured on ipconfig
  # (-0.1 to -0.9 KiB); the helpers do no bulk computation that would miss -O2;
  # no helper uses floating point, so x86 code may do without SSE.
  CFLAGS_H = -Oz $(BASEFLAGS) -DISCSIROOT_TINY_LIBC -isystem build/kinc -ffunction-sections -fdata-sections \
             -fno-asynchronous-unwind-tables -fno-stack-protector -fno-pie \
             -fno-inline-functions-called-once -fno-jump-tables -fno-tree-switch-conversion -fno-shrink-wrap \
             $(if $(filter x86_64% i%86,$(shell $(CC_H) -dumpmachine)),-mno-sse)
  LDFLAGS_H= -static -no-pie -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,-z,norelro -Wl,-z,common-page-size=64 -Wl,--build-id=none -Wl,--hash-style=gnu -s
endif
# the compilers' version strings (.comment, 144 bytes with its section header)
# are of no use in an initramfs; strip still works on the result
STRIP_H   ?= strip -R .comment

.PHONY: all size install check quick unit bats boot fuzz fuzz-short demo deps clean bench build-tests
all: $(OUT)/iscsiroot $(addprefix $(OUT)/,$(HELPERS)) $(OUT)/hooklib.sh

# the hook library, next to the binary as installed (build/ stands in for
# /usr/lib/iscsiroot in the tests: ISCSIROOT_HELPERS)
$(OUT)/hooklib.sh: hooks/hooklib.sh
	@mkdir -p $(OUT)
	install -m 0644 $< $@

# each applet name is a link to the one binary (as installed)
$(addprefix $(OUT)/,$(HELPERS)): $(OUT)/iscsiroot
	@ln -sfn iscsiroot $@

build/kinc/.stamp:
	@mkdir -p build/kinc
	@ln -sfn /usr/include/linux build/kinc/linux
	@ln -sfn /usr/include/asm-generic build/kinc/asm-generic
	@ln -sfn /usr/include/$$(gcc -dumpmachine)/asm build/kinc/asm
	@touch $@

# ---- the static binary ------------------------------------------------------
$(OUT)/applet/%.o: helpers/%.c $(LIBHDR) $(APPHDR) build/kinc/.stamp Makefile
	@mkdir -p $(OUT)/applet
	$(CC_H) $(CFLAGS_H) -c -o $@ $<
ifeq ($(LIBC),klibc)
# klibc lacks parts of POSIX some files need: compile what compiles, keep
# the applets that link alone with the dispatcher, and name the others (the
# reason in $(OUT)/<applet>.err); main.c's weak entries let it link without them.
$(OUT)/libiscsiroot.a: $(LIBSRC) $(LIBHDR)
	@mkdir -p $(OUT)/lib; rm -f $@ $(OUT)/lib/*.o $(OUT)/lib.err
	@for f in $(LIBSRC); do o=$(OUT)/lib/$$(basename $$f .c).o; \
	  $(CC_H) $(CFLAGS_H) -c -o $$o $$f 2>>$(OUT)/lib.err || rm -f $$o; done
	@ar rcs $@ $(OUT)/lib/*.o
$(OUT)/iscsiroot: helpers/main.c $(wildcard helpers/*.c) $(OUT)/libiscsiroot.a
	@mkdir -p $(OUT)/applet; ok=
	@ok=; for h in $(HELPERS); do o=$(OUT)/applet/$$h.o; rm -f $$o; \
	  if $(CC_H) $(CFLAGS_H) -c -o $$o helpers/$$h.c 2>$(OUT)/$$h.err && \
	     $(CC_H) $(CFLAGS_H) -o $(OUT)/.try helpers/main.c $$o $(OUT)/libiscsiroot.a $(LDFLAGS_H) 2>>$(OUT)/$$h.err; then \
	    ok="$$ok $$o"; rm -f $(OUT)/$$h.err; echo "  KLCC  applet $$h"; \
	  else echo "  KLCC  applet $$h: klibc cannot build it: $$(grep -m1 -E 'error|undefined' $(OUT)/$$h.err)"; fi; done; \
	$(CC_H) $(CFLAGS_H) -o $@ helpers/main.c $$ok $(OUT)/libiscsiroot.a $(LDFLAGS_H); rm -f $(OUT)/.try
	$(STRIP_H) $@
else
$(OUT)/lib/%.o: helpers/lib/%.c $(LIBHDR) build/kinc/.stamp Makefile
	@mkdir -p $(OUT)/lib
	$(CC_H) $(CFLAGS_H) -c -o $@ $<
$(OUT)/libiscsiroot.a: $(patsubst helpers/lib/%.c,$(OUT)/lib/%.o,$(LIBSRC))
	@rm -f $@
	ar rcs $@ $^
APPOBJ := $(patsubst %,$(OUT)/applet/%.o,$(HELPERS))
$(OUT)/iscsiroot: $(OUT)/applet/main.o $(APPOBJ) $(OUT)/libiscsiroot.a
	$(CC_H) $(CFLAGS_H) -o $@ $(OUT)/applet/main.o $(APPOBJ) $(OUT)/libiscsiroot.a $(LDFLAGS_H)
	$(STRIP_H) $@
endif

# What each applet adds: the binary linked without it (its entry is weak),
# subtracted from the whole; the rest is the dispatcher and what several share.
size: all
	@full=$$(stat -c %s $(OUT)/iscsiroot); printf '%-14s %8s\n' iscsiroot $$full; \
	for h in $(HELPERS); do \
	  [ -f $(OUT)/applet/$$h.o ] || { printf '  %-12s %8s\n' $$h 'not built'; continue; }; \
	  $(CC_H) $(CFLAGS_H) -o $(OUT)/.size-without $(OUT)/applet/main.o \
	    $$(for o in $(HELPERS); do [ $$o = $$h ] || [ ! -f $(OUT)/applet/$$o.o ] || echo $(OUT)/applet/$$o.o; done) \
	    $(OUT)/libiscsiroot.a $(LDFLAGS_H) && $(STRIP_H) $(OUT)/.size-without || exit 1; \
	  printf '  %-12s %8s  (added by this applet)\n' $$h $$((full - $$(stat -c %s $(OUT)/.size-without))); \
	done; rm -f $(OUT)/.size-without

# ---- install ----------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(HELPERDIR)
	install -m 0755 $(OUT)/iscsiroot $(DESTDIR)$(HELPERDIR)/iscsiroot
	for h in $(HELPERS) @ipconfig @iscsistart; do ln -sfn iscsiroot $(DESTDIR)$(HELPERDIR)/$$h; done
	install -d $(DESTDIR)$(PREFIX)/share/man/man7 $(DESTDIR)$(PREFIX)/share/man/man8
	for m in man/*.7; do [ -f $$m ] && install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man7/; done; true
	for m in man/*.8; do [ -f $$m ] && install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man8/; done; true
	sh ci/install-generators.sh "$(DESTDIR)" "$(PREFIX)"

# ---- tests ------------------------------------------------------------------
# Unit tests: host gcc, glibc, every lib file compiled with ASan + UBSan.
SANFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
build/asan/lib/%.o: helpers/lib/%.c $(LIBHDR)
	@mkdir -p build/asan/lib
	gcc $(BASEFLAGS) $(SANFLAGS) -c -o $@ $<
build/asan/libiscsiroot.a: $(patsubst helpers/lib/%.c,build/asan/lib/%.o,$(LIBSRC))
	@rm -f $@
	ar rcs $@ $^
build/asan/%_test: tests/unit/%_test.c tests/unit/test.h build/asan/libiscsiroot.a
	gcc $(BASEFLAGS) $(SANFLAGS) -Itests/unit -o $@ $< build/asan/libiscsiroot.a

# Fuzz harnesses: clang libFuzzer + ASan + UBSan.
build/fuzz/%_fuzz: tests/fuzz/%_fuzz.c $(LIBSRC) $(LIBHDR)
	@mkdir -p build/fuzz
	clang $(BASEFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -o $@ $< $(LIBSRC)

UNITBIN := $(patsubst tests/unit/%_test.c,build/asan/%_test,$(UNITSRC))
FUZZBIN := $(patsubst tests/fuzz/%_fuzz.c,build/fuzz/%_fuzz,$(FUZZSRC))
build-tests: all $(UNITBIN) $(FUZZBIN)

deps:
	sh ci/deps.sh

check: deps
	$(MAKE) build-tests
	sh tests/run.sh all

quick: build-tests
	sh tests/run.sh quick

unit bats boot fuzz-short: build-tests
	sh tests/run.sh $@

fuzz: build-tests
	FUZZ_SECONDS=$${FUZZ_SECONDS:-300} sh tests/run.sh fuzz-short

demo: deps
	$(MAKE) all
	sh tests/boot/demo.sh

clean:
	rm -rf build

bench: all
	for b in tests/bench/*.sh; do sh $$b || exit 1; done
