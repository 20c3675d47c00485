// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyTransport
import VolleyWire
import ZeroMQ

/// Publisher and subscriber over real sockets (inproc): the hello subscription confirms a
/// subscriber, and frames arrive intact and in order.
@Suite struct DataPlaneTests {
    @Test func helloConfirmsSubscribersAndFramesFlow() throws {
        let context = try Context()
        let publisher = try DataPublisher(context: context, bind: "inproc://data", runID: 3)
        let subscriber = try DataSubscriber(context: context, id: 9, topics: DataSubscriber.topics(runID: 3, shards: [4], samples: false))
        try subscriber.connect(["inproc://data"])
        var waited = 0
        while !publisher.confirmed.contains(9) && waited < 200 {
            _ = try Poller([publisher.socket]).wait(timeout: 10)
            try publisher.readSubscriptions()
            waited += 1
        }
        #expect(publisher.confirmed == [9])
        for epoch in 0..<5 as Range<UInt64> {
            try publisher.publish(shard: 4, epoch: epoch, spikes: [epoch << 32 | 1])
            try publisher.publish(shard: 5, epoch: epoch, spikes: [7])  // not subscribed: filtered at the publisher
        }
        var assembler = EpochAssembler(runID: 3, sources: [4], names: [:])
        var got = 0
        while got < 5 {
            _ = try Poller([subscriber.socket]).wait(timeout: 100)
            got += try assembler.drain(subscriber)
        }
        for epoch in 0..<5 as Range<UInt64> {
            #expect(assembler.take(epoch).spikes == [[epoch << 32 | 1]])
        }
        #expect(publisher.sent[4]?.frames == 5)
    }

    @Test func helloTopicsRoundTrip() {
        #expect(HelloTopic.subscriber(in: HelloTopic.topic(77)) == 77)
        #expect(HelloTopic.subscriber(in: FrameHeader.topic(kind: .spikes, runID: 1, source: 2)) == nil)
    }
}
