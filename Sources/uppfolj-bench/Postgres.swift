import Foundation
import UppfoljCore
import UppfoljJournal
import UppfoljPostgres
import UppfoljSample
import UppfoljStore

/// `--postgres URL --events N,N`: the journal in PostgreSQL beside the journal file and SQLite, in
/// one run (issue 19): bulk import, open + replay into the projection (the store's own open, which
/// checks the whole chain; plain journals on both backends so that the store's work is the same),
/// and durable single appends as a save makes them (a file: write + fdatasync; PostgreSQL: the
/// advisory lock, the catch-up query, the INSERT acknowledged after COMMIT, the unlock; SQLite: an
/// autocommit INSERT with synchronous=FULL). URL is a role that may create databases; each size
/// gets a new database (dropped afterwards).
enum PostgresBench {
    static func run(url: String, sizes: [Int], repetitions: Int) throws {
        print("uppfolj-bench --postgres on \(ProcessInfo.processInfo.activeProcessorCount) cores; \(repetitions) opens after one warm-up; times are medians (min–max)")
        for size in sizes {
            try runSize(url: url, events: size, repetitions: size >= 1_000_000 ? max(1, repetitions - 2) : repetitions)
        }
    }

    static func runSize(url: String, events target: Int, repetitions: Int) throws {
        let catalogue = try InstrumentCatalogue.builtIn()
        let until = Day(iso: "2026-11-23")!
        let events = SampleGenerator(cases: max(10, Int(Double(target) / 10.8)), seed: 1, until: until, catalogue: catalogue).events()
        let payloads = events.map { EventBinaryCodec.encode($0) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-pgbench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let admin = try PostgresConnection(url)
        defer { admin.close() }
        let name = "uppfolj_bench_\(target)_\(getpid())"
        try admin.execute("DROP DATABASE IF EXISTS \(name)")
        try admin.execute("CREATE DATABASE \(name)")
        defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(name)") }
        let database = Self.url(url, database: name)
        let schema = try PostgresConnection(database)
        _ = try PostgresSchema.install(on: schema)
        schema.close()

        // Bulk import in chunks of 10,000 records, each one durable batch.
        let journalPath = folder + "/journal"
        let file = try Journal.open(path: journalPath, mode: .readWrite, create: true)
        var start = now()
        for chunk in stride(from: 0, to: payloads.count, by: 10_000) {
            try file.append(contentsOf: payloads[chunk..<min(payloads.count, chunk + 10_000)].map { (RecordKind.data, $0) })
        }
        let importFile = Double(payloads.count) / (now() - start)
        file.close()
        let pg = try PostgresJournal.open(url: database, writes: true)
        start = now()
        try pg.withWriteLock(keeping: 0) { _ in
            for chunk in stride(from: 0, to: payloads.count, by: 10_000) {
                try pg.appendBatch(payloads[chunk..<min(payloads.count, chunk + 10_000)].map { (RecordKind.data, $0) })
            }
        }
        let importPostgres = Double(payloads.count) / (now() - start)
        guard pg.headHash == (try Journal.open(path: journalPath, mode: .readOnly)).headHash else {
            throw SQLiteDatabase.Failure(description: "the file and the database have different head hashes")
        }
        pg.close()
        let sqlitePath = folder + "/events.sqlite"
        let (db, importSQLite) = try SQLiteDatabase.importing(payloads, at: sqlitePath)
        let insert = try db.prepare("INSERT INTO events (payload) VALUES (?)")

        // Open + replay (the store's open: every record's chain checked, every event applied).
        var count = 0
        let openFile = try measure(repetitions: repetitions) {
            count = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true).projection.eventCount
        }
        let openPostgres = try measure(repetitions: repetitions) {
            let store = try CaseStore.open(path: database, catalogue: catalogue, readOnly: true)
            guard store.projection.eventCount == count else { throw SQLiteDatabase.Failure(description: "replays disagree") }
        }
        let select = try db.prepare("SELECT payload FROM events ORDER BY seq")
        let openSQLite = try measure(repetitions: repetitions) {
            var projection = Projection(catalogue: catalogue)
            select.reset()
            while try select.step() { projection.apply(try EventBinaryCodec.decode(select.blob(0))) }
            guard projection.eventCount == count else { throw SQLiteDatabase.Failure(description: "replays disagree") }
        }

        // Durable single appends at the end of the journal of this size.
        let appends = Array(payloads.prefix(200))
        let writer = try Journal.open(path: journalPath, mode: .readWrite)
        var fileLatencies: [Double] = []
        for payload in appends {
            let t = now()
            try writer.append(kind: .data, payload: payload)
            fileLatencies.append(now() - t)
        }
        writer.close()
        let pgWriter = try PostgresJournal.open(url: database, writes: true)
        var pgLatencies: [Double] = []
        for payload in appends {
            let t = now()
            try pgWriter.withWriteLock(keeping: 0) { _ in try pgWriter.append(kind: .data, payload: payload) }
            pgLatencies.append(now() - t)
        }
        pgWriter.close()
        var sqliteLatencies: [Double] = []
        for payload in appends {
            let t = now()
            insert.bind(1, payload)
            try insert.step()
            insert.reset()
            sqliteLatencies.append(now() - t)
        }

        print("\n\(count) events (\(events.count) generated)")
        print(String(format: "  import              file %.0f ev/s · PostgreSQL %.0f ev/s · SQLite %.0f ev/s", importFile, importPostgres, importSQLite))
        print("  open + replay       file \(openFile.text) · PostgreSQL \(openPostgres.text) · SQLite \(openSQLite.text)")
        print("  durable append      file \(Latency(fileLatencies).text) · PostgreSQL \(Latency(pgLatencies).text) · SQLite \(Latency(sqliteLatencies).text)")
        print(String(format: "  peak memory         %.0f MB", peakResidentMB()))
    }

    /// `url` with another database (the form `postgresql://USER@HOST/DB?params`).
    static func url(_ url: String, database: String) -> String {
        guard let scheme = url.range(of: "://") else { return url + " dbname=\(database)" }
        let rest = url[scheme.upperBound...]
        let pathStart = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let afterPath = rest[pathStart...]
        let query = afterPath.firstIndex(of: "?").map { String(afterPath[$0...]) } ?? ""
        return String(url[..<scheme.upperBound]) + rest[..<pathStart] + "/" + database + query
    }
}
