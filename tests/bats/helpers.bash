# shared by every .bats file.  SPDX-License-Identifier: GPL-2.0-or-later
B="${BATS_TEST_DIRNAME}/../../build"
export ISCSIROOT_KMSG=
