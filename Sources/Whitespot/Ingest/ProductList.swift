#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of product codes given as a file (one code per line; `#` starts a comment) or as a
/// comma-separated list, e.g. for `--exclude-products POST,DOT,M`.
public enum ProductList {
    /// Codes from `fileOrList`: read as a file when such a file exists, otherwise split at commas.
    /// Surrounding spaces are trimmed; empty entries are ignored. Text that looks like a path
    /// (contains `/` or ends in `.txt` or `.csv`) must name an existing file: a typo in a file
    /// name is not taken for a product code.
    /// - Throws: ``IngestError`` when the file is missing, cannot be read or is not UTF-8.
    public static func codes(from fileOrList: String) throws -> Set<String> {
        var info = stat()
        guard stat(fileOrList, &info) == 0 else {
            if looksLikePath(fileOrList) {
                throw IngestError(file: fileOrList, line: 1, column: 1,
                                  message: "no such file (a product list file; give codes as A,B,C instead)")
            }
            return Set(fileOrList.split(separator: ",").map { String($0.trimmingSpaces()) }.filter { !$0.isEmpty })
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw IngestError(file: fileOrList, line: 1, column: 1, message: "is not a regular file (a product list file)")
        }
        let input = try InputBytes(path: fileOrList, displayName: fileOrList)
        guard let text = String(validating: input.buffer, as: UTF8.self) else {
            throw IngestError(file: fileOrList, line: 1, column: 1, message: "the product list is not UTF-8 text")
        }
        var codes = Set<String>()
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0].trimmingSpaces()
            if !code.isEmpty { codes.insert(String(code)) }
        }
        return codes
    }

    /// Whether `text` reads as a file name rather than a list of codes: it contains `/` or ends
    /// in `.txt` or `.csv` (any case).
    static func looksLikePath(_ text: String) -> Bool {
        let lower = text.lowercased()
        return text.contains("/") || lower.hasSuffix(".txt") || lower.hasSuffix(".csv")
    }
}
