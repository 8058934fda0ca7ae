import Testing
import Foundation

/// End-to-end: the generated documentation matches the command line (regenerate with
/// docs/make-docs.sh when these fail).
@Suite struct DocumentationTests {
    @Test(arguments: [("bash", "lookout.bash"), ("zsh", "_lookout"), ("fish", "lookout.fish")])
    func completionScriptsAreCurrent(shell: String, file: String) throws {
        let r = CLI.run(["--generate-completion-script", shell])
        #expect(r.status == 0)
        let kept = try String(contentsOfFile: CLI.root + "/docs/completions/" + file, encoding: .utf8)
        #expect(r.stdout == kept, "docs/completions/\(file) is stale: run docs/make-docs.sh")
    }

    /// Every long option of every command is in the man page (mdoc writes `--since` as `Fl -since`, `-o, --output` as `Fl o , -output`).
    @Test func theManPageNamesEveryOption() throws {
        let r = CLI.run(["--experimental-dump-help"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let page = try String(contentsOfFile: CLI.root + "/docs/lookout.1", encoding: .utf8)
        var missing: [String] = []
        func walk(_ command: [String: Any], _ path: String) {
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                for name in argument["names"] as? [[String: Any]] ?? [] where name["kind"] as? String == "long" {
                    let option = name["name"] as? String ?? ""
                    if ["help", "version"].contains(option) { continue }
                    let written = ["Fl -" + option + "\n", "Fl -" + option + " ", " , -" + option + " ", " , -" + option + "\n"]
                    if !written.contains(where: page.contains) { missing.append("\(path) --\(option)") }
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub, path + " " + (sub["commandName"] as? String ?? "")) }
        }
        walk(try #require(doc["command"] as? [String: Any]), "lookout")
        #expect(missing.isEmpty, "not in docs/lookout.1 (run docs/make-docs.sh): \(missing)")
    }
}
