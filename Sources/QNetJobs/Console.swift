import SystemPackage

/// Messages on standard error. Foundation's `FileHandle.write(_:)` traps
/// when the write fails (a closed stderr); these writes never do.
enum Console {
    static func error(_ text: String) {
        _ = try? FileDescriptor.standardError.writeAll(Array(text.utf8))
    }
}
