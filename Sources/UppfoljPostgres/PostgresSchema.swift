import UppfoljJournal

/// The database side of a unit's journal (`uppfolj pg init`): the tables, the triggers that keep
/// them append-only and chained, and the application role that may only read and add records.
///
/// - `uppfolj_journal`, `uppfolj_access` and `uppfolj_releases` (the journal, its access log and
///   its release register): one row per record —
///   `seq` (0-based, the primary key), `kind` (the stored kind byte), `payload` (the bytes the
///   journal file would hold: ciphertext, sealed by the client), `prev_hash`, `hash` (the SHA-256
///   chain of docs/journal-format.md). A BEFORE INSERT trigger refuses a row that does not follow
///   the previous one (gap or wrong link); BEFORE UPDATE/DELETE and BEFORE TRUNCATE triggers refuse
///   every change, so even the table's owner must first disable them — which the client's chain
///   check then catches; an AFTER INSERT trigger notifies the channel named after the table with
///   the inserted records' numbers ("first-last"), when the transaction commits (LISTEN/NOTIFY).
/// - `uppfolj_key_file`: the key file's successive versions (the latest is in force). The app role
///   may delete superseded versions — a removed person's wrap must be able to go — so this table
///   alone has no refusal trigger; the key file holds only wrapped keys.
/// - The application role (NOLOGIN; grant it to the workers' login roles): SELECT and INSERT on the
///   tables, DELETE on the key file only; no UPDATE or TRUNCATE anywhere.
public enum PostgresSchema {
    public static let defaultAppRole = "uppfolj_app"
    public static let keyFileTable = "uppfolj_key_file"

    /// A role name `init` accepts (it goes into statements as an identifier).
    public static func isValidRoleName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.count <= 63 else { return false }
        return (first == "_" || ("a"..."z").contains(first))
            && name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// One step of `init` and whether it changed anything.
    public struct Step: Sendable, Equatable {
        public let sv: String
        public let en: String
    }

    /// Creates what is missing (tables, functions, triggers, role, grants); safe to run again.
    /// Returns what it did, step by step.
    public static func install(on connection: PostgresConnection, appRole: String = defaultAppRole) throws(PostgresFailure) -> [Step] {
        precondition(isValidRoleName(appRole))
        var steps: [Step] = []
        let names = (PostgresJournal.Table.allCases.map(\.rawValue) + [keyFileTable]).map { "'\($0)'" }.joined(separator: ",")
        let existing = try connection.query(
            "SELECT c.relname::text FROM pg_class c WHERE c.relkind = 'r' AND pg_table_is_visible(c.oid) AND c.relname IN (\(names))")
        var present = Set<String>()
        for row in 0..<existing.count { present.insert(existing.text(row, 0)) }

        try connection.execute("BEGIN")
        do {
            try connection.execute(functionsSQL)
            steps.append(Step(sv: "funktioner: uppfolj_check_link, uppfolj_refuse_change, uppfolj_notify",
                              en: "functions: uppfolj_check_link, uppfolj_refuse_change, uppfolj_notify"))
            for table in PostgresJournal.Table.allCases.map(\.rawValue) {
                if present.contains(table) {
                    steps.append(Step(sv: "tabellen \(table) fanns redan", en: "table \(table) already existed"))
                } else {
                    try connection.execute("""
                        CREATE TABLE \(table) (
                          seq bigint PRIMARY KEY CHECK (seq >= 0),
                          kind smallint NOT NULL CHECK (kind BETWEEN 0 AND 255),
                          payload bytea NOT NULL,
                          prev_hash bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
                          hash bytea NOT NULL CHECK (octet_length(hash) = 32));
                        """)
                    steps.append(Step(sv: "skapade tabellen \(table)", en: "created table \(table)"))
                }
                try connection.execute("""
                    DROP TRIGGER IF EXISTS \(table)_link ON \(table);
                    CREATE TRIGGER \(table)_link BEFORE INSERT ON \(table) FOR EACH ROW EXECUTE FUNCTION uppfolj_check_link();
                    DROP TRIGGER IF EXISTS \(table)_no_change ON \(table);
                    CREATE TRIGGER \(table)_no_change BEFORE UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION uppfolj_refuse_change();
                    DROP TRIGGER IF EXISTS \(table)_no_truncate ON \(table);
                    CREATE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION uppfolj_refuse_change();
                    DROP TRIGGER IF EXISTS \(table)_notify ON \(table);
                    CREATE TRIGGER \(table)_notify AFTER INSERT ON \(table) REFERENCING NEW TABLE AS added
                      FOR EACH STATEMENT EXECUTE FUNCTION uppfolj_notify();
                    """)
                steps.append(Step(sv: "triggrar på \(table): länkkontroll vid INSERT; UPDATE, DELETE och TRUNCATE vägras; NOTIFY \(table) vid INSERT",
                                  en: "triggers on \(table): link check on INSERT; UPDATE, DELETE and TRUNCATE refused; NOTIFY \(table) on INSERT"))
            }
            if present.contains(keyFileTable) {
                steps.append(Step(sv: "tabellen \(keyFileTable) fanns redan", en: "table \(keyFileTable) already existed"))
            } else {
                try connection.execute("""
                    CREATE TABLE \(keyFileTable) (
                      version bigint PRIMARY KEY CHECK (version >= 1),
                      content bytea NOT NULL,
                      written_at timestamptz NOT NULL DEFAULT now());
                    """)
                steps.append(Step(sv: "skapade tabellen \(keyFileTable)", en: "created table \(keyFileTable)"))
            }
            let roles = try connection.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [.text(appRole)])
            if roles.count == 0 {
                try connection.execute("CREATE ROLE \(appRole) NOLOGIN")
                steps.append(Step(sv: "skapade rollen \(appRole) (NOLOGIN; ge den till arbetstagarnas inloggningsroller: GRANT \(appRole) TO …)",
                                  en: "created role \(appRole) (NOLOGIN; grant it to the workers' login roles: GRANT \(appRole) TO …)"))
            } else {
                steps.append(Step(sv: "rollen \(appRole) fanns redan", en: "role \(appRole) already existed"))
            }
            let chained = PostgresJournal.Table.allCases.map(\.rawValue).joined(separator: ", ")
            try connection.execute("""
                REVOKE ALL ON \(chained), \(keyFileTable) FROM PUBLIC;
                REVOKE ALL ON \(chained), \(keyFileTable) FROM \(appRole);
                GRANT SELECT, INSERT ON \(chained) TO \(appRole);
                GRANT SELECT, INSERT, DELETE ON \(keyFileTable) TO \(appRole);
                """)
            steps.append(Step(sv: "rättigheter för \(appRole): SELECT, INSERT på \(chained); SELECT, INSERT, DELETE på \(keyFileTable); inga andra",
                              en: "privileges of \(appRole): SELECT, INSERT on \(chained); SELECT, INSERT, DELETE on \(keyFileTable); no others"))
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
        return steps
    }

