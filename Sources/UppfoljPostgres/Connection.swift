import CLibpq
#if canImport(Glibc)
import Glibc
#endif

/// A parameter of a statement, sent in binary form with its type.
public enum PostgresValue: Sendable {
    case int64(Int64)
    case int16(Int16)
    case bytes([UInt8])
    case text(String)

    fileprivate var oid: Oid {
        switch self {
        case .int64: 20
        case .int16: 21
        case .bytes: 17
        case .text: 25
        }
    }

    fileprivate var wire: [UInt8] {
        switch self {
        case .int64(let v): withUnsafeBytes(of: v.bigEndian) { Array($0) }
        case .int16(let v): withUnsafeBytes(of: v.bigEndian) { Array($0) }
        case .bytes(let b): b
        case .text(let s): Array(s.utf8)
        }
    }
}

/// A failure reported by the server or by libpq: its SQLSTATE (nil when the connection itself
/// failed) and message.
public struct PostgresFailure: Error, Sendable, CustomStringConvertible {
    public let sqlState: String?
    public let message: String
    /// The connection was lost (or never made): the statement may or may not have been carried out.
    public let connectionLost: Bool
    public var description: String { message }
}

/// The rows of a statement's result, in binary form (`resultFormat` 1): bigint/smallint in network
/// byte order, bytea as its bytes.
public final class PostgresRows {
    fileprivate let result: OpaquePointer

    fileprivate init(_ result: OpaquePointer) { self.result = result }
    deinit { PQclear(result) }

    public var count: Int { Int(PQntuples(result)) }

    public func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(result, Int32(row), Int32(column)) == 1 }

    /// The raw bytes of a field (valid while this object lives).
    public func bytes(_ row: Int, _ column: Int) -> UnsafeRawBufferPointer {
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        guard let pointer = PQgetvalue(result, Int32(row), Int32(column)) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: length)
    }

    public func int64(_ row: Int, _ column: Int) -> Int64 {
        let b = bytes(row, column)
        switch b.count {
        case 8: return Int64(bigEndian: b.loadUnaligned(as: Int64.self))
        case 4: return Int64(Int32(bigEndian: b.loadUnaligned(as: Int32.self)))
        case 2: return Int64(Int16(bigEndian: b.loadUnaligned(as: Int16.self)))
        default: return 0
        }
    }

    public func text(_ row: Int, _ column: Int) -> String {
        String(decoding: bytes(row, column), as: UTF8.self)
    }
}

/// One libpq connection, used from one thread. Connection parameters are libpq's: a
/// `postgresql://` URL or `key=value` string, plus PGHOST/PGSSLMODE/… , `~/.pgpass` and service files.
public final class PostgresConnection {
    private var connection: OpaquePointer?
    /// The connection string without a password, for messages.
    public let displayName: String

