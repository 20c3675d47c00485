// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation

/// A deliberate fault in a publisher's data stream, to prove that loss is loud: the environment
/// variable `VOLLEY_FAULT=drop|duplicate|reorder:SHARD:EPOCH` makes the worker publishing
/// SHARD drop, send twice, or send after the next one its frame of EPOCH. Receivers must then
/// stop the run with an error naming the shard and the epoch. For tests; never set in a run.
public struct FaultInjection: Equatable, Sendable {
    public enum Kind: String, Sendable { case drop, duplicate, reorder }
    /// What the publisher does with one frame.
    public enum Action: Equatable { case drop, duplicate, hold }

    public let kind: Kind
    public let shard: Int
    public let epoch: UInt64

    public init(kind: Kind, shard: Int, epoch: UInt64) {
        self.kind = kind
        self.shard = shard
        self.epoch = epoch
    }

    /// Parses `drop:1:5`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 3, let kind = Kind(rawValue: String(parts[0])), let shard = Int(parts[1]), let epoch = UInt64(parts[2])
        else { return nil }
        self.init(kind: kind, shard: shard, epoch: epoch)
    }

    static func fromEnvironment() -> FaultInjection? {
        ProcessInfo.processInfo.environment["VOLLEY_FAULT"].flatMap(FaultInjection.init)
    }

    /// The action for the frame of `shard` in `epoch`; `nil` sends it normally.
    public func action(shard: Int, epoch: UInt64) -> Action? {
        guard shard == self.shard, epoch == self.epoch else { return nil }
        switch kind {
        case .drop: return .drop
        case .duplicate: return .duplicate
        case .reorder: return .hold
        }
    }
}
