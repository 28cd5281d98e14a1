import Foundation
import UppfoljPostgres

/// A PostgreSQL server for the tests: the one `UPPFOLJ_TEST_PG_URL` names (a superuser connection;
/// `.ci/run` starts a throw-away cluster and sets it), else a throw-away cluster of this process —
/// initdb and pg_ctl of Debian's `postgresql` package, in a temporary folder, listening only on a
/// Unix socket there, run as the `postgres` system user when the tests run as root (PostgreSQL
/// refuses root) — stopped and removed when the process exits. Without either, `adminURL()`
/// throws saying how to get one: the PostgreSQL tests fail rather than skip silently.
public enum PostgresTestServer {
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// A superuser connection string to the server's `postgres` database.
    public static func adminURL() throws -> String {
        try state.withLock { state in
            if let url = state.url { return url }
            if let failure = state.failure { throw Unavailable(description: failure) }
            do {
                let url: String
                if let given = ProcessInfo.processInfo.environment["UPPFOLJ_TEST_PG_URL"], !given.isEmpty {
                    url = given
                } else {
                    let folder = try startCluster()
                    state.folder = folder
                    url = "postgresql://postgres@/postgres?host=\(folder)&port=5432"
                }
                state.url = url
                return url
            } catch {
                state.failure = "\(error)"
                throw error
            }
        }
    }

    /// A new, empty database on the server; returns its superuser connection string.
    public static func freshDatabase() throws -> String {
        let admin = try adminURL()
        let name = "uppfolj_t_\(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF)"
        let connection = try PostgresConnection(admin)
        defer { connection.close() }
        try connection.execute("CREATE DATABASE \(name)")
        return url(admin, database: name)
    }

    /// `url` with another database (and, if given, another user).
    public static func url(_ url: String, database: String, user: String? = nil) -> String {
        // The form this helper and .ci/run use: postgresql://USER@HOST/DB?params (HOST may be empty).
        guard let scheme = url.range(of: "://") else { return url + " dbname=\(database)" + (user.map { " user=\($0)" } ?? "") }
        let rest = url[scheme.upperBound...]
        let pathStart = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = String(rest[..<pathStart])
        if let user {
            if let at = authority.lastIndex(of: "@") { authority = user + authority[at...] } else { authority = user + "@" + authority }
        }
        let afterPath = rest[pathStart...]
        let query = afterPath.firstIndex(of: "?").map { String(afterPath[$0...]) } ?? ""
        return String(url[..<scheme.upperBound]) + authority + "/" + database + query
    }

    /// Runs SQL as the superuser on `url`'s database (for tampering in tests).
    public static func superuser(_ url: String, _ sql: String) throws {
        let connection = try PostgresConnection(url)
        defer { connection.close() }
        try connection.execute(sql)
    }

    /// The first column of the first row of a query, as text (run as the superuser on `url`).
    public static func scalar(_ url: String, _ sql: String) throws -> String {
        let connection = try PostgresConnection(url)
        defer { connection.close() }
        let rows = try connection.execute(sql)
        return rows.count == 0 ? "" : rows.text(0, 0)
    }

    /// The folder of the cluster this process started (nil when the URL came from outside).
    public static var clusterFolder: String? { state.withLock { $0.folder } }
    /// The server's binaries (initdb, pg_ctl), if found.
    public static var binaries: String? { findBinaries() }

    /// Runs a server binary (pg_ctl …) as the cluster's owner.
    @discardableResult
    public static func runAsOwner(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        guard let bin = findBinaries() else { throw Unavailable(description: noServer) }
        let path = bin + "/" + tool
        return try run(getuid() == 0 ? "/usr/sbin/runuser" : path,
                       getuid() == 0 ? ["-u", "postgres", "--", path] + arguments : arguments)
    }

    // MARK: the throw-away cluster

    private struct State {
        var url: String?
        var failure: String?
        var folder: String?
    }

    private static let state = Locked(State())

    static let noServer = """
        No PostgreSQL server for the tests. Either set UPPFOLJ_TEST_PG_URL to a superuser connection \
        string (postgresql://postgres@/postgres?host=/run/postgresql), or install Debian's server \
        (apt-get install postgresql; the tests then start a throw-away cluster with its initdb and \
        pg_ctl, as the postgres system user when run as root). .ci/run does the latter.
        """

    private static func findBinaries() -> String? {
        if let dir = ProcessInfo.processInfo.environment["UPPFOLJ_PG_BINDIR"], FileManager.default.isExecutableFile(atPath: dir + "/initdb") {
            return dir
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let dir = "/usr/lib/postgresql/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: dir + "/initdb") { return dir }
        }
        return nil
    }

