// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation

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
        return try load(yaml: text, name: name, overrides: overrides, baseDirectory: folder)
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
