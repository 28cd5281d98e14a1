import UppfoljCore

/// The ids of a journal's events, for the duplicate-id check of a save or an import
/// (`CaseStore.eventIds`): those gathered at the open in one sorted array, 16 bytes an id, looked up
/// by binary search; those added since (saves, imports) in a set, merged into the array when it
/// grows. A hashed set of every id took twice that and more (32 MB at a million events, 67 MB at
/// three million, for a table kept at most three quarters full): issue 20, memory that does not
/// scale with history.
struct EventIDSet: Sendable {
    private var sorted: [EventID]
    private var added = Set<EventID>()

    init() { sorted = [] }

    /// The ids given, in any order (sorted here, in place: the standard library's sort would take
    /// a buffer of half as many again while it works). Pass the array with `consume`: an array
    /// the caller still holds is copied before it is sorted.
    init(sorting ids: consuming [EventID]) {
        // Sorted, then each id kept once (a journal's ids are unique, but this is a set).
        let unique = ids.withUnsafeMutableBufferPointer { a -> Int in
            Self.sortInPlace(a, 0, a.count)
            var kept = 0
            for index in a.indices where kept == 0 || a[index] != a[kept - 1] {
                a[kept] = a[index]
                kept += 1
            }
            return kept
        }
        ids.removeLast(ids.count - unique)
        sorted = ids
    }

    /// Quicksort in place (median of three; the smaller side first, the larger one looped), with
    /// insertion sort for short runs. Ids are random, so the worst case does not arise in practice;
    /// runs already in order (ids made in tests) take the median and stay O(n log n).
    private static func sortInPlace(_ a: UnsafeMutableBufferPointer<EventID>, _ start: Int, _ end: Int) {
        var (low, high) = (start, end)
        while high - low > 16 {
            let middle = low + (high - low) / 2
            if a[middle] < a[low] { a.swapAt(middle, low) }
            if a[high - 1] < a[low] { a.swapAt(high - 1, low) }
            if a[high - 1] < a[middle] { a.swapAt(high - 1, middle) }
            let pivot = a[middle]
            var (i, j) = (low, high - 1)
            while i <= j {
                while a[i] < pivot { i += 1 }
                while pivot < a[j] { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // [low, j] ≤ pivot ≤ [i, high)
            if j + 1 - low < high - i {
                sortInPlace(a, low, j + 1)
                low = i
            } else {
                sortInPlace(a, i, high)
                high = j + 1
            }
        }
        if high - low > 1 {
            for k in (low + 1)..<high {
                let value = a[k]
                var m = k
                while m > low && value < a[m - 1] {
                    a[m] = a[m - 1]
                    m -= 1
                }
                a[m] = value
            }
        }
    }

    func contains(_ id: EventID) -> Bool {
        var (low, high) = (0, sorted.count)
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < id { low = middle + 1 } else { high = middle }
        }
        return (low < sorted.count && sorted[low] == id) || added.contains(id)
    }

    mutating func insert(_ id: EventID) {
        guard !contains(id) else { return }
        added.insert(id)
        // Merged when it outgrows the array (a large import: each merge at least doubles the array,
        // so the merges of n ids cost O(n) copies in all); a workbench's saves stay in the set.
        if added.count > max(4_096, sorted.count) { merge() }
    }

    mutating func insert(contentsOf ids: some Sequence<EventID>) {
        for id in ids { insert(id) }
    }

    /// How many ids.
    var count: Int { sorted.count + added.count }

    private mutating func merge() {
        var merged: [EventID] = []
        merged.reserveCapacity(count)
        let more = added.sorted()
        var (i, j) = (0, 0)
        while i < sorted.count || j < more.count {
            if j == more.count || (i < sorted.count && sorted[i] < more[j]) {
                merged.append(sorted[i]); i += 1
            } else {
                merged.append(more[j]); j += 1
            }
        }
        (sorted, added) = (merged, [])
    }
}
