import Foundation

/// A directory of trained models with a `latest` pointer.
///
/// Each save writes `whitespot-<UTC yyyyMMdd-HHmmss>.safetensors` (with `-2`, `-3`, … when
/// that name is taken, decided atomically by the file system, so concurrent saves never
/// overwrite each other) and then atomically replaces the text file `latest`, which holds the
/// current model's file name. A reader following `latest` always finds a complete model.
///
/// ```swift
/// let registry = ModelRegistry(directory: "models")
/// let path = try registry.save(model)        // models/whitespot-20261123-145012.safetensors
/// let model = try WhitespotModel.load(from: try registry.latestPath())
/// ```
public struct ModelRegistry: Sendable {
    /// The directory holding the models.
    public let directory: String

    /// The name of the pointer file.
    public static let pointerName = "latest"

    /// A registry in `directory` (created on first save).
    public init(directory: String) {
        self.directory = directory
    }

    /// A model file in the registry.
    public struct Entry: Sendable {
        /// File name within the directory.
        public var fileName: String
        /// Path of the file.
        public var path: String
        /// Whether `latest` points at it.
        public var isLatest: Bool
        /// Its header, or the problem reading it.
        public var summary: Result<ModelSummary, ModelFileError>
    }

    /// Saves `model` as a new timestamped file and points `latest` at it; returns its path.
    ///
    /// The file appears under its name only if that name is free (a hard link, never a
    /// replacement), so two runs saving in the same second get `…-HHmmss.safetensors` and
    /// `…-HHmmss-2.safetensors`; `latest` is then replaced atomically.
    /// - Throws: ``ModelFileError`` when the directory cannot be used, or
    ///   ``AtomicFileWriter/WriteError``.
    @discardableResult
    public func save(_ model: WhitespotModel) throws -> String {
        try checkDirectory(creating: true)
        let stamp = Self.stamp(model.createdAt)
        let out = try AtomicFileWriter(path: path(of: "whitespot-\(stamp).safetensors"))
        try out.write(try model.fileContents())
        var name = "whitespot-\(stamp).safetensors"
        var n = 2
        while try !out.commitNew(as: path(of: name)) {
            name = "whitespot-\(stamp)-\(n).safetensors"
            n += 1
        }
        let pointer = try AtomicFileWriter(path: path(of: Self.pointerName))
        try pointer.write(name + "\n")
        try pointer.commit()
        return path(of: name)
    }

    /// Throws when the registry's path is a file; creates it when missing and `creating`.
    private func checkDirectory(creating: Bool) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ModelFileError(path: directory, problem: "is a file, not a model directory") }
            return
        }
        guard creating else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ModelFileError(path: directory, problem: "cannot create the model directory (\(Self.reason(error)))")
        }
    }

    /// The POSIX reason behind a Foundation file error, else its description.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }

    /// The path `latest` points at.
    /// - Throws: ``ModelFileError`` when there is no pointer or it names a missing file.
    public func latestPath() throws -> String {
        try checkDirectory(creating: false)
        let pointer = path(of: Self.pointerName)
        guard let data = FileManager.default.contents(atPath: pointer) else {
            throw ModelFileError(path: directory, problem: "no trained model here (no '\(Self.pointerName)' file); run whitespot train --model-dir \(directory)")
        }
        let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, !name.contains("/"), FileManager.default.fileExists(atPath: path(of: name)) else {
            throw ModelFileError(path: pointer, problem: "points at '\(name)', which is not a model file in \(directory)")
        }
        return path(of: name)
    }

    /// Every `*.safetensors` file in the directory, newest name first, with its header.
    /// - Throws: ``ModelFileError`` when the path is not a directory or cannot be listed.
    public func entries() throws -> [Entry] {
        try checkDirectory(creating: false)
        let names = try modelFileNames()
        let latest = (try? latestPath()).map { URL(fileURLWithPath: $0).lastPathComponent }
        return names.map { name in
            let summary: Result<ModelSummary, ModelFileError>
            do { summary = .success(try WhitespotModel.summary(of: path(of: name))) } catch let e as ModelFileError {
                summary = .failure(e)
            } catch {
                summary = .failure(ModelFileError(path: path(of: name), problem: "\(error)"))
            }
            return Entry(fileName: name, path: path(of: name), isLatest: name == latest, summary: summary)
        }
    }

    /// Removes all but the `keep` newest model files (by file name, which orders by time),
    /// never the one `latest` points at; returns the names removed, oldest last.
    ///
    /// With `keep` = 1 and `latest` pointing at an older file, both stay: `latest` is kept in
    /// addition to the newest ones, so a scheduled job that prunes cannot break `score`.
    /// - Throws: ``ModelFileError`` when `keep` is below 1, the directory cannot be listed, or a
    ///   file cannot be removed (those removed before stay removed).
    @discardableResult
    public func prune(keep: Int) throws -> [String] {
        guard keep >= 1 else { throw ModelFileError(path: directory, problem: "keep at least 1 model, got \(keep)") }
        try checkDirectory(creating: false)
        let names = try modelFileNames()
        let latest = (try? latestPath()).map { URL(fileURLWithPath: $0).lastPathComponent }
        var removed: [String] = []
        for name in names.dropFirst(keep) where name != latest {
            do {
                try FileManager.default.removeItem(atPath: path(of: name))
            } catch {
                throw ModelFileError(path: path(of: name), problem: "cannot remove (\(Self.reason(error)))")
            }
            removed.append(name)
        }
        return removed
    }

    /// The `*.safetensors` names in the directory, newest first (by name without the
    /// extension, so `-2` comes after its base).
    private func modelFileNames() throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".safetensors") && !$0.hasPrefix(".") }
                .sorted { $0.dropLast(12) > $1.dropLast(12) }
        } catch {
            throw ModelFileError(path: directory, problem: "cannot list the model directory (\(Self.reason(error)))")
        }
    }

    private func path(of name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// The file-name time stamp of a date: yyyyMMdd-HHmmss in UTC.
    /// Dates outside 1970 ... 9999 (which model files cannot hold) are clamped to that range.
    public static func stamp(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        let seconds = t.isFinite ? Int(min(max(t, 0), 253_402_300_799).rounded(.down)) : 0
        let day = Int32((seconds - ((seconds % 86_400) + 86_400) % 86_400) / 86_400)
        let second = ((seconds % 86_400) + 86_400) % 86_400
        let (y, m, d) = Days.civil(day)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)\(two(m))\(two(d))-\(two(second / 3600))\(two(second / 60 % 60))\(two(second % 60))"
    }
}
