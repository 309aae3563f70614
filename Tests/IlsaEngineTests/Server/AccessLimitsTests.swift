import Foundation
import IlsaServer
import Testing

/// What the server keeps in memory for sign-ins stays bounded however often anyone tries.
struct AccessLimitsTests {
    @Test func anAccountKeepsAtMostItsSessionsTheOldestEnding() {
        let sessions = Sessions(lifetime: 3_600, perAccount: 3)
        let start = Date(timeIntervalSince1970: 0)
        let opened = (0..<5).map { sessions.open(for: "sitroom", now: start + Double($0)) }
        _ = sessions.open(for: "singil-dong", now: start)
        #expect(sessions.count == 4)
        #expect(sessions.session(opened[0].id, now: start + 10) == nil && sessions.session(opened[1].id, now: start + 10) == nil)
        #expect(sessions.session(opened[4].id, now: start + 10) != nil)
        #expect(sessions.session(opened[4].id, now: start + 3_605) == nil, "a session ends with its lifetime")
        #expect(opened[0].id != opened[1].id && opened[0].csrf != opened[0].id && opened[0].id.count == 43)
    }

    @Test func throttlingLocksAfterTheLimitAndForgetsWhatLeftTheWindow() {
        let throttle = LoginThrottle(window: 60, accountLimit: 3, addressLimit: 5)
        let start = Date(timeIntervalSince1970: 0)
        for second in 0..<3 { throttle.failed(account: "sitroom", address: "10.0.0.1", now: start + Double(second)) }
        let wait = throttle.wait(account: "sitroom", address: "10.0.0.1", now: start + 10)
        #expect(wait == 50)
        #expect(throttle.wait(account: "other", address: "10.0.0.2", now: start + 10) == nil)
        #expect(throttle.wait(account: "sitroom", address: "10.0.0.1", now: start + 61) == nil, "the oldest failure left the window")
        throttle.succeeded(account: "sitroom")
        // Guessing at many names from many addresses: the table does not grow past its limit
        // once the old failures have left the window.
        for index in 0..<(LoginThrottle.tableLimit + 10) {
            throttle.failed(account: "guess\(index)", address: "a\(index % 7)", now: start + 1_000 + Double(index / 1_000) * 61)
        }
        #expect(throttle.remembered <= LoginThrottle.tableLimit + 20, "\(throttle.remembered)")
    }
}
