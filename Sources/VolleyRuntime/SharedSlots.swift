// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Fixed slots that the members of a `ThreadTeam` fill or mutate concurrently, each member only
/// its own slots; the team's fork–join orders every access before the next `run`.
final class SharedSlots<Element>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Element?>
    let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    init(moving elements: [Element]) {
        count = elements.count
        storage = .allocate(capacity: count)
        for (i, e) in elements.enumerated() { (storage + i).initialize(to: e) }
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ i: Int, _ value: Element) { storage[i] = value }

    func mutate<R>(_ i: Int, _ body: (inout Element) throws -> R) rethrows -> R {
        try body(&storage[i]!)
    }

    func read<R>(_ i: Int, _ body: (Element) throws -> R) rethrows -> R {
        try body(storage[i]!)
    }

    /// Moves every element out; all slots must be filled.
    func take() -> [Element] {
        (0..<count).map { i in
            let e = storage[i]!
            storage[i] = nil
            return e
        }
    }
}
