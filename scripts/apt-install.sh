# Sourced by the bootstrap scripts. `apt_install WHO PACKAGE...` installs Debian packages with
# apt-get, as root or through sudo; without either it prints "WHO PACKAGE...; run as root or:
# sudo apt-get install -y PACKAGE..." and exits 1.
apt_install() {
  local who=$1 sudo=""
  shift
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
      echo "$who $*; run as root or: sudo apt-get install -y $*" >&2
      exit 1
    fi
  fi
  echo "==> installing $* (apt-get)" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
