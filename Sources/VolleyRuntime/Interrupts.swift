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
    private static let counted = Atomic<Int>(0)

    /// Routes SIGINT and SIGTERM to the flag (and ignores SIGPIPE: a vanished log reader must
    /// not kill a run).
    public static func install() {
        signal(SIGINT) { Interrupts.note($0) }
        signal(SIGTERM) { Interrupts.note($0) }
        signal(SIGPIPE, SIG_IGN)
        // A launcher may have started this process with the signals blocked (test runners
        // do); threads started from here on inherit the unblocked mask.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    private static func note(_ signal: Int32) {
        received.store(signal, ordering: .relaxed)
        counted.add(1, ordering: .relaxed)
    }

    /// How many signals have arrived: a loop that reacts to each one (the first asks for a
    /// checkpoint, the second stops at once) compares it with the count it has seen.
    public static var count: Int { counted.load(ordering: .relaxed) }

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
