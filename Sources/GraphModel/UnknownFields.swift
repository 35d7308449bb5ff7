/// Fields of a message that the schema does not name, kept verbatim so a round trip loses nothing.
public struct UnknownField: Hashable, Sendable {
    /// The field number from the tag.
    public var number: UInt32
    /// The wire type from the tag (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
    public var wireType: UInt8
    /// The encoded value exactly as it followed the tag (length prefix included for wire type 2).
    public var payload: [UInt8]

    public init(number: UInt32, wireType: UInt8, payload: [UInt8]) {
        self.number = number
        self.wireType = wireType
        self.payload = payload
    }
}

/// The unknown fields of one message, in the order they were read.
public typealias UnknownFields = [UnknownField]
