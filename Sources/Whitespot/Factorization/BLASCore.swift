import COpenBLAS

/// Which of OpenBLAS's CPU-specific kernel sets ("cores") runs, and which one this CPU deserves.
///
/// OpenBLAS built with `DYNAMIC_ARCH` (Debian's package) picks its kernels when the library
/// loads, from the CPU model it recognises. A CPU newer than the OpenBLAS release is not
/// recognised and gets the generic `Prescott` (SSE3) kernels: Debian 12's OpenBLAS 0.3.21 on a
/// 2023 Xeon (family 6, model 207) runs `sgemm` at half the speed its AVX-512 kernels reach.
/// ``preferredCore(current:cpuFlags:)`` names the kernel set the CPU's own feature flags allow,
/// so that a program can restart itself with `OPENBLAS_CORETYPE` set (OpenBLAS reads the
/// variable only when it loads).
public enum BLASCore {
    /// The kernel set OpenBLAS chose for this process, e.g. "SkylakeX", "Haswell", "Prescott".
    public static var current: String { String(cString: openblas_get_corename()) }

    /// The kernel set to ask for instead of `current`, or nil to keep it.
    ///
    /// Only the generic fallback (`Prescott`) is ever replaced, and only by a kernel set whose
    /// instructions the CPU reports (`cpuFlags`: the `flags` of `/proc/cpuinfo`, which lists only
    /// what the kernel enabled): `SkylakeX` needs AVX-512 F, CD, BW, DQ and VL; `Haswell` needs
    /// AVX2 and FMA. A recognised CPU keeps OpenBLAS's own choice.
    public static func preferredCore(current: String, cpuFlags: Set<Substring>) -> String? {
        guard current.lowercased() == "prescott" else { return nil }
        if ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(cpuFlags.contains) {
            return "SkylakeX"
        }
        if ["avx2", "fma"].allSatisfy(cpuFlags.contains) { return "Haswell" }
        return nil
    }

    /// The first `flags` line of a `/proc/cpuinfo` text, as a set of flag names (empty if none).
    public static func cpuFlags(cpuinfo: String) -> Set<Substring> {
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " "))
        }
        return []
    }
}
