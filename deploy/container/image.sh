#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
#
# Builds the volley image from an executable built on this machine (`make image` runs it after
# `swift build -c release --product volley --static-swift-stdlib`):
#
#   deploy/container/image.sh BINARY IMAGE       e.g. image.sh .build/release/volley localhost/volley:latest
#
# It stages BINARY and configs/ in a small build context (.build/image), makes the Debian base
# image locally when the engine does not have it (base.sh: no registry needed), and builds
# deploy/container/Containerfile. The engine is $CONTAINER_ENGINE if set, else podman when it is
# installed, else docker when its daemon answers, else podman (and runc), installed with apt-get.
# podman reads $CONTAINERS_CONF, deploy/container/containers.conf unless it is set. BASE_IMAGE
# names another base (default localhost/volley-base:bookworm; debian:bookworm-slim works online).
set -eu

binary=${1:?usage: image.sh BINARY IMAGE}
image=${2:?usage: image.sh BINARY IMAGE}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
base=${BASE_IMAGE:-localhost/volley-base:bookworm}
context=$repo/.build/image

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
apt_install() {
	command -v apt-get >/dev/null 2>&1 || {
		echo "image.sh: install $* (or docker), then retry" >&2
		exit 1
	}
	echo "installing $*"
	$sudo apt-get install -y -q "$@" >/dev/null 2>&1 ||
		{ $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q "$@" >/dev/null; } ||
		{ echo "image.sh: could not install $*" >&2; exit 1; }
}

engine=${CONTAINER_ENGINE:-}
if [ -z "$engine" ]; then
	if command -v podman >/dev/null 2>&1; then
		engine=podman
	elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
		engine=docker
	else
		# netavark and aardvark-dns: containers on a podman network find each other by name.
		apt_install podman runc netavark aardvark-dns iptables
		engine=podman
	fi
fi
if [ "$engine" = podman ]; then
	: "${CONTAINERS_CONF:=$here/containers.conf}"
	export CONTAINERS_CONF
	# The settings above name runc; Debian's podman may have come with crun only.
	if grep -q '^runtime *= *"runc"' "$CONTAINERS_CONF" 2>/dev/null && ! command -v runc >/dev/null 2>&1; then
		apt_install runc
	fi
	# netavark sets up a build's network with iptables, which Debian's podman only recommends:
	# without it every RUN step fails with "netavark: No such file or directory".
	if ! command -v iptables >/dev/null 2>&1 && [ ! -x /usr/sbin/iptables ]; then
		apt_install iptables
	fi
fi

[ -x "$binary" ] || { echo "image.sh: no executable at $binary" >&2; exit 1; }
if ldd "$binary" 2>/dev/null | grep -q 'libswiftCore'; then
	echo "image.sh: $binary links the Swift runtime dynamically; build it with --static-swift-stdlib" >&2
	exit 1
fi

# The build context: only what the image holds. Files are replaced only when they changed, so
# the engine's layer cache makes an unchanged rebuild take a second. The executable loses its
# debug information (a quarter of its size) but keeps its symbols, for readable crash reports.
mkdir -p "$context"
strip --strip-debug -o "$context/volley.new" "$binary" 2>/dev/null || cp "$binary" "$context/volley.new"
if cmp -s "$context/volley.new" "$context/volley"; then
	rm -f "$context/volley.new"
else
	mv "$context/volley.new" "$context/volley"
fi
rm -rf "$context/configs.new"
cp -R "$repo/configs" "$context/configs.new"
if diff -r "$context/configs.new" "$context/configs" >/dev/null 2>&1; then
	rm -rf "$context/configs.new"
else
	rm -rf "$context/configs"
	mv "$context/configs.new" "$context/configs"
fi

"$here/base.sh" "$engine" "$base"
previous=$("$engine" image inspect "$image" --format '{{.Id}}' 2>/dev/null || true)
"$engine" build --build-arg BASE="$base" -f "$here/Containerfile" -t "$image" "$context"
# The image this one replaces, now nameless, goes (unless a container still uses it).
if [ -n "$previous" ] && [ "$previous" != "$("$engine" image inspect "$image" --format '{{.Id}}')" ]; then
	"$engine" rmi "$previous" >/dev/null 2>&1 || true
fi
echo "built $image with $engine ($("$engine" image inspect "$image" --format '{{.Size}}' | awk '{printf "%d MB", $1 / 1e6}'))"
