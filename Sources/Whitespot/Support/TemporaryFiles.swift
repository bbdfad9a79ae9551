import Foundation

/// The temporary files of ``AtomicFileWriter`` that this process has not finished yet, so that
/// a signal handler can remove them, and the sweep of those other processes left behind.
enum TemporaryFiles {
    /// The part of a temporary file's name that marks it as ours: `.<name>.whitespot-<pid>.XXXXXX`.
    static let marker = "whitespot"
    /// Age after which a temporary of a process that is gone is removed by the sweep.
    static let staleSeconds: Double = 3600

    /// Slots holding the C strings of live temporary paths (nil = free). The signal handler
    /// reads them without locking; adding and removing take `lock`.
    private static let capacity = 256
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let p = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        p.initialize(repeating: nil, count: capacity)
        return p
    }()
    private static let lock = NSLock()

    /// Records a temporary file that a signal should remove.
    static func register(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        for i in 0 ..< capacity where slots[i] == nil {
            slots[i] = strdup(path)
            return
        }
    }

    /// Forgets a temporary file (renamed, linked or removed).
    static func unregister(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        for i in 0 ..< capacity {
            if let p = slots[i], String(cString: p) == path {
                slots[i] = nil
                free(p)
                return
            }
        }
    }

    /// Installs handlers for SIGINT, SIGTERM and SIGHUP that unlink every live temporary
    /// file, restore the default action and re-raise the signal. The signals are also
    /// unblocked in the calling thread (threads it starts inherit that): a parent may have
    /// started us with them blocked (libdispatch worker threads block signals), and a blocked
    /// SIGTERM would leave the process running.
    static func installSignalHandlers() {
        _ = slots  // initialise outside the handler
        var set = sigset_t()
        sigemptyset(&set)
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { sig in
                for i in 0 ..< TemporaryFiles.capacity {
                    if let p = TemporaryFiles.slots[i] { unlink(p) }
                }
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }

    /// Removes temporary files of our naming in `directory` that are older than
    /// ``staleSeconds`` and whose process no longer runs. Errors are ignored: the sweep only
    /// tidies up.
    static func sweepStale(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let now = Date().timeIntervalSince1970
        for name in names where name.hasPrefix(".") {
            guard let pid = owner(of: name), pid != getpid() else { continue }
            let path = (directory as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                  now - Double(info.st_mtim.tv_sec) > staleSeconds else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { unlink(path) }
        }
    }

    /// The process id in a temporary file name `.<name>.whitespot-<pid>.XXXXXX`, or nil when
    /// the name is not of that form.
    static func owner(of name: String) -> pid_t? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 4, let suffix = parts.last, suffix.count == 6 else { return nil }
        let tag = parts[parts.count - 2]
        let prefix = marker + "-"
        guard tag.hasPrefix(prefix), let pid = pid_t(tag.dropFirst(prefix.count)), pid > 0 else { return nil }
        return pid
    }
}
