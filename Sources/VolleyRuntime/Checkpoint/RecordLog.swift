// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Keeps the epoch records since the last checkpoint: a checkpoint stores them as its segment
/// of the run's record, and a resumed run plays every segment back through fresh recorders, so
/// its output files, hash, statistics and scores are those of the uninterrupted run.
public final class RecordLog: EpochSink {
    private var pending: [EpochRecord] = []

    public init() {}

    public func observe(_ record: EpochRecord) throws { pending.append(record) }

    /// The records since the last call, to be written as a checkpoint's segment.
    public func takeSegment() -> [EpochRecord] {
        defer { pending = [] }
        return pending
    }
}
