// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import VolleyTestKit

/// What an eavesdropper on the network sees of a run: tcpdump on the bridge between four hosts
/// (coordinator, two workers, a tap) records a Brunel run. With keys, no frame header (the wire
/// magic `VOLY`) and no spike record crosses in the clear; the same capture of the run without
/// keys holds every spike, so the scan can find what it looks for. Needs root and tcpdump
/// (`make test` installs it); VOLLEY_SKIP_NETNS=1 opts out.
@Suite(.serialized) struct TrafficCaptureTests {
    static let order = 100
    static let model = [VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=\(order)", "--t-sim", "300", "--seed", "4"]
    static let tcpdump = ["/usr/bin/tcpdump", "/usr/sbin/tcpdump"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A run over the four hosts with tcpdump on the bridge; returns the capture and the run's folder.
    func capturedRun(_ network: TestNetwork, dir: String, name: String, keys: [String], tapKeys: [String]) throws -> (PacketCapture, String) {
        let ip = try #require(TestNetwork.ip)
        let pcap = dir + "/\(name).pcap"
        // -Z root: Debian's tcpdump would otherwise write the file as user tcpdump, who cannot
        // write into the test's folder.
        let dump = try ChildProcess(
            network.inBridge([try #require(Self.tcpdump), "-i", "br0", "-n", "-s", "0", "-B", "32768", "-U", "--immediate-mode", "-Z", "root", "-w", pcap, "tcp"]),
            executable: ip, log: dir + "/\(name)-tcpdump.log")
        defer { if dump.isRunning { dump.signal(SIGKILL) } }
        try #require(dump.waitForOutput("listening on", upTo: 20), "tcpdump did not start: \(dump.output)")
        let out = dir + "/\(name)"
        let coordinator = try ChildProcess(
            network.inHost(0, [VolleyProcess.binary, "coordinator"] + Self.model
                + ["--listen", "tcp://\(TestNetwork.address(0)):*", "--workers", "2", "--out", out] + keys),
            executable: ip, log: dir + "/\(name)-c.log")
        defer { if coordinator.isRunning { coordinator.signal(SIGKILL) } }
        let endpoint = try #require(TCPCoordinator.endpoint(of: coordinator), "\(coordinator.output)")
        let tap = try ChildProcess(
            network.inHost(3, [VolleyProcess.binary, "tap", "--coordinator", endpoint, "--out", out + "-tap.csv", "--timeout", "60"] + tapKeys),
            executable: ip, log: dir + "/\(name)-tap.log")
        try #require(coordinator.waitForOutput("registered", upTo: 30), "the tap did not register: \(tap.output)")
        let workers = try (1...2).map { i in
            try ChildProcess(network.inHost(i, [VolleyProcess.binary, "worker", "--coordinator", endpoint] + keys), executable: ip,
                             log: dir + "/\(name)-w\(i).log")
        }
        try #require(coordinator.wait(upTo: 300) != nil, "the run did not end: \(coordinator.output)")
        #expect(coordinator.exitStatus == 0, "\(coordinator.output)")
        for w in workers { try #require(w.wait(upTo: 10) != nil) }
        try #require(tap.wait(upTo: 30) != nil)
        #expect(tap.exitStatus == 0, "\(tap.output)")
        // Test runners start their children with SIGINT and SIGTERM blocked, and tcpdump does
        // not unblock them: it is killed once the file has not grown for two seconds. With
        // --immediate-mode and -U each packet is written whole as it comes.
        var size = -1, stable = 0
        for _ in 0..<30 {
            let now = (try? FileManager.default.attributesOfItem(atPath: pcap)[.size] as? Int) ?? 0
            stable = now == size ? stable + 1 : 0
            if stable == 2 { break }
            size = now
            sleep(1)
        }
        dump.signal(SIGKILL)
        try #require(dump.wait(upTo: 10) != nil, "tcpdump did not stop")
        return (try PacketCapture(pcap: pcap), out)
    }

    /// The run's spikes as the wire writes them: `step << 32 | global neuron id`, E's ids first
    /// (configs/brunel.yaml lists E, then I; NE = 4 · order).
    static func spikeRecords(in out: String) throws -> Set<UInt64> {
        let text = try String(contentsOfFile: out + "/spikes.csv", encoding: .utf8)
        var keys: Set<UInt64> = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            guard f.count == 3, let neuron = UInt64(f[1]), let t = Double(f[2]) else { continue }
            let id = (f[0] == "E" ? 0 : UInt64(4 * order)) + neuron
            let step = UInt64((t / 0.1).rounded()) - 1
            // A spike at step 0 of neuron 0 would be eight zero bytes, which CURVE's own
            // padding holds; Brunel's neurons start at rest and cannot fire at step 0 anyway.
            if step > 0 { keys.insert(step << 32 | id) }
        }
        return keys
    }

    @Test func aCurveRunShowsNoFrameHeaderOrSpikeOnTheWire() throws {
        guard let network = MultiHostTests.hosts(4) else { return }
        defer { network.remove() }
        guard Self.tcpdump != nil else {
            Issue.record("tcpdump is not installed (Debian: apt-get install tcpdump; `make test` installs it)")
            return
        }
        let dir = try VolleyProcess.temporaryDirectory()
        for args in [["keys", "generate", dir + "/keys"], ["keys", "add", dir + "/keys", "alice"]] {
            let r = try VolleyProcess.run(args)
            #expect(r.status == 0, "\(r.output)")
        }
        let magic = Array("VOLY".utf8)
        let hosts = (0..<4).map(TestNetwork.address)
        func touches(_ host: String, _ directions: [PacketCapture.Direction]) -> Bool {
            directions.contains { $0.sourceHost == host || $0.destinationHost == host }
        }

        let (open, openOut) = try capturedRun(network, dir: dir, name: "open", keys: ["--insecure"], tapKeys: [])
        let spikes = try Self.spikeRecords(in: openOut)
        #expect(spikes.count > 500, "too few spikes to look for: \(spikes.count)")
        // The control: without keys the frames cross in the clear, to and from every host.
        #expect(hosts.allSatisfy { touches($0, open.directions(containing: magic)) }, "\(open.directions(containing: magic))")
        // A loaded machine's tcpdump may miss packets (its own count is in the log), so the
        // control asks for nine in ten: enough to show the scan finds spikes sent in the clear.
        let seen = open.occurrences(ofLittleEndian: spikes)
        #expect(seen.count * 10 >= spikes.count * 9, "the scan found \(seen.count) of the \(spikes.count) spikes sent in the clear")

        let (curve, curveOut) = try capturedRun(
            network, dir: dir, name: "curve", keys: ["--keys", dir + "/keys"], tapKeys: ["--keys", dir + "/keys/alice"])
        #expect(try VolleyProcess.spikeHash(in: curveOut) == VolleyProcess.spikeHash(in: openOut))
        #expect(try String(contentsOfFile: curveOut + "-tap.csv", encoding: .utf8) == String(contentsOfFile: curveOut + "/spikes.csv", encoding: .utf8))
        // Every host's connections greeted with CURVE (the mechanism is named in the clear).
        #expect(hosts.allSatisfy { touches($0, curve.directions(containing: Array("CURVE".utf8))) })
        #expect(curve.payloadBytes > 8 * spikes.count, "the capture holds \(curve.payloadBytes) bytes: did it see the run?")
        #expect(curve.directions(containing: magic).isEmpty, "plaintext frame headers in \(curve.directions(containing: magic))")
        let leaked = curve.sightings(ofLittleEndian: spikes)
        #expect(leaked.isEmpty, "\(leaked.count) spike records in the clear (capture \(dir)/curve.pcap): \(leaked)")
    }
}
