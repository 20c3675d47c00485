// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import ZeroMQ

/// The wrapper over real libzmq sockets on `inproc://` endpoints.
@Suite struct SocketTests {
    let context = try! Context()

    @Test func pairRoundTripsFramesAndMultipart() throws {
        let a = try Socket(context, .pair), b = try Socket(context, .pair)
        try a.bind("inproc://pair")
        try b.connect("inproc://pair")
        #expect(try a.send([1, 2, 3]))
        #expect(try b.receiveFrames() == [[1, 2, 3]])
        #expect(try b.send(frames: [[9], [], [7, 7]]))
        #expect(try a.receiveFrames() == [[9], [], [7, 7]])
    }

    @Test func zeroCopyMessagesAreFilledInPlace() throws {
        let a = try Socket(context, .pair), b = try Socket(context, .pair)
        try a.bind("inproc://zc")
        try b.connect("inproc://zc")
        for size in [0, 5, 33, 34, 4096] {  // below and above the in-struct size (33 bytes)
            var m = try Message(size: size)
            m.withMutableBytes { for i in 0..<$0.count { $0[i] = UInt8(truncatingIfNeeded: i * 7) } }
            #expect(try a.send(m))
            var r = Message()
            #expect(try b.receive(into: &r))
            #expect(r.count == size)
            #expect(r.bytes == (0..<size).map { UInt8(truncatingIfNeeded: $0 * 7) })
        }
    }

    @Test func nonBlockingReceiveOnAnEmptySocketIsNotAnError() throws {
        let a = try Socket(context, .pair)
        try a.bind("inproc://empty")
        var m = Message()
        #expect(try a.receive(into: &m, dontWait: true) == false)
        #expect(try a.receiveFrames(dontWait: true) == nil)
    }

    @Test func xpubSeesEverySubscriptionWhenVerbose() throws {
        let pub = try Socket(context, .xpub)
        try pub.set(.xpubVerbose, 1)
        try pub.set(.xpubNoDrop, 1)
        try pub.bind("inproc://xpub")
        var subs: [Socket] = []
        for _ in 0..<2 {
            let s = try Socket(context, .sub)
            try s.subscribe(Array("topic".utf8))
            try s.connect("inproc://xpub")
            subs.append(s)
        }
        // Both identical subscriptions arrive (verbose), each as 0x01 + prefix.
        for _ in 0..<2 { #expect(try pub.receiveFrames() == [[1] + Array("topic".utf8)]) }
        #expect(try pub.send(Array("topic: hello".utf8)))
        #expect(try pub.send(Array("other".utf8)))
        #expect(try pub.send(Array("topic: end".utf8)))
        for s in subs {
            #expect(try s.receiveFrames() == [Array("topic: hello".utf8)])
            #expect(try s.receiveFrames() == [Array("topic: end".utf8)])
        }
    }

    @Test func routerAddressesDealersByRoutingId() throws {
        let router = try Socket(context, .router)
        try router.set(.routerMandatory, 1)
        try router.bind("inproc://router")
        let dealer = try Socket(context, .dealer)
        try dealer.set(.routingId, Array("w1".utf8))
        try dealer.connect("inproc://router")
        #expect(try dealer.send(Array("hello".utf8)))
        #expect(try router.receiveFrames() == [Array("w1".utf8), Array("hello".utf8)])
        #expect(try router.send(frames: [Array("w1".utf8), Array("welcome".utf8)]))
        #expect(try dealer.receiveFrames() == [Array("welcome".utf8)])
        // An unknown peer is an error with ROUTER_MANDATORY, not a silent drop.
        #expect(throws: ZMQError.self) { try router.send(frames: [Array("nobody".utf8), [1]]) }
    }

    @Test func pollerReportsReadableSocketsAndTimesOut() throws {
        let a = try Socket(context, .pair), b = try Socket(context, .pair)
        try a.bind("inproc://poll")
        try b.connect("inproc://poll")
        let poller = Poller([a, b])
        #expect(try poller.wait(timeout: 10) == [false, false])
        #expect(try a.send([42]))
        #expect(try poller.wait(timeout: 1000) == [false, true])
    }

    @Test func optionsRoundTripAndErrorsAreMapped() throws {
        let s = try Socket(context, .dealer)
        try s.set(.linger, 250)
        #expect(try s.get(.linger) == 250)
        try s.set(.sendHighWaterMark, 12345)
        #expect(try s.get(.sendHighWaterMark) == 12345)
        #expect(throws: ZMQError.self) { try s.bind("nonsense://x") }
        do {
            try s.connect("tcp://")
            Issue.record("connect to an invalid endpoint succeeded")
        } catch {
            #expect(error.description.contains("zmq_connect"))
        }
    }

    @Test func tcpWildcardPortIsReported() throws {
        let s = try Socket(context, .xpub)
        try s.bind("tcp://127.0.0.1:*")
        let endpoint = try s.lastEndpoint()
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        #expect(Int(endpoint.split(separator: ":").last!)! > 0)
    }

    @Test func libraryHasWhatVolleyNeeds() {
        #expect(Context.libraryVersion.major == 4)
        #expect(Context.has("ipc"))
    }
}
