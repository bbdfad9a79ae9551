#if canImport(Glibc)
import Glibc
#endif

/// Process-wide memory settings of the `whitespot` executable.
enum MemoryPolicy {
    /// Makes glibc serve every allocation of 1 MiB or more from its own mapping, so freeing a
    /// large column array returns its memory at once. (By default glibc raises that threshold
    /// after the first large free and keeps later large blocks in the heap, which inflates the
    /// peak memory of ingest and matrix building.) `mallopt` is looked up at run time because
    /// Swift's Glibc module does not export `malloc.h`; elsewhere this does nothing.
    static func returnLargeBlocksToSystem() {
        #if canImport(Glibc)
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in <malloc.h>
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: MallOpt.self)(mmapThreshold, 1 << 20)
        #endif
    }
}
