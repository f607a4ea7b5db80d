/// A command-line failure; its text is printed after `Error: `.
public struct CLIError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