    public init(_ conninfo: String) throws(PostgresFailure) {
        displayName = Self.withoutPassword(conninfo)
        connection = PQconnectdb(conninfo)
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { Self.trimmed(String(cString: PQerrorMessage($0))) } ?? "out of memory"
            if let connection { PQfinish(connection) }
            self.connection = nil
            throw PostgresFailure(sqlState: nil, message: message, connectionLost: true)
        }
        // Server messages of level NOTICE are not printed on the terminal of a workbench.
        _ = try? execute("SET client_min_messages = warning")
    }

    deinit { close() }

    public func close() {
        if let connection { PQfinish(connection) }
        connection = nil
    }

    public var isConnected: Bool {
        guard let connection else { return false }
        return PQstatus(connection) == CONNECTION_OK
    }

    /// Tries to connect again with the same parameters (after a server restart or a failover).
    public func reconnect() throws(PostgresFailure) {
        guard let connection else { throw PostgresFailure(sqlState: nil, message: "closed", connectionLost: true) }
        PQreset(connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            throw PostgresFailure(sqlState: nil, message: Self.trimmed(String(cString: PQerrorMessage(connection))), connectionLost: true)
        }
    }

    /// Runs statements without parameters (several may be given, separated by semicolons).
    @discardableResult
    public func execute(_ sql: String) throws(PostgresFailure) -> PostgresRows {
        guard let connection else { throw PostgresFailure(sqlState: nil, message: "closed", connectionLost: true) }
        return try check(PQexec(connection, sql))
    }

    /// Runs one statement with parameters; results come in binary form.
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresFailure) -> PostgresRows {
        guard let connection else { throw PostgresFailure(sqlState: nil, message: "closed", connectionLost: true) }
        let oids = parameters.map(\.oid)
        let wires = parameters.map(\.wire)
        let lengths = wires.map { Int32($0.count) }
        let formats = [Int32](repeating: 1, count: parameters.count)
        // Every value is copied into one buffer so that the pointers stay valid for the call.
        var storage: [UInt8] = []
        storage.reserveCapacity(wires.reduce(0) { $0 + $1.count } + 1)
        var starts: [Int] = []
        for wire in wires {
            starts.append(storage.count)
            storage.append(contentsOf: wire)
        }
        storage.append(0)
        let result: OpaquePointer? = storage.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            let values: [UnsafePointer<CChar>?] = starts.map { base + $0 }
            return values.withUnsafeBufferPointer { values in
                PQexecParams(connection, sql, Int32(parameters.count), oids, values.baseAddress, lengths, formats, 1)
            }
        }
        return try check(result)
    }

    private func check(_ result: OpaquePointer?) throws(PostgresFailure) -> PostgresRows {
        guard let result else {
            throw PostgresFailure(sqlState: nil, message: Self.trimmed(String(cString: PQerrorMessage(connection))), connectionLost: !isConnected)
        }
        let status = PQresultStatus(result)
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK { return PostgresRows(result) }
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let message = Self.trimmed(String(cString: PQresultErrorMessage(result)))
        PQclear(result)
        throw PostgresFailure(sqlState: state, message: message.isEmpty ? "statement failed" : message,
                              connectionLost: !isConnected)
    }

    // MARK: LISTEN/NOTIFY

    /// Waits up to `timeout` seconds for a notification on a channel this connection LISTENs to;
    /// returns the channels notified (empty on timeout). Notifications that arrived meanwhile are
    /// returned at once.
    public func waitForNotifications(timeout: Double) throws(PostgresFailure) -> [(channel: String, payload: String)] {
        guard let connection else { throw PostgresFailure(sqlState: nil, message: "closed", connectionLost: true) }
        var channels = drain(connection)
        if !channels.isEmpty { return channels }
        var fd = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        guard fd.fd >= 0 else { throw PostgresFailure(sqlState: nil, message: "no connection", connectionLost: true) }
        let ready = poll(&fd, 1, Int32(timeout * 1000))
        if ready > 0 {
            guard PQconsumeInput(connection) == 1 else {
                throw PostgresFailure(sqlState: nil, message: Self.trimmed(String(cString: PQerrorMessage(connection))), connectionLost: true)
            }
            channels = drain(connection)
        }
        return channels
    }

    private func drain(_ connection: OpaquePointer) -> [(channel: String, payload: String)] {
        var channels: [(channel: String, payload: String)] = []
        while let note = PQnotifies(connection) {
            channels.append((String(cString: note.pointee.relname), note.pointee.extra.map { String(cString: $0) } ?? ""))
            PQfreemem(note)
        }
        return channels
    }

    // MARK: helpers

    static func trimmed(_ s: String) -> String {
        var s = Substring(s)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }

    /// `postgresql://user:secret@host/db` → `postgresql://user@host/db`; `password=…` dropped from
    /// a key=value string.
    public static func withoutPassword(_ conninfo: String) -> String {
        if let scheme = conninfo.range(of: "://") {
            let rest = conninfo[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            var cleaned = String(conninfo[..<scheme.upperBound])
            if let at = authority.lastIndex(of: "@") {
                let user = authority[..<at]
                cleaned += (user.split(separator: ":", maxSplits: 1).first.map(String.init) ?? "") + "@" + authority[authority.index(after: at)...]
            } else {
                cleaned += authority
            }
            var query = String(rest[authorityEnd...])
            if let range = query.range(of: "password=") {
                let end = query[range.upperBound...].firstIndex(of: "&") ?? query.endIndex
                query.replaceSubrange(range.lowerBound..<end, with: "password=…")
            }
            return cleaned + query
        }
        return conninfo.split(separator: " ").filter { !$0.hasPrefix("password=") }.joined(separator: " ")
    }
}

@available(*, unavailable, message: "A connection is used from one thread")
extension PostgresConnection: Sendable {}
