/// What the comparison treats as noise.
public struct DiffOptions: Hashable, Sendable {
    /// Attribute names left out of the comparison (typically `_output_shapes`, `_class`).
    public var ignoredAttrs: Set<String>
    /// Whether `device` differences are left out (placement is usually not the question).
    public var ignoreDevice: Bool

    public init(ignoredAttrs: Set<String> = [], ignoreDevice: Bool = false) {
        self.ignoredAttrs = ignoredAttrs
        self.ignoreDevice = ignoreDevice
    }
}
