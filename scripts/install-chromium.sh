#!/usr/bin/env bash
# Installs Debian's Chromium for the report's browser test, when missing.
# Needs root (CI and the project's machines run as root) and Debian's
# package registry.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "chromium: $(chromium --version 2>/dev/null)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get here; install Debian's chromium package by other means" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
echo "chromium: $(chromium --version 2>/dev/null)"
