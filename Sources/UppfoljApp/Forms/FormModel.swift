import TerminalKit
import UppfoljCore

/// The value of one form field.
enum FieldValue: Sendable, Equatable {
    case text(TextFieldState)
    /// An option index (`choice` and `scale` controls); nil = nothing chosen.
    case choice(Int?)
    case multi(MultiChoiceState)
    case tri(TriState?)

    /// Equal apart from cursor positions (for "is the form dirty").
    func sameContent(as other: FieldValue) -> Bool {
        switch (self, other) {
        case (.text(let a), .text(let b)): return a.text == b.text
        case (.multi(let a), .multi(let b)): return a.checked == b.checked
        default: return self == other
        }
    }
}

/// One option of a scale control: the key that picks it, its short mark and its label.
struct ScalePick: Sendable, Equatable {
    var key: Character
    var mark: String
    var label: String
}

/// How a field is edited and drawn.
enum FieldControl: Sendable {
    case text(TextInputKind, placeholder: String)
    /// One of N, cycled with ←/→/Space.
    case choice(options: [String], placeholder: String)
    /// A rating scale drawn as radio buttons; digits pick a value directly.
    case scale(options: [ScalePick], rangeText: String)
    /// A checkbox list. With `exclusiveLast`, the last option ("Okänt") excludes the others.
    case multi(options: [String], exclusiveLast: Bool)
    /// Yes / no / unknown.
    case tri
}

/// One field of a form. `id` is the `FieldPath` the validator names its problems by (`.date`, `.rating("R3")`).
struct FieldSpec: Sendable {
    var id: FieldPath
    var label: String
    var control: FieldControl
    /// Shown on the hint line while the field has focus.
    var hint: String?
}

enum FormItem: Sendable {
    case heading(String)
    case field(FieldSpec)

    var field: FieldSpec? {
        if case .field(let spec) = self { return spec }
        return nil
    }
}

/// The values of a form by field id. Missing ids read as empty / nothing chosen.
struct FormValues: Sendable, Equatable {
    private(set) var storage: [FieldPath: FieldValue] = [:]

    subscript(id: FieldPath) -> FieldValue? {
        get { storage[id] }
        set { storage[id] = newValue }
    }

    func text(_ id: FieldPath) -> String {
        if case .text(let state) = storage[id] { return state.text }
        return ""
    }
    func choice(_ id: FieldPath) -> Int? {
        if case .choice(let index) = storage[id] { return index }
        return nil
    }
    func tri(_ id: FieldPath) -> TriState? {
        if case .tri(let value) = storage[id] { return value }
        return nil
    }
    func checked(_ id: FieldPath) -> Set<Int> {
        if case .multi(let state) = storage[id] { return state.checked }
        return []
    }

    mutating func setText(_ id: FieldPath, _ text: String) { storage[id] = .text(TextFieldState(text: text)) }
    mutating func setChoice(_ id: FieldPath, _ index: Int?) { storage[id] = .choice(index) }
    mutating func setTri(_ id: FieldPath, _ value: TriState?) { storage[id] = .tri(value) }
    mutating func setChecked(_ id: FieldPath, _ checked: Set<Int>) { storage[id] = .multi(MultiChoiceState(checked: checked)) }

    /// The same values with every pre-filled text selected: typing over one replaces it, as in
    /// a shell line whose default is offered (see `TextFieldState.selectAll()`).
    func selectingPrefilledText() -> FormValues {
        var copy = self
        for (key, value) in storage {
            guard case .text(var field) = value, !field.isEmpty else { continue }
            field.selectAll()
            copy.storage[key] = .text(field)
        }
        return copy
    }

    /// Forgets the values of these fields and of every part of them.
    mutating func removeAll(within fields: [FieldPath]) {
        storage = storage.filter { key, _ in !fields.contains { $0.contains(key) } }
    }

    /// Same content, ignoring cursors. Absent and empty values are the same.
    func sameContent(as other: FormValues) -> Bool {
        for key in Set(storage.keys).union(other.storage.keys) {
            switch (storage[key], other.storage[key]) {
            case let (a?, b?): if !a.sameContent(as: b) { return false }
            case (let a?, nil), (nil, let a?): if !a.isEmpty { return false }
            case (nil, nil): break
            }
        }
        return true
    }

    // MARK: vocabulary conveniences

