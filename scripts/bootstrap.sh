#!/usr/bin/env bash
# Installs what Whitespot needs to build and test on Debian when it is missing: OpenBLAS, SQLite,
# libpq and zlib headers, pkg-config, and the PostgreSQL server the database tests start themselves.
set -euo pipefail
missing=()
pkg-config --exists openblas 2>/dev/null || missing+=(libopenblas-dev)
pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev)
pkg-config --exists libpq 2>/dev/null || missing+=(libpq-dev)
pkg-config --exists zlib 2>/dev/null || missing+=(zlib1g-dev)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
source "$(dirname "$0")/apt-install.sh"
if ((${#missing[@]})); then apt_install "whitespot: needs" "${missing[@]}"; fi
command -v swift >/dev/null 2>&1 || { echo "whitespot: swift (6.0 or later) is not on PATH" >&2; exit 1; }
