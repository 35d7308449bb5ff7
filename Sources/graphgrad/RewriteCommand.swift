import ArgumentParser

// Temporary placeholder so the command list compiles while rewrite is built; replaced by the real command.
struct RewriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rewrite", abstract: "(in progress)")
    func run() throws { throw ValidationError("rewrite is not available yet") }
}
