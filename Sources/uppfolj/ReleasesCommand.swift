import ArgumentParser
import Foundation
import UppfoljCore
import UppfoljStore

/// `uppfolj releases`: the release register — every export and board report of the journal, with
/// how many figures each showed and hid (issue 14 item 1). `--show N` lists one release's figures,
/// with `..` for the hidden ones (their counts stay in the sealed register).
struct ReleasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "releases",
        abstract: "Visa utlämningsregistret / Show the release register.",
        discussion: """
        The register is <journal>.releases, hash-chained like the journal and sealed with its key. \
        Every export and board report is registered before its file is written, and every later \
        release keeps its decisions: a figure shown stays shown, a figure hidden stays hidden.
        """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument
    @Option(help: ArgumentHelp("List the figures of release N (1 = the first).", valueName: "N")) var show: Int?
    @Option(help: "Worker id (default: the OS user name).") var worker: String?

    func run() throws {
        let catalogue = try loadCatalogue(common)
        let store = try openStore(journal.path, common, catalogue: catalogue, readOnly: true, allow: Roles.figures,
                                  what: Localized(sv: "uppfolj releases", en: "uppfolj releases"), worker: worker)
        let releases: [ReleaseRecord]
        do {
            releases = try store.registeredReleases()
        } catch let error as StoreError {
            printError(common.text(error.message))
            throw Exit.refused
        }
        if let show {
            guard releases.indices.contains(show - 1) else {
                printError(common.say("Det finns ingen utlämning \(show) (registret har \(releases.count)).",
                                      "There is no release \(show) (the register has \(releases.count))."))
                throw Exit.refused
            }
            for figure in releases[show - 1].figures {
                print("\(figure.period)\t\(figure.indicator)\t\(figure.cell)\t\(figure.published ? String(figure.value) : "..")")
            }
            return
        }
        if releases.isEmpty {
            print(common.say("Inga utlämningar är registrerade.", "No releases are registered."))
            return
        }
        print(common.say("nr  tid (UTC)             av        period  format   k  visade  dolda  katalog",
                         "no  time (UTC)            by        period  format   k  shown  hidden  catalogue"))
        for (index, release) in releases.enumerated() {
            let when = Timestamp(secondsSinceEpoch: release.time).iso
            let k = release.policyOverride ? "\(release.minimumCellSize)!" : "\(release.minimumCellSize)"
            print([pad(String(index + 1), 3), pad(when, 21), pad(shown(release.worker), 9), pad(release.period, 7),
                   pad(release.format, 8), pad(k, 2), pad(String(release.shownCount), 7), pad(String(release.hiddenCount), 6),
                   release.catalogueVersion].joined(separator: " "))
        }
        if releases.contains(where: \.policyOverride) {
            print(common.say("! = k skilt från enhetens policy (--override-policy).", "! = k other than the unit's policy (--override-policy)."))
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