    static let functionsSQL = """
        CREATE OR REPLACE FUNCTION uppfolj_check_link() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE previous bytea;
        BEGIN
          IF NEW.seq > 0 THEN
            EXECUTE format('SELECT hash FROM %I WHERE seq = $1', TG_TABLE_NAME) INTO previous USING NEW.seq - 1;
            IF previous IS NULL OR previous <> NEW.prev_hash THEN
              RAISE EXCEPTION 'uppfolj: record % of % does not follow the record before it', NEW.seq, TG_TABLE_NAME
                USING ERRCODE = 'check_violation';
            END IF;
          END IF;
          RETURN NEW;
        END $$;
        CREATE OR REPLACE FUNCTION uppfolj_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'uppfolj: % on % refused: its records are append-only', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
        END $$;
        CREATE OR REPLACE FUNCTION uppfolj_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE first bigint; last bigint;
        BEGIN
          SELECT min(seq), max(seq) INTO first, last FROM added;
          IF first IS NOT NULL THEN
            PERFORM pg_notify(TG_TABLE_NAME, first || '-' || last);
          END IF;
          RETURN NULL;
        END $$;
        """
}

/// The key file of a journal kept in the database (`uppfolj_key_file`): the same bytes as
/// `<journal>.key`, one row per version; the latest is in force. Writing a new version removes the
/// older ones in the same transaction, so a removed person's wrap does not stay behind.
public enum PostgresKeyFile {
    /// The key file in force; nil when none was written yet.
    public static func read(url: String) throws -> [UInt8]? {
        try using(url) { connection in
            let exists = try connection.query("SELECT to_regclass($1) IS NOT NULL", [.text(PostgresSchema.keyFileTable)])
            guard exists.count == 1, exists.bytes(0, 0).first == 1 else {
                throw JournalError.database(location: connection.displayName,
                                            detail: "the table \(PostgresSchema.keyFileTable) does not exist (create the schema with: uppfolj pg init URL) / tabellen \(PostgresSchema.keyFileTable) finns inte (skapa schemat med: uppfolj pg init URL)")
            }
            let rows = try connection.query("SELECT content FROM \(PostgresSchema.keyFileTable) ORDER BY version DESC LIMIT 1")
            return rows.count == 0 ? nil : Array(rows.bytes(0, 0))
        }
    }

    /// Writes a new version and removes the older ones (one transaction).
    public static func write(url: String, bytes: [UInt8]) throws {
        try using(url) { connection in
            try connection.execute("BEGIN")
            do {
                try connection.query("""
                    INSERT INTO \(PostgresSchema.keyFileTable) (version, content)
                    SELECT coalesce(max(version), 0) + 1, $1 FROM \(PostgresSchema.keyFileTable)
                    """, [.bytes(bytes)])
                try connection.execute("""
                    DELETE FROM \(PostgresSchema.keyFileTable) WHERE version < (SELECT max(version) FROM \(PostgresSchema.keyFileTable))
                    """)
                try connection.execute("COMMIT")
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    private static func using<T>(_ url: String, _ body: (PostgresConnection) throws -> T) throws -> T {
        do {
            let connection = try PostgresConnection(url)
            defer { connection.close() }
            return try body(connection)
        } catch let failure as PostgresFailure {
            throw JournalError.database(location: PostgresConnection.withoutPassword(url), detail: failure.message)
        }
    }
}
