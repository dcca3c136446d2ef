#!/bin/sh
# Installs what the image needs and its base lacks (docker/Dockerfile runs it as root at build time).
#   ENGINE=embedded|llama-server   llama-server also needs llama-server and setpriv
#   LLAMA_BACKEND=cpu|cuda         cuda adds Debian's CUDA backend for llama-server (contrib) and its CUDA
#                                  libraries (non-free); libcuda.so.1 itself is the host driver's, mounted by
#                                  the NVIDIA container toolkit, so a stub package stands in for it here
#   APT_OPTIONS                    extra apt-get options (a frozen mirror needs -o Acquire::Check-Valid-Until=false)
#   DEBIAN_MIRROR, DEBIAN_SUITE    where contrib and non-free come from (default deb.debian.org, sid)
set -eu
ENGINE="${ENGINE:-embedded}"
LLAMA_BACKEND="${LLAMA_BACKEND:-cpu}"
APT_OPTIONS="${APT_OPTIONS:-}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DEBIAN_SUITE="${DEBIAN_SUITE:-sid}"

missing=""
ldconfig -p | grep -q 'libgomp\.so\.1' || missing="$missing libgomp1"
command -v java >/dev/null || missing="$missing openjdk-17-jre-headless"
if [ "$ENGINE" = llama-server ]; then
  command -v llama-server >/dev/null || missing="$missing llama.cpp-tools"
  command -v setpriv >/dev/null || missing="$missing util-linux"
fi
case "$LLAMA_BACKEND" in
  cpu) ;;
  cuda)
    [ "$ENGINE" = llama-server ] || { echo "LLAMA_BACKEND=cuda needs ENGINE=llama-server" >&2; exit 1; }
    if ! dpkg -s libggml0-backend-cuda >/dev/null 2>&1; then
      missing="$missing libggml0-backend-cuda"
      echo "deb $DEBIAN_MIRROR $DEBIAN_SUITE contrib non-free" > /etc/apt/sources.list.d/thinkgate-cuda.list
      stub=/tmp/libcuda-stub
      mkdir -p "$stub/DEBIAN"
      cat > "$stub/DEBIAN/control" <<CONTROL
Package: thinkgate-host-libcuda
Version: 1.0
Architecture: all
Maintainer: ThinkGate
Provides: libcuda.so.1 (= 999)
Description: libcuda.so.1 comes from the host's NVIDIA driver
 The NVIDIA container toolkit mounts the host driver's libcuda.so.1 into the
 container; a driver library baked into the image would not match it.
CONTROL
      dpkg-deb --build "$stub" /tmp/libcuda-stub.deb >/dev/null
      dpkg -i /tmp/libcuda-stub.deb >/dev/null
      rm -rf "$stub" /tmp/libcuda-stub.deb
    fi
    ;;
  *) echo "LLAMA_BACKEND must be cpu or cuda, got '$LLAMA_BACKEND'" >&2; exit 1 ;;
esac

if [ -z "$missing" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "the base image lacks$missing and apt-get to install it" >&2
  exit 1
fi
# shellcheck disable=SC2086 # APT_OPTIONS and missing are lists on purpose
apt-get $APT_OPTIONS update
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get $APT_OPTIONS install -y --no-install-recommends $missing
rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb
