import IlsaLua
import Testing

/// Swift objects as userdata: methods, tostring, a protected metatable, release. Serialized:
/// the tests count live objects in one shared counter.
@Suite(.serialized)
struct ObjectTests {
    final class Task {
        nonisolated(unsafe) static var alive = 0
        let title: String
        var done = false
        init(title: String) { self.title = title; Self.alive += 1 }
        deinit { Self.alive -= 1 }
    }

    func makeState() throws -> LuaState {
        let lua = try LuaState()
        var type = LuaObjectType<Task>(name: "ilsa.Task")
        type.method("complete") { task, call in
            task.done = true
            return call.returning(.boolean(task.done))
        }
        type.method("title") { task, call in call.returning(.string(LuaString(task.title))) }
        type.describe = { "task: \($0.title)" }
        lua.register(type)
        lua.register("ilsa.task") { call in
            call.push(object: Task(title: try call.string(1)))
            return .values(1)
        }
        return lua
    }

    @Test func methodsAndTostring() throws {
        let lua = try makeState()
        let results = try lua.run("local t = ilsa.task('반지하 가구 확인') return t:title(), t:complete(), tostring(t)", chunkName: "=t")
        #expect(results == ["반지하 가구 확인", true, "task: 반지하 가구 확인"])
    }

    @Test func sameObjectIsTheSameUserdata() throws {
        let lua = try makeState()
        var task = Task(title: "같은 과제")
        lua.setGlobal("a", lua.value(for: task))
        lua.setGlobal("b", lua.value(for: task))
        #expect(try lua.run("local seen = {[a] = true} return a == b, rawequal(a, b), seen[b]", chunkName: "=t") == [true, true, true])
        #expect(!isKnownUniquelyReferenced(&task))  // Lua's userdata holds it too
        // Once Lua lets go, the userdata is collected and releases the object.
        lua.setGlobal("a", .nil)
        lua.setGlobal("b", .nil)
        lua.collectGarbage()
        #expect(isKnownUniquelyReferenced(&task))
        lua.setGlobal("c", lua.value(for: task))
        #expect(try lua.run("return c:title()", chunkName: "=t") == ["같은 과제"])
    }

    @Test func metatableIsProtected() throws {
        let lua = try makeState()
        #expect(try lua.run("return getmetatable(ilsa.task('x'))", chunkName: "=t") == [false])
        #expect(failure("setmetatable(ilsa.task('x'), {})", in: lua) != nil)
    }

    @Test func wrongSelfReadsLikeLua() throws {
        let lua = try makeState()
        let error = try #require(failure("local t = ilsa.task('x') t.complete({})", in: lua))
        #expect(error.message.contains("calling 'complete' on bad self (ilsa.Task expected, got table)"), "\(error.message)")
    }

    @Test func releasedByGarbageCollection() throws {
        let before = Task.alive
        let lua = try makeState()
        try lua.run("kept = ilsa.task('kept') for i = 1, 100 do ilsa.task('t' .. i) end", chunkName: "=t")
        #expect(Task.alive >= before + 1)
        lua.collectGarbage()
        #expect(Task.alive == before + 1)  // only the one a global still holds
        lua.close()
        #expect(Task.alive == before)
    }

    @Test func closeReleasesAtScopeEnd() throws {
        let lua = try makeState()
        let before = Task.alive
        let error = try #require(failure("local kept do local t <close> = ilsa.task('x') kept = t end return kept:title()", in: lua))
        #expect(error.message.contains("was released"))
        #expect(Task.alive == before)
    }
}
