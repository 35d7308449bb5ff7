import Foundation
import ArgumentParser
import GraphModel

/// `@FILE` stands for the file's contents: long lists (thousands of variables) exceed the
/// kernel's limit on one command-line argument. Commas and newlines both separate names.
func expandListArgument(_ text: String, option: String) throws -> String {
    guard text.hasPrefix("@") else { return text }
    let path = String(text.dropFirst())
    guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw ValidationError("\(option): cannot read the list file '\(path)'")
    }
    return contents.split(whereSeparator: { $0 == "\n" || $0 == "," || $0 == "\r" }).joined(separator: ",")
}

/// `a:0,b,c:1` -> tensor references; a bare op name means output 0.
func parseTensorList(_ text: String, option: String) throws -> [TensorRef] {
    try expandListArgument(text, option: option).split(separator: ",", omittingEmptySubsequences: false).map { piece in
        let name = piece.trimmingCharacters(in: .whitespaces)
        guard let ref = TensorRef(parsing: name) else {
            throw ValidationError("\(option): '\(name)' is not a tensor name (expected op or op:index)")
        }
        return ref
    }
}

/// Like `parseTensorList`, but `None` (or an empty entry) stands for "no tensor".
func parseOptionalTensorList(_ text: String, option: String) throws -> [TensorRef?] {
    try expandListArgument(text, option: option).split(separator: ",", omittingEmptySubsequences: false).map { piece in
        let name = piece.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name == "None" || name == "none" { return nil }
        guard let ref = TensorRef(parsing: name) else {
            throw ValidationError("\(option): '\(name)' is not a tensor name (expected op, op:index or None)")
        }
        return ref
    }
}

private extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}

private extension Set where Element == Character {
    static let whitespaces: Set<Character> = [" ", "\t"]
}
