import Testing
import LookoutCore
@testable import LookoutEvents

func json(_ s: String) -> JSONLine? {
    var bytes = Array(s.utf8)
    return bytes.withUnsafeMutableBytes { JSONLine.parse(UnsafeRawBufferPointer($0)) }
}

@Test func dockerJSONLog() throws {
    let j = try #require(json(#"{"log":"ERROR db down\n","stream":"stderr","time":"2026-11-30T08:55:19.5Z"}"#))
    #expect(j.message == Array("ERROR db down\n".utf8))
    #expect(j.time?.resolved(year: 0)?.rfc3339 == "2026-11-30T08:55:19.500Z")
    #expect(j.level == nil)
}

@Test func bunyanAndPino() throws {
    let b = try #require(json(#"{"name":"api","hostname":"h","pid":1,"level":50,"msg":"boom","time":"2026-11-30T08:55:19.000Z","v":0}"#))
    #expect(b.level == .error)
    #expect(b.message == Array("boom".utf8))
    let p = try #require(json(#"{"level":30,"time":1764492919123,"msg":"hi \u00e9\ud83d\ude00","nested":{"a":[1,2,{"b":null}]}}"#))
    #expect(p.level == .info)
    #expect(p.time?.resolved(year: 0)?.rfc3339 == "2025-11-30T08:55:19.123Z")
    #expect(p.message == Array("hi é😀".utf8))
}

@Test func journaldAndZap() throws {
    let j = try #require(json(#"{"MESSAGE":"Started Session 4","PRIORITY":"6","__REALTIME_TIMESTAMP":"1764492919123456"}"#))
    #expect(j.level == .info)
    #expect(j.time?.resolved(year: 0)?.rfc3339 == "2025-11-30T08:55:19.123Z")
    let z = try #require(json(#"{"level":"warn","ts":1764492919.25,"msg":"slow"}"#))
    #expect(z.level == .warning)
    #expect(z.time?.resolved(year: 0)?.rfc3339 == "2025-11-30T08:55:19.250Z")
}

@Test func malformedJSONIsNotJSON() {
    #expect(json(#"{"a": }"#) == nil)
    #expect(json(#"{"a": "unterminated}"#) == nil)
    #expect(json(#"{"a": 1} trailing"#) == nil)
    #expect(json(#"{"a": tru}"#) == nil)
    let deep = String(repeating: "[", count: 10_000)
    #expect(json(#"{"a": "# + deep + "}") == nil)
}
