#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Whitespot

/// Restarts the `whitespot` executable on the OpenBLAS kernels its CPU supports when OpenBLAS
/// fell back to its generic ones (see ``BLASCore``).
enum BLASCoreSelection {
    /// Replaces this process (same arguments, same environment plus `OPENBLAS_CORETYPE`) when
    /// OpenBLAS runs its generic `Prescott` kernels on a CPU with AVX2 or AVX-512; does nothing
    /// when the user set `OPENBLAS_CORETYPE`, off Linux, or when the restart fails.
    ///
    /// Called first thing in `main`, before any file is opened or any output written, so the
    /// restarted process does the whole job and nothing is done twice.
    static func restartOnPreferredCore() {
        #if canImport(Glibc)
        guard getenv("OPENBLAS_CORETYPE") == nil,
              let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let core = BLASCore.preferredCore(current: BLASCore.current, cpuFlags: BLASCore.cpuFlags(cpuinfo: cpuinfo))
        else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        unsetenv("OPENBLAS_CORETYPE")  // execv returned: carry on with the kernels we have
        #endif
    }
}
