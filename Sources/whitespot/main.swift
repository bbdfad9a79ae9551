import ArgumentParser
import Whitespot

/// The `whitespot` command: finds what existing customers will buy next.
struct WhitespotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whitespot",
        abstract: "Find what your existing customers will buy next: cross-sell, up-sell and deep-sell.",
        subcommands: [
            Generate.self,
            Inspect.self,
            Segments.self,
            Train.self,
            ImportFactors.self,
            Models.self,
            Similar.self,
            Score.self,
            Basket.self,
            Evaluate.self,
            Run.self,
        ]
    )
}

BLASCoreSelection.restartOnPreferredCore()
MemoryPolicy.returnLargeBlocksToSystem()
AtomicFileWriter.removeTemporariesOnSignals()
WhitespotCommand.main(NegativeNumbers.joined(Array(CommandLine.arguments.dropFirst())))
