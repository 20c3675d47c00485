// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Synchronization

/// The one lock around libhdf5 in the process: the system library is the serial build, whose
/// global state (identifier tables, error stacks, free lists) two threads must never touch at once.
enum HDF5Lock {
    private static let mutex = Mutex(())

    /// Runs `body` holding the lock. Not reentrant: a locked section must not call back into a
    /// public reader method, which locks again.
    static func withLock<Result, Failure: Error>(_ body: () throws(Failure) -> sending Result) throws(Failure) -> sending Result {
        try mutex.withLock { _ throws(Failure) -> sending Result in try body() }
    }
}