    mutating func setVocab<V: Vocabulary>(_ id: FieldPath, _ value: V?) {
        setChoice(id, value.flatMap { V.allCases.firstIndex(of: $0) })
    }
    /// One of `options` (a field offering part of a vocabulary, see `FieldFactory.vocab(_:_:options:)`).
    mutating func setVocab<V: Vocabulary>(_ id: FieldPath, _ value: V?, among options: [V]) {
        setChoice(id, value.flatMap { options.firstIndex(of: $0) })
    }
    mutating func setAnswer(_ id: FieldPath, _ answer: Answer) { setTri(id, TriState(answer)) }
    mutating func setBool(_ id: FieldPath, _ value: Bool?) { setChoice(id, value.map { $0 ? FormValues.yes : FormValues.no }) }
    /// Yes/no choices list Ja before Nej, like the Ja/Nej/Okänt fields.
    static let yes = 0, no = 1
    mutating func setSet<V: Vocabulary>(_ id: FieldPath, _ set: VocabularySet<V>?) {
        guard let set else { setChecked(id, [V.allCases.count]); return }  // "Okänt"
        setChecked(id, Set(set.map(\.wireIndex)))
    }
}

extension FieldValue {
    var isEmpty: Bool {
        switch self {
        case .text(let s): return s.text.isEmpty
        case .choice(let i): return i == nil
        case .multi(let m): return m.checked.isEmpty
        case .tri(let t): return t == nil
        }
    }
}

extension TriState {
    init(_ answer: Answer) {
        switch answer {
        case .yes: self = .yes
        case .no: self = .no
        case .unknown: self = .unknown
        }
    }
    var answer: Answer {
        switch self {
        case .yes: return .yes
        case .no: return .no
        case .unknown: return .unknown
        }
    }
}

/// Builders for the fields every form uses, so forms only say what they ask for.
struct Fields {
    let t: Translator

    func date(_ id: FieldPath = .date, _ label: Localized) -> FieldSpec {
        FieldSpec(id: id, label: t(label), control: .text(.date, placeholder: t(Strings.datePlaceholder)),
                  hint: t(Strings.dateHint))
    }

    func text(_ id: FieldPath, _ label: Localized, maxLength: Int, placeholder: Localized = Strings.emptyPlaceholder,
              hint: Localized? = nil) -> FieldSpec {
        FieldSpec(id: id, label: t(label), control: .text(.text(maxLength: maxLength), placeholder: t(placeholder)),
                  hint: hint.map(t.callAsFunction))
    }

    func integer(_ id: FieldPath, _ label: Localized, placeholder: Localized = Strings.unknownPlaceholder,
                 hint: Localized? = nil) -> FieldSpec {
        FieldSpec(id: id, label: t(label), control: .text(.integer, placeholder: t(placeholder)),
                  hint: hint.map(t.callAsFunction))
    }

    /// One value of a vocabulary (index into `allCases`).
    func vocab<V: Vocabulary>(_ id: FieldPath, _ label: Localized, _ type: V.Type, hint: Localized? = nil) -> FieldSpec {
        choice(id, label, V.allCases.map(\.label), hint: hint)
    }
    /// One of some values of a vocabulary (index into `options`): the values a form offers today.
    func vocab<V: Vocabulary>(_ id: FieldPath, _ label: Localized, options: [V], hint: Localized? = nil) -> FieldSpec {
        choice(id, label, options.map(\.label), hint: hint)
    }

    func choice(_ id: FieldPath, _ label: Localized, _ options: [Localized], placeholder: Localized = Strings.choosePlaceholder,
                hint: Localized? = nil) -> FieldSpec {
        FieldSpec(id: id, label: t(label), control: .choice(options: options.map(t.callAsFunction), placeholder: t(placeholder)),
                  hint: hint.map(t.callAsFunction) ?? t(KeyHints.choice))
    }

    func bool(_ id: FieldPath, _ label: Localized) -> FieldSpec {
        choice(id, label, [Strings.yes, Strings.no])
    }

    func tri(_ id: FieldPath, _ label: Localized) -> FieldSpec {
        FieldSpec(id: id, label: t(label), control: .tri, hint: t(KeyHints.tri))
    }

    /// A set of vocabulary values. With `unknownOption`, a last "Okänt" option stands for "not known".
    func set<V: Vocabulary>(_ id: FieldPath, _ label: Localized, _ type: V.Type, unknownOption: Bool) -> FieldSpec {
        var options = V.allCases.map { t($0.label) }
        if unknownOption { options.append(t(Strings.unknown)) }
        return FieldSpec(id: id, label: t(label), control: .multi(options: options, exclusiveLast: unknownOption),
                         hint: t(unknownOption ? KeyHints.setWithUnknown : KeyHints.set))
    }

