#!/usr/bin/env bash
# Installs what Whitespot needs to build on Debian when it is missing: OpenBLAS and pkg-config.
set -euo pipefail
missing=()
pkg-config --exists openblas 2>/dev/null || missing+=(libopenblas-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
      echo "whitespot: needs ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  else SUDO=""; fi
  echo "==> installing ${missing[*]} (apt-get)" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null 2>&1 || { echo "whitespot: swift (6.0 or later) is not on PATH" >&2; exit 1; }
