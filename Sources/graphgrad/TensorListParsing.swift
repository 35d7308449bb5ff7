import Foundation
import ArgumentParser
import GraphModel

/// `@FILE` stands for the file's contents: long lists (thousands of variables) exceed the
/// kernel's limit on one command-line argument. Commas and newlines both separate names.
func expandListArgument(_ text: String, option: String) throws -> String {
    guard text.hasPrefix("@") else { return text }
    let path = String(text.dropFirst())
    // Read to the end rather than by the file's size, so a pipe (`@<(command)`) works too.
    guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data(),
          let contents = String(data: data, encoding: .utf8) else {
        throw ValidationError("\(option): cannot read the list file '\(path)'")
    }
    // Split as bytes: as Characters, "\r\n" is one grapheme, neither "\r" nor "\n".
    // A comparison, not a Set: a set's first use costs the process a runtime conformance scan.
    let isSeparator = { (byte: UInt8) in byte == UInt8(ascii: "\n") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\r") }
    return contents.utf8.split(whereSeparator: isSeparator).map { Substring($0) }.joined(separator: ",")
}

/// `a:0,b,c:1` -> tensor references; a bare op name means output 0.
func parseTensorList(_ text: String, option: String) throws -> [TensorRef] {
    try entries(of: expandListArgument(text, option: option)).map { name in
        guard let ref = TensorRef(parsing: name) else {
            throw ValidationError("\(option): '\(name)' is not a tensor name (expected op or op:index)")
        }
        return ref
    }
}

/// Like `parseTensorList`, but `None` (or an empty entry) stands for "no tensor".
func parseOptionalTensorList(_ text: String, option: String) throws -> [TensorRef?] {
    try entries(of: expandListArgument(text, option: option)).map { name in
        try parseOptionalTensor(name, option: option, expected: "op, op:index or None")
    }
}

/// One entry of an optional-tensor list: `None`, `none` or nothing is "no tensor".
func parseOptionalTensor(_ name: String, option: String, expected: String) throws -> TensorRef? {
    if name.isEmpty || name == "None" || name == "none" { return nil }
    guard let ref = TensorRef(parsing: name) else {
        throw ValidationError("\(option): '\(name)' is not a tensor name (expected \(expected))")
    }
    return ref
}

/// The comma-separated entries of `text`, each without surrounding spaces and tabs. Works
/// on bytes: lists run to tens of thousands of names, and walking graphemes took ~5 µs a name.
private func entries(of text: String) -> [String] {
    text.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { piece in
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = piece.firstIndex(where: { !isBlank($0) }), let last = piece.lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(Substring(piece[first...last]))
    }
}
