import ArgumentParser

// Temporary placeholder so the command list compiles while check is built; replaced by the real command.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "(in progress)")
    func run() throws { throw ValidationError("check is not available yet") }
}
