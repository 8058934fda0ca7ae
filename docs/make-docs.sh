#!/bin/sh
# Regenerates the man page and the shell completions from the command line's own
# definition (swift-argument-parser), so they never drift from it.
#   docs/make-docs.sh        (from the repository root; builds lookout in release mode)
# Install: lookout.1 into a man1 directory (e.g. /usr/local/share/man/man1); completions:
#   bash: docs/completions/lookout.bash  → /etc/bash_completion.d/lookout
#   zsh:  docs/completions/_lookout      → a directory on $fpath
#   fish: docs/completions/lookout.fish  → ~/.config/fish/completions/
set -eu
cd "$(dirname "$0")/.."
swift package --allow-writing-to-package-directory generate-manual \
    --date "$(date -u +%Y-%m-%d)" --authors "The Lookout developers"
cp .build/plugins/GenerateManual/outputs/lookout/lookout.1 docs/lookout.1
lookout=$(swift build -c release --show-bin-path)/lookout
"$lookout" --generate-completion-script bash > docs/completions/lookout.bash
"$lookout" --generate-completion-script zsh > docs/completions/_lookout
"$lookout" --generate-completion-script fish > docs/completions/lookout.fish
echo "docs/lookout.1 and docs/completions/ regenerated"
