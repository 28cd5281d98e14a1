import Foundation
import UppfoljApp
import UppfoljCore

/// A clock the test moves by hand. (Unchecked Sendable: `instant` is only touched under `lock`.)
public final class ManualClock: AppClock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Timestamp
    public init(_ instant: Timestamp) { self.instant = instant }
    public func now() -> Timestamp { lock.withLock { instant } }
    public func set(_ instant: Timestamp) { lock.withLock { self.instant = instant } }
}

/// Ids 1, 2, 3, … so tests can name the events the app makes. (Unchecked Sendable: `count` is
/// only touched under `lock`.)
public final class CountingIDs: EventIDSource, @unchecked Sendable {
    private let lock = NSLock()
    private var count: UInt64 = 0
    public init() {}
    public func next() -> EventID { lock.withLock { count += 1; return EventID(high: 0xC1, low: count) } }
}
