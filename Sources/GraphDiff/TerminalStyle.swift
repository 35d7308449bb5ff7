/// ANSI styling for text output; every method returns its input unchanged when disabled.
struct TerminalStyle {
    var enabled: Bool

    func added(_ s: String) -> String { wrap(s, "32") }
    func removed(_ s: String) -> String { wrap(s, "31") }
    func changed(_ s: String) -> String { wrap(s, "33") }
    func heading(_ s: String) -> String { wrap(s, "1") }
    func context(_ s: String) -> String { wrap(s, "2") }

    private func wrap(_ s: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}
