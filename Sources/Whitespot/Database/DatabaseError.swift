/// A database that cannot be opened, read or written, in words (never with a password).
///
/// ```
/// whitespot: postgresql://ws:***@db/sales: relation "orders" does not exist
/// ```
public struct DatabaseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong.
    public var message: String

    /// An error; passwords in `message` (URIs, `password=`) are redacted here, once for all.
    public init(_ message: String) {
        self.message = DatabaseLocation.redacted(message)
    }

    /// The message.
    public var description: String { message }
}
