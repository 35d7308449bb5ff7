import ArgumentParser

@main
struct GraphGrad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graphgrad",
        abstract: "Read, rewrite, run and compare TensorFlow GraphDef files without TensorFlow.",
        discussion: """
            Graph files are chosen by extension: .pb is the binary GraphDef, .pbtxt the text format.
            Tensors are named op:index; a bare op name means op:0.
            """,
        subcommands: [InfoCommand.self, ConvertCommand.self, RewriteCommand.self, RunCommand.self, CheckCommand.self, DiffCommand.self]
    )
}
