// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Synchronization
import VolleyRuntime
import ZeroMQ

/// The raw ZeroMQ round trip on this machine — a DEALER and an echoing ROUTER in two threads —
/// as the yardstick for the per-epoch synchronisation cost of a distributed run.
public enum RoundTripProbe {
    /// Mean round-trip time in µs of `count` 16-byte messages over `endpoint` (`ipc://…` or
    /// `tcp://127.0.0.1:*`), after a warm-up.
    public static func measure(endpoint: String, count: Int = 5000) throws -> Double {
        let context = try Context()
        let bound = Mutex<Result<String, ZMQError>?>(nil)
        // The echo side owns its socket: made, used and closed on its own thread.
        let echo = Thread {
            do {
                let router = try Socket(context, .router)
                try router.set(.linger, 0)
                try router.bind(endpoint)
                let name = try router.lastEndpoint()
                bound.withLock { $0 = .success(name) }
                while let frames = try router.receiveFrames(), frames.last != [0] {
                    _ = try router.send(frames: frames)
                }
            } catch let e as ZMQError {
                bound.withLock { $0 = $0 ?? .failure(e) }
            } catch {}
        }
        echo.start()
        var name: String?
        while name == nil {
            switch bound.withLock({ $0 }) {
            case .success(let n)?: name = n
            case .failure(let e)?: throw e
            case nil: usleep(1000)
            }
        }
        let dealer = try Socket(context, .dealer)
        try dealer.set(.linger, 0)
        try dealer.connect(name!)
        let payload = [UInt8](repeating: 7, count: 16)
        for _ in 0..<200 {
            _ = try dealer.send(payload)
            _ = try dealer.receiveFrames()
        }
        let clock = WallClock()
        for _ in 0..<count {
            _ = try dealer.send(payload)
            _ = try dealer.receiveFrames()
        }
        let seconds = clock.seconds
        _ = try dealer.send([0])
        while !echo.isFinished { usleep(1000) }
        return seconds / Double(count) * 1e6
    }
}
