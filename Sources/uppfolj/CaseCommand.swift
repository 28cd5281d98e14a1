import ArgumentParser
import Foundation
import UppfoljApp
import UppfoljCore
import UppfoljStore

/// `uppfolj case CODE --out FILE`: one case's summary as Markdown, to print or attach. The file
/// holds that case only; writing it is logged in the access log (its own action) before the file
/// is written, and nothing is written when the log cannot be.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Sammanfattning av ett ärende som Markdown / One case's summary as Markdown.",
        discussion: """
        The file holds personal data about one case (unencrypted): handle it like the journal. \
        The access log records who wrote it and when.
        """)

    @Argument(help: "The case code.") var code: String
    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument
    @Option(help: ArgumentHelp("The file to write (- for standard output).", valueName: "file")) var out: String
    @Option(help: "Worker id in the access log (default: the OS user name).") var worker: String?

    func run() throws {
        let catalogue = try loadCatalogue(common)
        let store = try openStore(journal.path, common, catalogue: catalogue, readOnly: true, allow: Roles.caseContent,
                                  what: Localized(sv: "uppfolj case", en: "uppfolj case"), worker: worker)
        let who = try identity(store, given: worker, common)
        let env = AppEnvironment(catalogue: catalogue, today: Day.today(), language: common.language, worker: who)
        guard let text = CaseSummaryDocument.markdown(code, projection: store.projection, env: env) else {
            printError(common.say("Det finns inget ärende med koden \(shown(code)).", "There is no case with the code \(shown(code))."))
            throw Exit.refused
        }
        do {
            try store.logAccess(AccessRecord(time: Int64(Date().timeIntervalSince1970), worker: who, action: .caseSummary,
                                             caseCode: code, format: "markdown"))
        } catch let error as StoreError {
            printError(common.say("Inget skrevs: åtkomstloggen kunde inte skrivas. ", "Nothing written: the access log could not be written. ")
                       + common.text(error.message))
            throw Exit.unusable
        }
        if out == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try writeOutput(Data(text.utf8), to: out)
        } catch {
            printError(common.say("Kunde inte skriva \(shown(out)): \(error.localizedDescription)",
                                  "Could not write \(shown(out)): \(error.localizedDescription)"))
            throw Exit.unusable
        }
        printError(common.say("Skrev \(shown(out)): sammanfattning av ärende \(shown(code)).",
                              "Wrote \(shown(out)): summary of case \(shown(code))."))
    }
}
