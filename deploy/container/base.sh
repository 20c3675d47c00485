#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
#
# Makes the base image of deploy/container/Containerfile locally, for machines that cannot pull
# from a container registry: a minimal Debian bookworm (debootstrap --variant=minbase, from
# Debian's own packages) with the runtime libraries volley needs, imported into the container
# engine under the name the Containerfile starts FROM. Does nothing when the image exists.
#
#   deploy/container/base.sh ENGINE IMAGE        e.g. base.sh podman localhost/volley-base:bookworm
#
# DEBIAN_MIRROR and DEBIAN_SECURITY_MIRROR override the mirrors (default deb.debian.org). Needs
# root for debootstrap (sudo is used when not root); installs debootstrap with apt-get if missing.
set -eu

engine=${1:?usage: base.sh ENGINE IMAGE}
image=${2:?usage: base.sh ENGINE IMAGE}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
# What the volley executable links besides glibc (ldd .build/release/volley): libzmq, libhdf5
# (Debian's serial build) and libstdc++ (the Swift runtime's C++ parts); apt brings their own
# dependencies along. Keep in step with the Containerfile's list.
packages="libzmq5 libhdf5-103-1 libstdc++6"

if "$engine" image inspect "$image" >/dev/null 2>&1; then
	exit 0
fi

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"

if ! command -v debootstrap >/dev/null 2>&1 && [ ! -x /usr/sbin/debootstrap ]; then
	command -v apt-get >/dev/null 2>&1 || {
		echo "base.sh: debootstrap is needed to make $image locally (or pull a Debian bookworm image and tag it $image)" >&2
		exit 1
	}
	echo "installing debootstrap"
	$sudo apt-get install -y -q debootstrap >/dev/null 2>&1 ||
		{ $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q debootstrap >/dev/null; }
fi
PATH=$PATH:/usr/sbin:/sbin

work=$(mktemp -d "${TMPDIR:-/tmp}/volley-base.XXXXXX")
root=$work/rootfs
log=$work/debootstrap.log
cleanup() { $sudo rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "making $image: debootstrap bookworm from $mirror (a minute or a few)"
start=$(date +%s)
$sudo debootstrap --variant=minbase --include="$(echo "$packages" | tr ' ' ,)" bookworm "$root" "$mirror" \
	>"$log" 2>&1 || {
	tail -n 20 "$log" >&2
	echo "base.sh: debootstrap failed" >&2
	exit 1
}
bootstrapped=$(date +%s)

# Security and point-release updates on top of the release's packages, as a Debian image has them.
$sudo sh -c "cat >'$root/etc/apt/sources.list'" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
EOF
$sudo cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
$sudo chroot "$root" sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get upgrade -y -q' \
	>/dev/null 2>&1 || echo "base.sh: could not apply bookworm's updates; the base has the release's packages" >&2

# What a container does not need: package caches and lists, documentation (but the copyright
# files) and translations (a third of a minimal Debian; packages installed later leave them out
# too, as in Debian's slim images), logs, the host's identity.
$sudo chroot "$root" apt-get clean
$sudo rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin \
	"$root"/usr/share/man/* "$root"/usr/share/info/* \
	"$root"/etc/hostname "$root"/etc/resolv.conf
$sudo find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
$sudo find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
$sudo find "$root/var/log" -type f -delete
$sudo sh -c "cat >'$root/etc/dpkg/dpkg.cfg.d/excludes'" <<EOF
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
$sudo tar -C "$root" --numeric-owner -c . | "$engine" import \
	--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	--change 'CMD ["/bin/bash"]' \
	--message "Debian bookworm minbase with $packages (volley deploy/container/base.sh)" \
	- "$image" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
echo "made $image in $(($(date +%s) - start)) s (debootstrap $((bootstrapped - start)) s)"
