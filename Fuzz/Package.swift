// swift-tools-version: 6.0
import PackageDescription

// libFuzzer targets for Lookout's input-facing stages (see README.md). Built apart from the
// main package so that sanitizer and coverage flags never touch the product build:
//   swift build -c release --sanitize=address -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
// Each executable holds only LLVMFuzzerTestOneInput; libFuzzer supplies main().

// A path dependency's identity is its directory name (the worktree's, not "Lookout"),
// so name it from where this manifest sits.
let parentIdentity = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "Lookout").lowercased()
let stages = Target.Dependency.product(name: "LookoutStages", package: parentIdentity)

let fuzzTargets = ["fuzz-gzip", "fuzz-framer", "fuzz-header", "fuzz-jsonline", "fuzz-masker", "fuzz-rules", "fuzz-baseline"]

let package = Package(
    name: "LookoutFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        // zlib for the gzip target's own reference decoder and test-file builder (the
        // product's CZlib module is internal to its package).
        .systemLibrary(name: "FuzzZlib", pkgConfig: "zlib"),
        .target(name: "FuzzSupport", dependencies: [stages]),
    ] + fuzzTargets.map { name in
        .executableTarget(name: name, dependencies: ["FuzzSupport", "FuzzZlib", stages])
    },
    swiftLanguageModes: [.v6]
)
