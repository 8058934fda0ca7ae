// swift-tools-version: 6.0
import PackageDescription

// One library target per pipeline stage; data flows one way:
// ingest → events → classify → detect → report, with the CLI (`lookout`) at the edge.
// C libraries sit behind thin system-library shims (CZlib, CPCRE2, CSQLite, and CFileSpace
// for a system call that Glibc's module leaves out); CIsal loads
// ISA-L's inflate at run time when libisal.so.2 is there (zlib otherwise), so it is never
// needed to build or run.
let package = Package(
    name: "Lookout",
    products: [
        .executable(name: "lookout", targets: ["lookout"]),
        // The stages as a library, for the fuzz targets in Fuzz/ (a package of their own, so
        // that sanitizer builds stay out of the main build).
        .library(name: "LookoutStages", targets: ["LookoutCore", "LookoutIngest", "LookoutEvents", "LookoutClassify", "LookoutStore"]),
    ],
    dependencies: [
        // The command line: subcommands, help, completions.
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        // Rule files are YAML (SPEC §3); Yams wraps libyaml and gives node line numbers for errors.
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Linux's fallocate(2), for the file `classify` holds its lines in.
        .systemLibrary(name: "CFileSpace"),

        .target(name: "CIsal"),

        .target(name: "LookoutCore"),
        .target(name: "LookoutIngest", dependencies: ["LookoutCore", "CZlib", "CIsal"]),
        .target(name: "LookoutEvents", dependencies: ["LookoutCore"]),
        .target(name: "LookoutClassify", dependencies: ["LookoutCore", "CPCRE2", "Yams"]),
        .target(name: "LookoutDetect", dependencies: ["LookoutCore"]),
        .target(name: "LookoutStore", dependencies: ["LookoutCore", "CSQLite"]),
        .target(name: "LookoutReport", dependencies: ["LookoutCore"]),
        .executableTarget(
            name: "lookout",
            dependencies: [
                "LookoutCore", "LookoutIngest", "LookoutEvents", "LookoutClassify", "LookoutDetect", "LookoutStore", "LookoutReport", "CFileSpace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        .testTarget(name: "LookoutIngestTests", dependencies: ["LookoutIngest"]),
        .testTarget(name: "LookoutEventsTests", dependencies: ["LookoutEvents"]),
        .testTarget(name: "LookoutClassifyTests", dependencies: ["LookoutClassify"]),
        .testTarget(name: "LookoutDetectTests", dependencies: ["LookoutDetect"]),
        .testTarget(name: "LookoutStoreTests", dependencies: ["LookoutStore"]),
        .testTarget(name: "LookoutReportTests", dependencies: ["LookoutReport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["lookout", "LookoutStore"]),
    ],
    swiftLanguageModes: [.v6]
)
