import Testing
@testable import LookoutClassify

/// A line the classifier answers from its `ShapeMemo` must get exactly the shape the masker
/// gives it. Each message is checked after lines that fold like it up to a point: its digits
/// changed, a digit added or dropped, a digit turned into a letter, cut short at every byte,
/// and the case of a letter flipped.
@Suite struct ShapeMemoTests {
    static let messages = [
        "Received block blk_-1608999687919862906 of size 91178 from /10.250.10.6",
        "PacketResponder 1 for block blk_38865049064139660 terminating",
        "session opened for user root by (uid=0)",
        "connect from 10.1.2.3:8080 at 08:55:19 on Jul 10 2005",
        "link fe80::abcd:12 up, mac 00:1a:2b:3c:4d:5e",
        "instruction cache parity error corrected",
        "register 0x1f2e3d4c value deadbeef99 written",
        "mail to user1@example.com via mail2.example.com failed",
        "opened /var/log/app-2.log and http://example.com/a?b=1 in 12ms, 3.5MiB",
        "uid=0 euid=0 tty=ssh ruser= rhost=218.188.2.4",
        "Unexpected end of stream at 1234......0 from 1.2.3.4 () at 17",
        "Mon Jul 10 03:55:15 2005 job 42 done",
    ]

    static func variants(of message: String) -> [String] {
        let bytes = Array(message.utf8)
        var out = [message, message]
        for (k, c) in bytes.enumerated() where c &- 0x30 < 10 {
            var changed = bytes
            changed[k] = 0x30 + (c - 0x30 + 7) % 10
            out.append(String(decoding: changed, as: UTF8.self))
            var longer = bytes
            longer.insert(0x35, at: k)
            out.append(String(decoding: longer, as: UTF8.self))
            var shorter = bytes
            shorter.remove(at: k)
            out.append(String(decoding: shorter, as: UTF8.self))
            var letter = bytes
            letter[k] = 0x61
            out.append(String(decoding: letter, as: UTF8.self))
        }
        for n in 0...bytes.count { out.append(String(decoding: bytes[0..<n], as: UTF8.self)) }
        for (k, c) in bytes.enumerated() where (c | 0x20) &- 0x61 < 26 {
            var flipped = bytes
            flipped[k] = c ^ 0x20
            out.append(String(decoding: flipped, as: UTF8.self))
        }
        return out
    }

    static func maskerShape(_ line: String) -> [UInt8] {
        var out: [UInt8] = []
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { Masker.shape(of: UnsafeRawBufferPointer($0), into: &out) }
        return out
    }

    @Test func theMemoGivesTheMaskersShapeForEveryVariant() {
        var memo = ShapeMemo()
        var shapes: [[UInt8]] = []
        var answered = 0, checked = 0
        for message in ShapeMemoTests.messages {
            for line in ShapeMemoTests.variants(of: message) {
                let shape = ShapeMemoTests.maskerShape(line)
                var bytes = Array(line.utf8)
                let known = bytes.withUnsafeMutableBytes { memo.shape(of: UnsafeRawBufferPointer($0)) }
                if let known {
                    #expect(shapes[known] == shape, "shape of \(line)")
                    answered += 1
                } else {
                    let index = shapes.firstIndex(of: shape) ?? shapes.count
                    if index == shapes.count { shapes.append(shape) }
                    memo.remember(index)
                }
                checked += 1
            }
        }
        // The memo did answer (else this test would check the masker against itself).
        #expect(answered > checked / 5)
    }

    @Test func theClassifierLearnsTheMaskersShapeForEveryVariant() {
        let classifier = Classifier(rules: RuleSet(rules: []))
        for message in ShapeMemoTests.messages {
            for line in ShapeMemoTests.variants(of: message) {
                var bytes = Array(line.utf8)
                let c = bytes.withUnsafeMutableBytes { classifier.classify(body: UnsafeRawBufferPointer($0), firstLineLength: $0.count) }
                #expect(c.shape.map(classifier.miner.shapeBytes) == ShapeMemoTests.maskerShape(line), "shape of \(line)")
            }
        }
    }

    @Test func aLineLongerThanTheMemoTakesIsMaskedEveryTime() {
        var memo = ShapeMemo()
        var bytes = Array(String(repeating: "word 12 ", count: 100).utf8)
        bytes.withUnsafeMutableBytes { raw in
            #expect(memo.shape(of: UnsafeRawBufferPointer(raw)) == nil)
            memo.remember(0)
            #expect(memo.shape(of: UnsafeRawBufferPointer(raw)) == nil)
        }
    }
}
