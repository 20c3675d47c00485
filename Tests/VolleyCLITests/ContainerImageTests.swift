// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// The container image of deploy/container, run as docs/deploying.md runs it: a model run inside
/// it, writing into a mounted folder, gives the spikes of the same run on the host. `make test`
/// builds the image (`make image`) and names it in `VOLLEY_IMAGE`; without it the test fails,
/// unless VOLLEY_SKIP_IMAGE=1 opts out explicitly. The container and the temporary folder are
/// removed however the test ends.
@Suite(.disabled(if: ContainerEngine.skipRequested, "VOLLEY_SKIP_IMAGE=1"), .serialized)
struct ContainerImageTests {
    @Test func runInsideEqualsHostRun() throws {
        let image = try #require(ContainerEngine.image, "\(ContainerEngine.missingImage)")
        let dir = try VolleyProcess.temporaryDirectory()
        let name = ContainerEngine.uniqueName()
        defer {
            _ = try? ContainerEngine.run(["rm", "-f", name])
            try? FileManager.default.removeItem(atPath: dir)
        }
        let args = ["--t-sim", "300", "--seed", "5"]
        let host = try VolleyProcess.run(["run", VolleyProcess.config("brunel.yaml")] + args + ["--out", dir + "/host", "--quiet"])
        try #require(host.status == 0, "host run: \(host.output)")
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        // The image's working directory holds configs/, and the output goes to the mounted folder.
        let r = try ContainerEngine.run(
            ["run", "--rm", "--name", name, "--network", "none", "-v", "\(dir)/out:/out", image,
             "run", "configs/brunel.yaml"] + args + ["--out", "/out", "--quiet"])
        try #require(r.status == 0, "volley run in \(image): \(r.output)")
        #expect(try VolleyProcess.spikeHash(in: dir + "/out") == VolleyProcess.spikeHash(in: dir + "/host"),
                "the container's run differs from the host's")
        #expect(FileManager.default.fileExists(atPath: dir + "/out/spikes.csv"))
    }

    /// The image is what the Containerfile promises: `volley` as entrypoint, working directory
    /// /opt/volley, and a Swift runtime of its own (the image has no Swift libraries to load).
    @Test func imageHasEntrypointWorkdirAndStaticRuntime() throws {
        let image = try #require(ContainerEngine.image, "\(ContainerEngine.missingImage)")
        let inspect = try ContainerEngine.run(["image", "inspect", image, "--format", "{{json .Config.Entrypoint}} {{.Config.WorkingDir}}"])
        try #require(inspect.status == 0, "\(inspect.output)")
        #expect(inspect.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == #"["volley"] /opt/volley"#)
        let ldd = try ContainerEngine.run(["run", "--rm", "--network", "none", "--entrypoint", "ldd", image, "/usr/local/bin/volley"])
        #expect(ldd.status == 0, "\(ldd.output)")
        #expect(!ldd.stdout.contains("libswift") && !ldd.stdout.contains("libFoundation") && !ldd.stdout.contains("not found"),
                "\(ldd.stdout)")
    }
}
