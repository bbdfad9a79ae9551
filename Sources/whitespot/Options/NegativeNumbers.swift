/// Command-line arguments with negative numbers joined to their option.
///
/// The argument parser reads `--alpha -5` as the option `--alpha` without a value followed by
/// an unknown flag `-5` ("Missing value for '--alpha <alpha>'"). Joined as `--alpha=-5`, the
/// value reaches the option's own check, which then says what the allowed range is.
enum NegativeNumbers {
    /// `arguments` with every `--option -number` (an option without `=` followed by a token
    /// that is a negative decimal number) written `--option=-number`.
    static func joined(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a.hasPrefix("--"), a.count > 2, !a.contains("="), i + 1 < arguments.count, isNegativeNumber(arguments[i + 1]) {
                out.append(a + "=" + arguments[i + 1])
                i += 2
                continue
            }
            if a == "--" {  // everything after is positional
                out.append(contentsOf: arguments[i...])
                break
            }
            out.append(a)
            i += 1
        }
        return out
    }

    /// Whether `s` is a number written with a leading minus sign, such as `-5`, `-0.5` or `-1e3`.
    static func isNegativeNumber(_ s: String) -> Bool {
        s.hasPrefix("-") && s.count > 1 && Double(s) != nil
    }
}
