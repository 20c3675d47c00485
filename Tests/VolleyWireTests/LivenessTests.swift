// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyWire

/// The one liveness rule every machine applies, time given as literals.
@Suite struct LivenessTests {
    /// Whether a heartbeat is due at each of `times`, in turn.
    static func due(_ l: inout Liveness, at times: [Double]) -> [Bool] {
        times.map { l.heartbeatDue(now: $0) }
    }

    @Test func theFirstHeartbeatIsDueAtOnceThenEveryInterval() {
        var l = Liveness(heartbeatInterval: 0.25, timeout: 3)
        #expect(l.lastHeartbeat == nil)
        // Asking when one is not due does not count as sending it (10.3 is not due, 10.5 is).
        #expect(Self.due(&l, at: [10, 10.1, 10.249, 10.25, 10.3, 10.5]) == [true, false, false, true, false, true])
        #expect(l.lastHeartbeat == 10.5)
    }

    @Test func aPeerNeverHeardIsNeverSilent() {
        let l = Liveness(timeout: 3)
        #expect(!l.heard && l.silence(now: 1000) == nil && !l.silent(now: 1000))
    }

    @Test func aPeerIsSilentOnlyStrictlyPastTheTimeoutSinceItsLastWord() {
        var l = Liveness(timeout: 3)
        l.seen(now: 1)
        #expect(l.heard && l.silence(now: 2.5) == 1.5)
        #expect(!l.silent(now: 4), "exactly the timeout is not yet silence")
        #expect(l.silent(now: 4.01))
        l.seen(now: 4.01)
        #expect(!l.silent(now: 7) && l.silent(now: 7.02))
    }

    @Test func heartbeatsAndSilenceAreIndependent() {
        var l = Liveness(heartbeatInterval: 1, timeout: 0.5)
        #expect(Self.due(&l, at: [0]) == [true])
        #expect(!l.heard, "sending is not hearing")
        l.seen(now: 0.2)
        #expect(Self.due(&l, at: [0.9]) == [false], "hearing is not sending")
        #expect(l.silent(now: 0.9))
    }
}
