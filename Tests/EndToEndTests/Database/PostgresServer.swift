import Foundation
@testable import Whitespot

/// A throwaway PostgreSQL server for the tests: `initdb` into a temporary directory, started
/// with `pg_ctl` listening only on a Unix socket in that directory, stopped and removed when
/// the test process exits. Run as the `postgres` user when the tests run as root (initdb
/// refuses root). One server per test process; each test uses its own tables.
final class PostgresServer: Sendable {
    /// The directory holding `initdb` and `pg_ctl`: the newest `/usr/lib/postgresql/*/bin`, or
    /// the `PATH`; nil when the server is not installed.
    static let binaries: URL? = {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for v in versions {
            let bin = root.appendingPathComponent("\(v)/bin")
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("initdb").path) { return bin }
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let bin = URL(fileURLWithPath: String(dir))
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("initdb").path),
               FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("pg_ctl").path) { return bin }
        }
        return nil
    }()

    /// Whether the server binaries exist; says so when they do not.
    static var available: Bool {
        if binaries == nil { print("SKIPPED: PostgreSQL server binaries (initdb, pg_ctl) not found; install the Debian package postgresql") }
        return binaries != nil
    }

    /// The server of this test process, started on first use.
    static let shared: Result<PostgresServer, Error> = Result { try PostgresServer() }

    /// Returns the shared server or throws why it could not start.
    static func start() throws -> PostgresServer { try shared.get() }

    /// The temporary directory: data in `data/`, the socket in the directory itself.
    let directory: URL
    /// A user that must give ``password`` (scram-sha-256); `postgres` needs none.
    static let passwordUser = "ws_pw_user"
    /// Its password, which no output may show.
    static let password = "Tr0ub4dor-s3cret"

    /// The URI of the superuser `postgres` on this server.
    var uri: String { "postgresql:///postgres?host=\(directory.path)&user=postgres" }

    /// The URI of the password user, with the password in it.
    var passwordURI: String { "postgresql://\(Self.passwordUser):\(Self.password)@/postgres?host=\(directory.path)" }

    /// `pg_ctl` and the data directory of the running server, for the exit handler. Unchecked:
    /// written once while the shared server is created (under the static `shared` initialiser's
    /// once-only guarantee) and read by the `atexit` handler, a C callback that cannot take a lock
    /// the process may be holding at exit.
    private nonisolated(unsafe) static var running: String?

    private init() throws {
        guard let bin = Self.binaries else { throw DatabaseError("PostgreSQL server binaries not found") }
        let dir = URL(fileURLWithPath: "/tmp/ws-pg-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        directory = dir
        let asRoot = getuid() == 0
        if asRoot { try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: dir.path) }
        let data = dir.appendingPathComponent("data").path
        try Self.run(bin.appendingPathComponent("initdb").path,
                     ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--locale=C"], asPostgres: asRoot)
        // The password user first, then trust for everybody else (pg_hba is read top-down).
        let hba = "local all \(Self.passwordUser) scram-sha-256\nlocal all all trust\n"
        try hba.write(toFile: data + "/pg_hba.conf", atomically: false, encoding: .utf8)
        try Self.run(bin.appendingPathComponent("pg_ctl").path,
                     ["-D", data, "-l", dir.appendingPathComponent("log").path, "-w", "-o",
                      "-k \(dir.path) -c listen_addresses='' -F -c max_connections=40", "start"], asPostgres: asRoot)
        Self.running = bin.appendingPathComponent("pg_ctl").path + "\n" + data
        atexit { PostgresServer.stopAtExit() }
        let pg = try PostgresConnection(uri: uri)
        try pg.execute("CREATE ROLE \(Self.passwordUser) LOGIN PASSWORD '\(Self.password)'; GRANT ALL ON SCHEMA public TO \(Self.passwordUser)")
    }

    /// Stops the server (immediately: it holds nothing worth keeping) and removes its directory.
    private static func stopAtExit() {
        guard let running else { return }
        let parts = running.split(separator: "\n").map(String.init)
        try? run(parts[0], ["-D", parts[1], "-m", "immediate", "-w", "stop"], asPostgres: getuid() == 0)
        let dir = URL(fileURLWithPath: parts[1]).deletingLastPathComponent()
        try? FileManager.default.removeItem(at: dir)
        Self.running = nil
    }

    /// Runs a server program, as `postgres` through `runuser` when we are root. Uses
    /// posix_spawn and waitpid: Foundation's `Process.waitUntilExit` can hang here inside the
    /// one-time initialiser of ``shared`` while tests run concurrently.
    private static func run(_ tool: String, _ arguments: [String], asPostgres: Bool) throws {
        let argv = asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", tool] + arguments : [tool] + arguments
        let log = "/tmp/ws-pg-tool-\(getpid())-\(UUID().uuidString.prefix(8))"
        defer { unlink(log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard rc == 0 else { throw DatabaseError("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw DatabaseError("\((tool as NSString).lastPathComponent) failed (status \(status)): \(text)")
        }
    }
}
