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
        var drill = DrillTests.inline("""
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
        #expect(html.components(separatedBy: "<svg").count == 2) // the chart, nothing else
    }
}