    /// A 1–5 survey answer with the scale's words at both ends (shown on the hint line and after
    /// a chosen 1 or 5); "–" = not answered.
    func survey(_ id: FieldPath, _ label: Localized, low: Localized, high: Localized) -> FieldSpec {
        let lowWord: String = "1 " + t(low)
        let highWord: String = "5 " + t(high)
        var picks: [ScalePick] = []
        for value in 1...5 {
            let label: String = value == 1 ? lowWord : (value == 5 ? highWord : String(value))
            picks.append(ScalePick(key: Character(String(value)), mark: String(value), label: label))
        }
        picks.append(ScalePick(key: "-", mark: "–", label: t(Strings.notAnswered)))
        return FieldSpec(id: id, label: t(label), control: .scale(options: picks, rangeText: "1–5"),
                         hint: t(Strings.surveyScaleHint(low: low, high: high)))
    }
}

/// Reads typed values out of a form, collecting a problem per field that does not parse.
struct FormReader {
    let values: FormValues
    var problems: [Problem] = []

    init(_ values: FormValues) { self.values = values }

    mutating func fail(_ id: FieldPath, _ message: Localized, code: String = "app.input") {
        problems.append(Problem(code: code, field: id, message: message))
    }

    func text(_ id: FieldPath) -> String { values.text(id).trimmingSpaces }

    /// A date as YYYY-MM-DD; a problem when empty or not a real date.
    mutating func date(_ id: FieldPath = .date) -> Day? {
        let text = self.text(id)
        guard let day = Day(iso: text) else {
            fail(id, text.isEmpty ? Strings.dateMissing : Strings.dateInvalid(text), code: "app.date")
            return nil
        }
        return day
    }

    /// An optional whole number: nil when empty; a problem when it does not parse.
    /// A date as YYYY-MM-DD, or nil when empty; a problem when not a real date.
    mutating func optionalDate(_ id: FieldPath) -> Day? {
        let text = self.text(id)
        guard !text.isEmpty else { return nil }
        return date(id)
    }

    mutating func optionalInt(_ id: FieldPath) -> Int? {
        let text = self.text(id)
        guard !text.isEmpty else { return nil }
        guard let value = Int(text) else {
            fail(id, Strings.notANumber(text), code: "app.number")
            return nil
        }
        return value
    }

    func vocab<V: Vocabulary>(_ id: FieldPath, default value: V) -> V {
        values.choice(id).flatMap { V.allCases.indices.contains($0) ? V.allCases[$0] : nil } ?? value
    }

    /// A value that must be chosen among `options`.
    mutating func required<V: Vocabulary>(_ id: FieldPath, among options: [V]) -> V? {
        guard let index = values.choice(id), options.indices.contains(index) else {
            fail(id, Strings.mustChoose, code: "app.required")
            return nil
        }
        return options[index]
    }

    /// A value that must be chosen.
    mutating func required<V: Vocabulary>(_ id: FieldPath, _ type: V.Type) -> V? {
        guard let index = values.choice(id), V.allCases.indices.contains(index) else {
            fail(id, Strings.mustChoose, code: "app.required")
            return nil
        }
        return V.allCases[index]
    }

    mutating func requiredBool(_ id: FieldPath) -> Bool? {
        guard let index = values.choice(id) else {
            fail(id, Strings.mustChoose, code: "app.required")
            return nil
        }
        return index == FormValues.yes
    }

    func bool(_ id: FieldPath) -> Bool { values.choice(id) == FormValues.yes }

    func answer(_ id: FieldPath) -> Answer { values.tri(id)?.answer ?? .unknown }
    /// The answer, or nil ("ej registrerat") when the field was left unanswered.
    func optionalAnswer(_ id: FieldPath) -> Answer? { values.tri(id)?.answer }

    /// The chosen value, or nil ("ej registrerat") when nothing is chosen.
    func optionalVocab<V: Vocabulary>(_ id: FieldPath, _ type: V.Type) -> V? {
        values.choice(id).flatMap { V.allCases.indices.contains($0) ? V.allCases[$0] : nil }
    }

    func set<V: Vocabulary>(_ id: FieldPath, _ type: V.Type) -> VocabularySet<V> {
        VocabularySet(values.checked(id).compactMap { V.allCases.indices.contains($0) ? V.allCases[$0] : nil })
    }

    /// nil when the last ("Okänt") option is checked.
    func optionalSet<V: Vocabulary>(_ id: FieldPath, _ type: V.Type) -> VocabularySet<V>? {
        values.checked(id).contains(V.allCases.count) ? nil : set(id, type)
    }

    /// A survey answer 1–5 (option index 0–4), nil when not answered.
    func survey(_ id: FieldPath) -> Int? {
        values.choice(id).flatMap { (0..<5).contains($0) ? $0 + 1 : nil }
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
