import ArgumentParser
import Foundation
import UppfoljCore
import UppfoljPostgres
import UppfoljStore

/// `uppfolj pg …`: setting up a unit's journal in a PostgreSQL database (issue 19).
struct PgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pg",
        abstract: "Journalen i PostgreSQL / The journal in PostgreSQL.",
        subcommands: [Init.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Skapa schema, roll och rättigheter / Create the schema, role and grants.",
            discussion: """
            Connects with URL (a role that may create tables and roles, e.g. the database's owner) and \
            creates what is missing: the tables uppfolj_journal and uppfolj_access (append-only, \
            hash-chained records: triggers refuse UPDATE, DELETE and TRUNCATE and a row that does not \
            follow the chain) and uppfolj_key_file; the application role (NOLOGIN; grant it to the \
            workers' login roles) with SELECT and INSERT only (and DELETE of superseded key-file \
            versions). Safe to run again. Prints what it did.
            """)

        @OptionGroup var common: CommonOptions
        @Argument(help: "postgresql://… (libpq's URL or key=value form; PGPASSWORD, ~/.pgpass, sslmode as libpq reads them).")
        var url: String
        @Option(name: .long, help: "The application role (default uppfolj_app).")
        var role: String = PostgresSchema.defaultAppRole

        func run() throws {
            guard PostgresSchema.isValidRoleName(role) else {
                printError(common.say("Rollnamnet \(shown(role)) går inte: bara a–z, 0–9 och _, högst 63 tecken.",
                                      "The role name \(shown(role)) is not allowed: only a–z, 0–9 and _, at most 63 characters."))
                throw ExitCode(64)
            }
            do {
                let connection = try PostgresConnection(url)
                defer { connection.close() }
                print(common.say("Databas", "Database") + ": " + connection.displayName)
                for step in try PostgresSchema.install(on: connection, appRole: role) {
                    print("- " + common.say(step.sv, step.en))
                }
                print(common.say("Klart. Journalen: uppfolj --journal \(connection.displayName)",
                                 "Done. The journal: uppfolj --journal \(connection.displayName)"))
            } catch let failure as PostgresFailure {
                printError(common.say("PostgreSQL: ", "PostgreSQL: ") + failure.message)
                throw Exit.unusable
            }
        }
    }
}

/// `uppfolj copy FROM TO`: a journal (with its access log and key file) moved between a file and a
/// PostgreSQL database, record by record, verified after the copy.
struct CopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Kopiera journalen mellan fil och PostgreSQL / Copy the journal between a file and PostgreSQL.",
        discussion: """
        FROM and TO are each a journal file or a postgresql:// URL. The records (sealed: no passphrase \
        is needed, and the server sees only ciphertext), the access log and the key file are copied \
        as they are, so the copy has the same records and head hashes; the copy is then opened anew, \
        its whole chain checked and compared. TO must be a new file or an empty database (uppfolj pg init).
        """)

    @OptionGroup var common: CommonOptions
    @Argument(help: "The journal to copy.") var from: String
    @Argument(help: "Where to: a new journal file or an empty database.") var to: String

    func run() throws {
        let source = JournalPlace(from)
        let destination = JournalPlace(to)
        if case .file(let path) = destination { try? JournalLocation.prepareFolder(for: path) }
        do {
            let report = try JournalCopy.copy(from: source, to: destination)
            print(common.say("Kopierade \(source.display) → \(destination.display)", "Copied \(source.display) → \(destination.display)"))
            print(common.say("Poster", "Records") + ": \(report.records)")
            print(common.say("Huvudhash", "Head hash") + ": \(report.headHash)")
            if let head = report.accessHeadHash {
                print(common.say("Åtkomstlogg", "Access log") + ": \(report.accessEntries) " + common.say("poster, huvudhash", "entries, head hash") + " \(head)")
            }
            print(common.say("Nyckelfil", "Key file") + ": " + (report.keyFile ? common.say("kopierad", "copied") : common.say("ingen (okrypterad journal)", "none (plain journal)")))
            print(common.say("OK: kopian är kontrollerad (samma poster, samma huvudhash).", "OK: the copy is verified (the same records, the same head hash)."))
        } catch let error as StoreError {
            printError(common.text(error.message))
            throw Exit.unusable
        }
    }
}

extension VerifyCommand {
    /// `uppfolj verify postgresql://…`: the chains of the journal and its access log, record by record.
    func verifyDatabase(_ place: JournalPlace) throws {
        let report: JournalPlace.ChainReport
        do { report = try place.verifyChains() } catch let error as StoreError {
            printError(common.text(error.message))
            throw Exit.unusable
        }
        print(common.say("Journal", "Journal") + ": " + place.display)
        if report.fault == nil || report.accessEntries != nil {
            print(common.say("Poster", "Records") + ": \(report.records)")
            print(common.say("Innehåll: krypterat; inte avkodat (kedjan kontrollerad utan lösenfras)",
                             "Content: encrypted; not decoded (the chain checked without the passphrase)"))
            print(common.say("Huvudhash", "Head hash") + ": \(report.headHash)")
        }
        if let entries = report.accessEntries, let head = report.accessHeadHash {
            print(common.say("Åtkomstlogg", "Access log") + ": \(entries) " + common.say("poster, huvudhash", "entries, head hash") + " \(head)")
        }
        if let fault = report.fault {
            print(common.say("FEL", "FAULT") + ": " + common.text(fault))
            throw Exit.refused
        }
        print(common.say("OK: kedjan är hel.", "OK: the chain is intact."))
    }
}
