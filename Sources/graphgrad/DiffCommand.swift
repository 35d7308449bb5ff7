import ArgumentParser

// Temporary placeholder so the command list compiles while diff is built; replaced by the real command.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "(in progress)")
    func run() throws { throw ValidationError("diff is not available yet") }
}
