#!/bin/sh
# CI test driver: install dependencies, then the README's test command.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
cd "$(dirname "$0")/.."
sh ci/deps.sh
exec make check
