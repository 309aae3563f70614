import Foundation
import IlsaEngine
import Testing

/// The HTML after-action report: one self-contained file, and nothing from a playbook can
/// inject markup into it.
struct DrillHTMLTests {
    @Test func theReportIsOneSelfContainedFile() throws {
        let html = try DrillTests.heavyRain(responders: try DrillTests.exampleResponders).run().html()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("지하차도 통제 준비"))
        #expect(html.contains("경계 (alert)"))
        // No script, and nothing fetched from elsewhere: no src, href, url(), @import.
        for forbidden in ["<script", "src=", "href=", "url(", "@import", "<link", "<img"] {
            #expect(!html.contains(forbidden), "the report contains \(forbidden)")
        }
        #expect(!html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http"))
    }

    @Test func textFromThePlaybookIsEscaped() throws {
        var drill = DrillTests.inline(
            """
            return ilsa.workflow { name = "inject", title = "<script>alert('title')</script>", run = function(ctx)
              ilsa.log("<img src=x onerror=alert(1)>")
              ilsa.task { title = "<script>alert(\\"task\\")</script> & \\"quotes\\"", assignee = { role = "CITY.SITROOM" }, due = "1h" }:wait()
              ilsa.escalate { to = "control_tower", severity = "caution", reason = "</svg><script>x</script>", options = { "<b>go</b>" } }:wait()
            end }
            """)
        drill.responders.signals = [.init(at: .seconds(60), name: "<svg onload=alert(1)>", payload: ["x": "</td>"])]
        let report = try drill.run()
        #expect(report.outcome == .completed)
        let html = report.html()
        for raw in ["<script", "<img", "<b>", "</svg><script", "<svg onload", "</td>\""] {
            #expect(!html.contains(raw), "the report contains \(raw) unescaped")
        }
        #expect(html.contains("&lt;script&gt;alert(&quot;task&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("&lt;b&gt;go&lt;/b&gt;"))
        #expect(html.components(separatedBy: "<svg").count == 2)  // the chart, nothing else
    }

    /// Markup and control characters together, in every field a playbook and the responders
    /// write: the markup is escaped, and the controls (ESC, BEL, C1, bidirectional overrides)
    /// become spaces, so neither the page nor a terminal it is printed to obeys them; the text
    /// around them stays.
    @Test func controlCharactersAndMarkupFromThePlaybookAreNeutralised() throws {
        let hostile = #"<i>\27[2J\27]0;pwned\7\r\u{9B}31m\u{202E}desrever\u{202C}</i>"#
        var drill = DrillTests.inline(
            """
            return ilsa.workflow { name = "hostile", title = "T \(hostile)", run = function(ctx)
              ilsa.log("L \(hostile)")
              ilsa.task { title = "K \(hostile)", assignee = { role = "CITY.SITROOM" }, due = "1h" }:wait()
              local answer = ilsa.escalate { to = "control_tower", severity = "caution", reason = "R \(hostile)", options = { "O \(hostile)" } }:wait()
              error("E \(hostile)")
            end }
            """)
        drill.responders.signals = [.init(at: .seconds(60), name: "S\u{1B}[2J<b>", payload: ["x": "P\u{1B}]0;pwned\u{07}</td>"])]
        let report = try drill.run()
        #expect(report.outcome == .failed)
        let html = report.html()
        for raw in ["<i>", "</i>", "<b>", "</td>\""] {
            #expect(!html.contains(raw), "the report contains \(raw) unescaped")
        }
        let controls = html.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t") || (0x7F...0x9F).contains($0.value)
                || [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C].contains($0.value)
        }
        #expect(controls.isEmpty, "the report contains \(controls.map { String($0.value, radix: 16) })")
        for field in ["T", "L", "K", "R", "O", "E"] {
            #expect(html.contains("\(field) &lt;i&gt; [2J ]0;pwned \r 31m desrever &lt;/i&gt;"), "\(field) is not shown")
        }
    }
}
