// Fuzz target: masking and template mining.
//
// Input: 2 parameter bytes, then lines (split at `\n`).
//   b0: template capacity 1 + b0 % 64 (small, so overflow happens), or 50 000 when b0 ≥ 192
//   b1: mask ranges — when non-zero, each line also gets fuzzed mask ranges (sorted by
//       start, possibly overlapping, as several user masks can give).
// Each line is shaped (Masker.shape, display, tokens), learnt by a TemplateMiner and
// the first 8 are classified by a Classifier with the built-in rules (learning,
// one-pass mode). Then the
// miner is rebuilt, saved, and the saved text loaded into a fresh miner: that must not
// fail, and when every shape is valid UTF-8 without a literal `\1`, saving the loaded
// miner gives the same text.
import LookoutCore
import LookoutClassify
import FuzzSupport

let builtIn: RuleSet = {
    do { return try RulePack.load(ruleFiles: [], configDirectory: nil, builtIn: RulePack.builtIn) } catch {
        fatalError("built-in rules do not load: \(error)")
    }
}()
nonisolated(unsafe) var scratch = Masker.Scratch()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var p = FuzzParams(data, size)
    let b0 = p.byte(), b1 = p.byte()
    let capacity = b0 >= 192 ? 50_000 : 1 + Int(b0 % 64)
    let lines = splitLines(p.rest)
    let miner = TemplateMiner(capacity: capacity)
    let classifier = Classifier(rules: builtIn, templateCapacity: capacity)
    var shapes: [[UInt8]] = []
    var shape: [UInt8] = []
    var seed = UInt32(b1)
    for (n, line) in lines.enumerated() {
        var masked: [Range<Int>] = []
        if b1 != 0 && line.count > 0 {
            // A few ranges from a small generator seeded by b1 and the line length.
            seed = seed &* 1_103_515_245 &+ 12345 &+ UInt32(line.count)
            var start = Int(seed >> 8) % line.count
            for _ in 0..<Int(seed % 4) {
                seed = seed &* 1_103_515_245 &+ 12345
                let end = min(line.count, start + Int(seed >> 12) % 12)
                masked.append(start..<end)
                start = min(line.count - 1, start + Int(seed >> 20) % 8)
            }
        }
        Masker.shape(of: line, masked: masked, into: &shape, scratch: &scratch)
        check(!shape.contains(0x0A), "a shape holds a newline: \(hex(shape))")
        _ = Masker.display(shape)
        _ = Masker.tokens(shape)
        if miner.learn(shape) != nil && !shapes.contains(shape) { shapes.append(shape) }
        if n < 8 {   // the rules are the rules target's business; a few lines keep this one fast
            let c = classifier.classify(body: line, firstLineLength: line.count)
            _ = classifier.signature(of: c)
            _ = classifier.templateText(of: c)
        }
    }
    check(miner.shapeCount == shapes.count && miner.shapeCount <= capacity, "\(miner.shapeCount) shapes learnt, \(shapes.count) distinct, capacity \(capacity)")
    miner.rebuild()
    for i in 0..<miner.shapeCount {
        let t = miner.templateIndex(ofShape: i)
        check(t >= 0 && t < miner.templateCount, "shape \(i) has template \(t) of \(miner.templateCount)")
        _ = miner.templateText(t)
        _ = miner.templateID(t)
    }
    let saved = miner.saved()
    let loaded = TemplateMiner(capacity: capacity)
    do { try loaded.load(saved) } catch {
        check(false, "a saved template set does not load: \(error)\n\(saved)")
    }
    let faithful = shapes.allSatisfy { s in
        String(validating: s, as: UTF8.self) != nil && !zip(s, s.dropFirst()).contains { $0 == 0x5C && $1 == 0x31 }
    }
    if faithful {
        check(loaded.saved() == saved, "saved → load → saved changed the template set:\n\(saved)\n---\n\(loaded.saved())")
    }
    return 0
}

@_cdecl("fuzz_masker_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { fuzz($0, $1) }
}