    private static func startCluster() throws -> String {
        let folder = try makeCluster()
        stopFolder = folder
        atexit {
            guard let folder = PostgresTestServer.stopFolder else { return }
            PostgresTestServer.removeCluster(folder)
        }
        return folder
    }

    /// A new cluster in a new temporary folder, started; returns the folder.
    static func makeCluster() throws -> String {
        guard findBinaries() != nil else { throw Unavailable(description: noServer) }
        var template = Array("/tmp/uppfolj-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Unavailable(description: "mkdtemp failed: \(errno)") }
        let folder = String(cString: made)
        if getuid() == 0 {
            guard let owner = getpwnam("postgres") else {
                throw Unavailable(description: "running as root, but there is no postgres system user to run the server as. " + noServer)
            }
            chown(folder, owner.pointee.pw_uid, owner.pointee.pw_gid)
        }
        chmod(folder, 0o700)
        let initdb = try runAsOwner("initdb", ["-D", folder + "/data", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-instructions"])
        guard initdb.status == 0 else { throw Unavailable(description: "initdb failed: \(initdb.output)") }
        try startServer(folder)
        return folder
    }

    /// Starts the cluster in `folder` (waiting until it takes connections, after any crash recovery).
    ///
    /// `recovery_init_sync_method=syncfs`: before crash recovery the server makes sure the data
    /// directory is on disk. The default (`fsync`) opens and fsyncs every file of it one by one,
    /// which took 2.7–3.9 s per restart on this machine and made a crash fault cost about 4 s;
    /// `syncfs` (Linux, PostgreSQL 14+) syncs the file system in one call: 0.3 s per restart,
    /// with the same guarantee.
    static func startServer(_ folder: String) throws {
        // Only a Unix socket in the folder: no TCP port to collide with other runs.
        let start = try runAsOwner("pg_ctl", ["-D", folder + "/data", "-l", folder + "/server.log", "-w", "-t", "60",
                                              "-o", "-c listen_addresses='' -k \(folder) -p 5432 -c max_connections=200 -c recovery_init_sync_method=syncfs",
                                              "start"])
        guard start.status == 0 else {
            let log = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? ""
            throw Unavailable(description: "pg_ctl start failed: \(start.output)\n\(log.suffix(2000))")
        }
    }

    /// `pg_ctl stop -m immediate`: the server ends at once, as in a crash (no shutdown checkpoint).
    static func stopServerImmediately(_ folder: String) throws {
        let stop = try runAsOwner("pg_ctl", ["-D", folder + "/data", "-m", "immediate", "-w", "stop"])
        guard stop.status == 0 else { throw Unavailable(description: "pg_ctl stop failed: \(stop.output)") }
    }

    static func removeCluster(_ folder: String) {
        _ = try? stopServerImmediately(folder)
        try? FileManager.default.removeItem(atPath: folder)
    }

    nonisolated(unsafe) private static var stopFolder: String?

    /// posix_spawn and waitpid (Foundation's Process can wait for ever here: pg_ctl leaves a
    /// server running that was started from the child), output to a file read afterwards.
    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let log = "/tmp/uppfolj-pg-run-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { unlink(log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // In /tmp: the postgres user may not enter the tests' folder.
        let argv = (["/bin/sh", "-c", "cd /tmp && exec \"$0\" \"$@\"", executable] + arguments).map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
        guard spawned == 0 else { throw Unavailable(description: "could not run \(executable): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output)
    }
}

/// A cluster of the test's own, for tests that stop and start the server (faults): never the
/// shared one, nor the one `UPPFOLJ_TEST_PG_URL` names. Stopped and removed when released.
public final class PrivatePostgresCluster {
    public let folder: String
    /// A superuser connection string to its `postgres` database.
    public var url: String { "postgresql://postgres@/postgres?host=\(folder)&port=5432" }

    public init() throws { folder = try PostgresTestServer.makeCluster() }
    deinit { PostgresTestServer.removeCluster(folder) }

    /// `pg_ctl stop -m immediate`.
    public func crash() throws { try PostgresTestServer.stopServerImmediately(folder) }
    public func start() throws { try PostgresTestServer.startServer(folder) }

    /// A new database with the journal's schema; its URL.
    public func journalDatabase() throws -> String {
        let connection = try PostgresConnection(url)
        defer { connection.close() }
        let name = "fault_\(UInt32.random(in: 0...UInt32.max))"
        try connection.execute("CREATE DATABASE \(name)")
        let database = PostgresTestServer.url(url, database: name)
        let schema = try PostgresConnection(database)
        defer { schema.close() }
        _ = try PostgresSchema.install(on: schema)
        return database
    }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
