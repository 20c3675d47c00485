// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyWire
import ZeroMQ

/// Control frames over a ROUTER (coordinator) or DEALER (worker) socket, with the send
/// sequence numbered and received frames decoded (never trusted).
public final class ControlChannel {
    public let socket: Socket
    private let runID: () -> UInt64
    private let source: UInt32
    private var sequence: UInt64 = 0

    /// `runID` is read at each send: a worker learns it from its assignment.
    public init(socket: Socket, source: UInt32, runID: @escaping () -> UInt64) {
        self.socket = socket
        self.source = source
        self.runID = runID
    }

    /// DEALER: sends to the coordinator.
    public func send(_ message: ControlMessage) throws(TransportError) {
        let bytes = message.encode(runID: runID(), source: source, sequence: sequence)
        sequence += 1
        do { _ = try socket.send(bytes) } catch { throw .failed("sending control message: \(error)") }
    }

    /// ROUTER: sends to the worker with routing id `to`.
    public func send(_ message: ControlMessage, to: [UInt8]) throws(TransportError) {
        let bytes = message.encode(runID: runID(), source: source, sequence: sequence)
        sequence += 1
        do { _ = try socket.send(frames: [to, bytes]) } catch { throw .failed("sending control message: \(error)") }
    }

    /// A received control frame: from whom (ROUTER only) and what, or why it is unreadable.
    public struct Received {
        public let from: [UInt8]
        public let message: Result<(FrameHeader, ControlMessage), WireError>
    }

    /// The next control frame, if one is waiting.
    public func receive() throws(TransportError) -> Received? {
        let frames: [[UInt8]]?
        do { frames = try socket.receiveFrames(dontWait: true) } catch { throw .failed("receiving control message: \(error)") }
        guard let frames, let body = frames.last else { return nil }
        let from = socket.type == .router && frames.count >= 2 ? frames[0] : []
        return Received(from: from, message: ControlMessage.decode(body))
    }
}
