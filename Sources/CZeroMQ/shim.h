// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors
// The C API of libzmq (Debian: libzmq3-dev). Only the ZeroMQ module imports it.
#include <zmq.h>
