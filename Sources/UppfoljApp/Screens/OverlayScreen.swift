import TerminalKit
import UppfoljCore

/// The `?` help (generated from the keymap for the screen below it) and modal dialogs.
enum OverlayScreen {
    static func render(_ app: inout AppState, into buffer: inout Buffer, env: AppEnvironment) {
        let t = Translator(env.language)
        switch app.overlay {
        case nil:
            return
        case .help(let offset):
            let rows = AppKeymap.helpRows(on: app.baseScope, t)
            HelpOverlay(title: t(Strings.helpTitle), rows: rows, offset: offset, footer: t(KeyHints.helpFooter))
                .render(into: &buffer, area: buffer.area.inset(by: Margin(horizontal: 0, vertical: 1)))
        case .dialog(let dialog):
            let content = dialogContent(dialog.kind, app, env)
            Dialog(title: t(content.title), message: t(content.message), buttons: content.buttons.map(t.callAsFunction),
                   selectedButton: dialog.selected).render(into: &buffer, area: buffer.area)
        }
        buffer.cursor = nil
    }

    static func dialogContent(_ kind: DialogState.Kind, _ app: AppState, _ env: AppEnvironment)
        -> (title: Localized, message: Localized, buttons: [Localized]) {
        switch kind {
        case .discardChanges:
            return (Strings.discardTitle, Strings.discardMessage, [Strings.yes, Strings.no])
        case .correctionChoice(let code, let target):
            let event = app.projection[code]?.timeline().first { $0.original.id == target }?.current
            let name = event.map { EventText.dated($0, env.catalogue) } ?? Localized(sv: target.short, en: target.short)
            return (Strings.correctTitle, Strings.correctMessage(name), [Strings.amendButton, Strings.retractButton, Strings.cancelButton])
        case .confirmVoid(let code, _):
            return (Strings.voidTitle, Strings.voidMessage(code), [Strings.voidButton, Strings.cancelButton])
        case .confirmRestore(let code, _):
            return (Strings.restoreTitle, Strings.restoreMessage(code), [Strings.restoreButton, Strings.cancelButton])
        case .offerRiskAssessment(let code, let reopen):
            return reopen
                ? (Strings.riskPromptTitle, Strings.riskPromptReopenMessage(code), [Strings.reopenButton, Strings.notNowButton])
                : (Strings.riskPromptTitle, Strings.riskPromptMessage(code), [Strings.assessButton, Strings.notNowButton])
        }
    }

    static func buttonCount(_ kind: DialogState.Kind) -> Int {
        switch kind {
        case .discardChanges: 2
        case .correctionChoice: 3
        case .confirmVoid, .confirmRestore, .offerRiskAssessment: 2
        }
    }
}
