import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// The shipped Ansan roster: it loads, and it says what domain.md says.
struct RosterTests {

    let roster: Roster

    init() throws {
        roster = try Roster.load(contentsOfFile: Fixtures.rosterPath)
    }

    @Test func controlTowerHasTheSixAgenciesWithTheMayorInTheChair() {
        let tower = roster.controlTower
        #expect(tower.map(\.id) == ["city", "police.sangnok", "police.danwon", "fire", "education", "coast_guard"])
        #expect(tower.first?.seat == .chair)
        #expect(tower.first?.headRole == "CITY.MAYOR")
        #expect(tower.dropFirst().allSatisfy { $0.seat == .member })
        #expect(roster.controlTowerSecretariat == "city.safety")
        #expect(roster.cityHQ.flatMap { roster.unit($0) }?.kind == .disasterHQ)
    }

    @Test func hasExactlyTheTenDistricts() {
        #expect(
            roster.districts.map(\.name.english) == [
                "Wolpi", "Sadong", "Sangnok 1", "Sangnok 2", "Banwol", "Gojan", "Choji", "Seonbu", "Singil", "Daebu",
            ])
        #expect(roster.districts(in: "sangnok").count == 5)
        #expect(roster.districts(in: "danwon").count == 5)
    }

    @Test func singilHasItsThreeDongs() throws {
        let singil = try #require(roster.district("singil"))
        #expect(roster.dongs(in: singil).map(\.name.korean) == ["신길동", "원곡동", "백운동"])
        #expect(singil.provenance.verified)
        #expect(singil.chair == District.Chair(role: "DONG.HEAD", unit: "wc.singil"))
    }

    @Test func chojiHasTwo119Centres() throws {
        let choji = try #require(roster.district("choji"))
        #expect(roster.hubs(of: choji).map(\.name.korean) == ["성곡119안전센터", "원시119안전센터"])
        #expect(roster.units(of: .safetyCentre119, in: choji).count == 2)
        #expect(roster.units(of: .school, in: choji).count == 4)
        #expect(roster.holders(of: "FIRE.SC119", in: choji).count == 2)
    }

    @Test func everyDistrictHasADongHeadAndAChair() {
        for district in roster.districts {
            #expect(!roster.holders(of: "DONG.HEAD", in: district).isEmpty, "\(district.id) has no DONG.HEAD")
            #expect(roster.holders(of: .districtChair, in: district).count == 1, "\(district.id) has no chair")
            #expect(!roster.holders(of: "FIRE.SC119", in: district).isEmpty, "\(district.id) has no 119 centre")
            #expect(!roster.holders(of: "POL.BOX", in: district).isEmpty, "\(district.id) has no police unit")
        }
    }

    @Test func everyDongBelongsToExactlyOneDistrict() {
        #expect(roster.dongs.count == 25)
        for dong in roster.dongs {
            #expect(roster.districts.filter { $0.dongs.contains(dong.id) }.count == 1, "\(dong.id)")
        }
        #expect(roster.units(of: .welfareCentre, in: roster.district("singil")!).count == 3)
    }

    @Test func holdersOfARoleInADistrictAreItsUnits() throws {
        let singil = try #require(roster.district("singil"))
        let boxes = roster.holders(of: "POL.BOX", in: singil).map(\.unitID)
        #expect(boxes == ["pol.singil", "pol.wongok", "pol.wonseon"])
        #expect(roster.holders(of: "DIST.CHAIR", in: singil) == [.unit(roster.unit("wc.singil")!)])
        #expect(roster.holders(of: "NO.SUCH", in: singil).isEmpty)
    }

    @Test func aUnitMayServeSeveralDistricts() throws {
        let idong = try #require(roster.unit("pol.idong"))
        #expect(idong.districts == ["sadong", "sangnok2"])
        #expect(roster.units(in: roster.district("sangnok2")!).contains(idong))
    }

    @Test func defaultLadderClimbsFiveRungs() throws {
        let ladder = try #require(roster.defaultLadder)
        #expect(ladder.rungs.map(\.target) == [.assignee, .unitHead, .role("DIST.CHAIR"), .controlTower, .cityHQ])
        #expect(ladder.rungs[0].grace(for: .lifeSafety) == .seconds(15 * 60))
        #expect(ladder.rungs[0].grace(for: .preparedness) == .seconds(4 * 3600))
        #expect(ladder.rungs[0].grace(for: .administrative) == .seconds(48 * 3600))
        #expect(ladder.rungs[4].grace.isEmpty)
        #expect(!ladder.provenance.verified)
    }

    @Test func namesAreInKoreanAndEnglish() {
        let names =
            roster.units.map(\.name) + roster.agencies.map(\.name) + roster.roles.map(\.title)
            + roster.districts.map(\.name) + roster.dongs.map(\.name)
        #expect(names.allSatisfy { !$0.korean.isEmpty && !$0.english.isEmpty })
        #expect(roster.unit("sc119.singil")?.name.description == "신길119안전센터 (Singil 119 Safety Centre)")
    }

    @Test func inferredFactsAreFlagged() {
        let flagged = roster.unverifiedEntries
        #expect(flagged.contains { $0.hasPrefix("district 'gojan':") })
        #expect(flagged.contains { $0.hasPrefix("unit 'sc119.gojan':") })
        #expect(!flagged.contains { $0.hasPrefix("district 'singil'") || $0.hasPrefix("district 'choji'") })
        #expect(roster.districts.filter { !$0.provenance.verified }.count == 8)
    }

    @Test func rosterEncodesAsJSON() throws {
        let data = try JSONEncoder().encode(roster)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"life_safety\":\"15m\""))
        #expect(text.contains("\"target\":\"DIST.CHAIR\""))
    }

    @Test(
        arguments: [
            ("90s", 90), ("15m", 900), ("4h", 14_400), ("2d", 172_800), ("48h", 172_800), ("1h30m", 5_400), ("0s", 0),
        ] as [(String, Int64)])
    func durationsParse(text: String, seconds: Int64) {
        #expect(DurationText.parse(text) == .seconds(seconds))
        #expect(DurationText.parse(DurationText.format(.seconds(seconds))) == .seconds(seconds))
    }

    @Test(arguments: ["", "15", "15min", "m", "-4h", "30m1h", "1.5h", "4 h", "4H", "99999999999999999999d"])
    func malformedDurationsDoNotParse(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test func durationsFormatLargestUnitFirst() {
        #expect(DurationText.format(.seconds(5_400)) == "1h30m")
        #expect(DurationText.format(.seconds(172_800)) == "2d")
        #expect(DurationText.format(.zero) == "0s")
    }
}
