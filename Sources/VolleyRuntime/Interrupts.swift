// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// SIGINT and SIGTERM, noticed by the loops that poll them (every wait in the distributed
/// runtime is a poll with a short timeout), so a run stops cleanly and takes its children along.
public enum Interrupts {
    private static let received = Atomic<Int32>(0)

    /// Routes SIGINT and SIGTERM to the flag (and ignores SIGPIPE: a vanished log reader must
    /// not kill a run).
    public static func install() {
        signal(SIGINT) { Interrupts.received.store($0, ordering: .relaxed) }
        signal(SIGTERM) { Interrupts.received.store($0, ordering: .relaxed) }
        signal(SIGPIPE, SIG_IGN)
        // A launcher may have started this process with the signals blocked (test runners
        // do); threads started from here on inherit the unblocked mask.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// The name of the signal received, if one was.
    public static var pending: String? {
        switch received.load(ordering: .relaxed) {
        case 0: nil
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case let s: "signal \(s)"
        }
    }
}
