// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Where epochs go, in order: a run's recorders (files, hashes, statistics, progress) and a
/// tap's files alike, so any of them can follow an in-process run, a coordinator or a tap.
public protocol EpochSink: AnyObject {
    /// Takes the next epoch.
    func observe(_ record: EpochRecord) throws
    /// Pushes what is buffered to the file, so a reader following it sees it.
    func flush() throws
    /// Flushes and closes; idempotent.
    func close() throws
}

extension EpochSink {
    /// A sink without a file (a hash, statistics) has nothing to push.
    public func flush() throws {}
    /// A sink without a file has nothing to close.
    public func close() throws {}
}
