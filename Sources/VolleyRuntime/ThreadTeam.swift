// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A fixed team of threads that runs one body on every member and waits for all of them
/// (fork–join), once per epoch. Members spin briefly before sleeping, because epochs can be a
/// single 0.1 ms step apart and a sleep/wake costs more than the work between them.
public final class ThreadTeam: @unchecked Sendable {
    /// Members including the calling thread.
    public let size: Int
    private let generation = Atomic<Int>(0)
    private let pending = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    // Written by `run` before the generation is bumped (release) and read after it is seen (acquire).
    private nonisolated(unsafe) var job: ((Int) -> Void)?
    // Heap-allocated: pthread objects must not move, and a class property's address is not stable.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let workDone = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var threads: [pthread_t] = []
    private static let spinLimit = 20_000

    /// A team of `size` members: the caller and `size − 1` new threads.
    public init(size: Int) {
        precondition(size >= 1)
        self.size = size
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(workReady, nil)
        pthread_cond_init(workDone, nil)
        for member in 1..<max(size, 1) {
            let box = Unmanaged.passRetained(MemberStart(team: self, member: member)).toOpaque()
            var thread = pthread_t()
            let rc = pthread_create(&thread, nil, { raw in
                let start = Unmanaged<MemberStart>.fromOpaque(raw!).takeRetainedValue()
                start.team.memberLoop(start.member)
                return nil
            }, box)
            precondition(rc == 0, "pthread_create failed: \(rc)")
            threads.append(thread)
        }
    }

    deinit {
        stopping.store(true, ordering: .releasing)
        pthread_mutex_lock(mutex)
        generation.add(1, ordering: .releasing)
        pthread_cond_broadcast(workReady)
        pthread_mutex_unlock(mutex)
        for t in threads { pthread_join(t, nil) }
        pthread_mutex_destroy(mutex)
        pthread_cond_destroy(workReady)
        pthread_cond_destroy(workDone)
        mutex.deallocate()
        workReady.deallocate()
        workDone.deallocate()
    }

    /// Runs `body(member)` for every member 0..<size concurrently and returns when all are done.
    /// Member 0 runs on the calling thread.
    public func run(_ body: (Int) -> Void) {
        if size == 1 {
            body(0)
            return
        }
        withoutActuallyEscaping(body) { escaping in
            job = escaping
            pending.store(size - 1, ordering: .relaxed)
            pthread_mutex_lock(mutex)
            generation.add(1, ordering: .releasing)
            pthread_cond_broadcast(workReady)
            pthread_mutex_unlock(mutex)
            escaping(0)
            var spins = 0
            while pending.load(ordering: .acquiring) != 0 {
                if spins < Self.spinLimit {
                    spins += 1
                    continue
                }
                pthread_mutex_lock(mutex)
                while pending.load(ordering: .acquiring) != 0 { pthread_cond_wait(workDone, mutex) }
                pthread_mutex_unlock(mutex)
            }
            job = nil
        }
    }

    private func memberLoop(_ member: Int) {
        var seen = 0
        while true {
            var spins = 0
            while generation.load(ordering: .acquiring) == seen {
                if spins < Self.spinLimit {
                    spins += 1
                    continue
                }
                pthread_mutex_lock(mutex)
                while generation.load(ordering: .acquiring) == seen { pthread_cond_wait(workReady, mutex) }
                pthread_mutex_unlock(mutex)
            }
            seen = generation.load(ordering: .acquiring)
            if stopping.load(ordering: .acquiring) { return }
            job!(member)
            if pending.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_signal(workDone)
                pthread_mutex_unlock(mutex)
            }
        }
    }

    private final class MemberStart {
        // Unretained: the team joins its threads in deinit, so it outlives every use here.
        unowned(unsafe) let team: ThreadTeam
        let member: Int
        init(team: ThreadTeam, member: Int) {
            self.team = team
            self.member = member
        }
    }
}
