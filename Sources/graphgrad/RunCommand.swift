import ArgumentParser

// Temporary placeholder so the command list compiles while run is built; replaced by the real command.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "(in progress)")
    func run() throws { throw ValidationError("run is not available yet") }
}
