// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyFormats

/// Loads a YAML model file, applies `--set KEY=VALUE` overrides, and validates the result into
/// a `ModelConfig`; every problem is a `ConfigError` naming its key path.
public enum ConfigLoader {
    /// Loads the model file at `path`; its name defaults to the file name without extension.
    public static func load(path: String, overrides: [String] = []) throws(ConfigError) -> ModelConfig {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError(path: "", message: "cannot read model file '\(path)': no such file")
        }
        if isDirectory.boolValue {
            throw ConfigError(path: "", message: "cannot read model file '\(path)': it is a directory")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: "", message: "cannot read model file '\(path)': permission denied or unreadable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: "", message: "cannot read model file '\(path)': it is not UTF-8 text")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if path.hasSuffix(".json") { return try loadSonata(path: path, name: name, overrides: overrides) }
        return try load(yaml: text, name: name, overrides: overrides, baseDirectory: folder)
    }

    /// Loads a SONATA simulation (or circuit) config as BMTK PointNet would run it on NEST.
    /// Only the seed can be set (nothing in such a circuit is drawn, but `--seed` still names it).
    static func loadSonata(path: String, name: String, overrides: [String]) throws(ConfigError) -> ModelConfig {
        var seed: UInt64 = 0
        for text in overrides {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == "simulation.seed", let value = UInt64(parts[1]) else {
                throw ConfigError(path: parts.first ?? text, message: "--set does not apply to a SONATA circuit; change its files instead")
            }
            seed = value
        }
        let config: SonataConfig
        do { config = try SonataConfig.load(path: path) } catch { throw ConfigError(path: "", message: error.description) }
        return try SonataModelBuilder(config: config).build(name: name, seed: seed)
    }

    /// Loads a model from YAML text; `name` is used when the text has no `name` key, and
    /// `baseDirectory` (default: the current directory) is where relative `.npy` paths start.
    public static func load(
        yaml: String, name: String, overrides: [String] = [], baseDirectory: String? = nil
    ) throws(ConfigError) -> ModelConfig {
        guard var root = try YAMLReader.parse(yaml) else {
            throw ConfigError(path: "", message: "the model file is empty; it needs at least 'populations'")
        }
        for text in overrides {
            try Override(text).apply(to: &root)
        }
        let folder = baseDirectory ?? FileManager.default.currentDirectoryPath
        return try ModelBuilder(root: root, defaultName: name, baseDirectory: folder).build()
    }
}
