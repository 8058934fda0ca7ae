function __lookout_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __lookout_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __lookout_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __lookout_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __lookout_parse_tokens -S
    set -l unparsed_tokens (__lookout_tokens -pc)
    switch $unparsed_tokens[1]
    case 'lookout'
        __lookout_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'scan'
            __lookout_parse_subcommand -r 1 'include=+' 'exclude=+' 'max-line-bytes=' 'max-gzip-ratio=' 'rules=+' 'no-default-rules' 'max-templates=' 'bucket=' 'baseline=' 'false-alarm-rate=' 'alerts=' 'since=' 'until=' 'format=+' 'o/output=+' 'fail-on=' 'fail-on-kind=+' 'state=' 'no-state' 'state-wait=' 'jobs=' 'version' 'h/help'
        case 'check'
            __lookout_parse_subcommand -r 1 'include=+' 'exclude=+' 'max-line-bytes=' 'max-gzip-ratio=' 'rules=+' 'no-default-rules' 'max-templates=' 'bucket=' 'baseline=' 'false-alarm-rate=' 'alerts=' 'since=' 'until=' 'format=+' 'o/output=+' 'fail-on=' 'fail-on-kind=+' 'state=' 'no-state' 'state-wait=' 'jobs=' 'version' 'h/help'
        case 'classify'
            __lookout_parse_subcommand -r 1 'include=+' 'exclude=+' 'max-line-bytes=' 'max-gzip-ratio=' 'rules=+' 'no-default-rules' 'max-templates=' 'jobs=' 'o/output=' 'version' 'h/help'
        case 'baseline'
            __lookout_parse_subcommand -r 1 'include=+' 'exclude=+' 'max-line-bytes=' 'max-gzip-ratio=' 'rules=+' 'no-default-rules' 'max-templates=' 'jobs=' 'o/output=' 'bucket=' 'version' 'h/help'
        case 'rules'
            __lookout_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __lookout_parse_subcommand 0 'rules=+' 'no-default-rules' 'max-templates=' 'grep-pattern' 'version' 'h/help'
            case 'test'
                __lookout_parse_subcommand -r 1 'version' 'h/help'
            end
        case 'help'
            __lookout_parse_subcommand -r 1 'version'
        end
    end
end

function __lookout_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __lookout_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __lookout_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __lookout_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__lookout_tokens -p)
    if test -z "$(__lookout_tokens -t)"
        set -l index (count (__lookout_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'lookout' -f
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout" version' -l 'version' -d 'Show the version.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_positional "lookout" -eq 1' -fa 'scan' -d 'Read logs, find anomalies, and print the digest.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_positional "lookout" -eq 1' -fa 'check' -d 'Scan with CI defaults: a Markdown digest, and exit status 1 on anomalies at or above --fail-on.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_positional "lookout" -eq 1' -fa 'classify' -d 'Print one JSON object per event: its signature, rule and template.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_positional "lookout" -eq 1' -fa 'baseline' -d 'Make a baseline file from known-good logs, for `scan --baseline` (CI).'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_positional "lookout" -eq 1' -fa 'rules' -d 'Show the rules in force, or check rule files.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_positional "lookout" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan"' -l 'include' -d 'In directories, read only files matching this glob (repeatable). A glob without `/` matches the file name, one with `/` the path below the directory given.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan"' -l 'exclude' -d 'In directories, skip files and directories matching this glob (repeatable); wins over --include.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" max-line-bytes' -l 'max-line-bytes' -d 'Lines longer than this are cut for classification and counted as truncated.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" max-gzip-ratio' -l 'max-gzip-ratio' -d 'Stop reading a gzip file whose content outgrows this many times its compressed size (past 64 MiB): a gzip bomb.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan"' -l 'rules' -d 'A YAML rule file (repeatable). Its rules come before the config directory\'s and the built-in ones.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" no-default-rules' -l 'no-default-rules' -d 'Leave out the built-in rule pack and the config directory\'s rules.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" max-templates' -l 'max-templates' -d 'At most this many distinct message shapes are remembered; events of further shapes are counted under the `overflow` signature.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" bucket' -l 'bucket' -d 'Detection bucket width: 30s, 5m, 1h, 1d… (default: chosen from the time span, at most 2,048 buckets).' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" baseline' -l 'baseline' -d 'Compare with this baseline file (from `lookout baseline`) instead of the history or the run\'s own past.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" false-alarm-rate' -l 'false-alarm-rate' -d 'The chance, per run, of any false alarm among the rate tests of info-level signatures (Bonferroni over signatures and buckets); warnings and errors share up to 10× and 1,000× it per day of tested time. Lower: fewer and only clearer anomalies.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" alerts' -l 'alerts' -d 'Write each anomaly as one JSON line to this file (`-`: stdout) as soon as the evidence suffices, while the input is still read.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" since' -l 'since' -d 'Leave out events before this time: 2026-11-30, 2026-11-30T08:00:00Z, or an age such as 24h, 30m, 7d (before now). Events without a time are kept.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" until' -l 'until' -d 'Leave out events at or after this time (same forms as --since).' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan"' -l 'format' -d 'Digest format: text, markdown, json, html, junit or github (repeatable, each with its own -o).' -rfka 'text markdown json html junit github'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan"' -s 'o' -l 'output' -d 'Write the digest to this file instead of stdout (repeatable: the first -o takes the first --format, and so on; a format without one goes to stdout).' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" fail-on' -l 'fail-on' -d 'Exit with status 1 when an anomaly of this severity or higher is found: critical, high, medium, low or info.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan"' -l 'fail-on-kind' -d 'Only these kinds of anomaly fail the run: new, spike, drop, silence, level-shift (comma-separated or repeated; default: all).' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" state' -l 'state' -d 'The state database (default: $XDG_STATE_HOME/lookout/state.db, else ~/.local/state/lookout/state.db).' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" no-state' -l 'no-state' -d 'Keep no history: read no state database and write none.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" state-wait' -l 'state-wait' -d 'How long to wait for another run that holds the state database, in seconds, before stopping.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" jobs' -l 'jobs' -d 'Threads that read at once: a directory\'s files each on one, a single file cut into segments (default: LOOKOUT_JOBS, else the number of processors online). The result is the same whatever the number; stdin, pipes and --alerts are read on one thread.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" version' -l 'version' -d 'Show the version.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout scan" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check"' -l 'include' -d 'In directories, read only files matching this glob (repeatable). A glob without `/` matches the file name, one with `/` the path below the directory given.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check"' -l 'exclude' -d 'In directories, skip files and directories matching this glob (repeatable); wins over --include.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" max-line-bytes' -l 'max-line-bytes' -d 'Lines longer than this are cut for classification and counted as truncated.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" max-gzip-ratio' -l 'max-gzip-ratio' -d 'Stop reading a gzip file whose content outgrows this many times its compressed size (past 64 MiB): a gzip bomb.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check"' -l 'rules' -d 'A YAML rule file (repeatable). Its rules come before the config directory\'s and the built-in ones.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" no-default-rules' -l 'no-default-rules' -d 'Leave out the built-in rule pack and the config directory\'s rules.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" max-templates' -l 'max-templates' -d 'At most this many distinct message shapes are remembered; events of further shapes are counted under the `overflow` signature.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" bucket' -l 'bucket' -d 'Detection bucket width: 30s, 5m, 1h, 1d… (default: chosen from the time span, at most 2,048 buckets).' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" baseline' -l 'baseline' -d 'Compare with this baseline file (from `lookout baseline`) instead of the history or the run\'s own past.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" false-alarm-rate' -l 'false-alarm-rate' -d 'The chance, per run, of any false alarm among the rate tests of info-level signatures (Bonferroni over signatures and buckets); warnings and errors share up to 10× and 1,000× it per day of tested time. Lower: fewer and only clearer anomalies.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" alerts' -l 'alerts' -d 'Write each anomaly as one JSON line to this file (`-`: stdout) as soon as the evidence suffices, while the input is still read.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" since' -l 'since' -d 'Leave out events before this time: 2026-11-30, 2026-11-30T08:00:00Z, or an age such as 24h, 30m, 7d (before now). Events without a time are kept.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" until' -l 'until' -d 'Leave out events at or after this time (same forms as --since).' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check"' -l 'format' -d 'Digest format: text, markdown, json, html, junit or github (repeatable, each with its own -o).' -rfka 'text markdown json html junit github'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check"' -s 'o' -l 'output' -d 'Write the digest to this file instead of stdout (repeatable: the first -o takes the first --format, and so on; a format without one goes to stdout).' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" fail-on' -l 'fail-on' -d 'Exit with status 1 when an anomaly of this severity or higher is found: critical, high, medium, low or info.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check"' -l 'fail-on-kind' -d 'Only these kinds of anomaly fail the run: new, spike, drop, silence, level-shift (comma-separated or repeated; default: all).' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" state' -l 'state' -d 'The state database (default: $XDG_STATE_HOME/lookout/state.db, else ~/.local/state/lookout/state.db).' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" no-state' -l 'no-state' -d 'Keep no history: read no state database and write none.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" state-wait' -l 'state-wait' -d 'How long to wait for another run that holds the state database, in seconds, before stopping.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" jobs' -l 'jobs' -d 'Threads that read at once: a directory\'s files each on one, a single file cut into segments (default: LOOKOUT_JOBS, else the number of processors online). The result is the same whatever the number; stdin, pipes and --alerts are read on one thread.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" version' -l 'version' -d 'Show the version.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout classify"' -l 'include' -d 'In directories, read only files matching this glob (repeatable). A glob without `/` matches the file name, one with `/` the path below the directory given.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout classify"' -l 'exclude' -d 'In directories, skip files and directories matching this glob (repeatable); wins over --include.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout classify" max-line-bytes' -l 'max-line-bytes' -d 'Lines longer than this are cut for classification and counted as truncated.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout classify" max-gzip-ratio' -l 'max-gzip-ratio' -d 'Stop reading a gzip file whose content outgrows this many times its compressed size (past 64 MiB): a gzip bomb.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout classify"' -l 'rules' -d 'A YAML rule file (repeatable). Its rules come before the config directory\'s and the built-in ones.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout classify" no-default-rules' -l 'no-default-rules' -d 'Leave out the built-in rule pack and the config directory\'s rules.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout classify" max-templates' -l 'max-templates' -d 'At most this many distinct message shapes are remembered; events of further shapes are counted under the `overflow` signature.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout classify" jobs' -l 'jobs' -d 'Threads that read at once: a directory\'s files each on one, a single file cut into segments (default: LOOKOUT_JOBS, else the number of processors online). The result is the same whatever the number; stdin, pipes and --alerts are read on one thread.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout classify" o output' -l 'output' -s 'o' -d 'Write to this file instead of stdout.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout classify" version' -l 'version' -d 'Show the version.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout classify" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout baseline"' -l 'include' -d 'In directories, read only files matching this glob (repeatable). A glob without `/` matches the file name, one with `/` the path below the directory given.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout baseline"' -l 'exclude' -d 'In directories, skip files and directories matching this glob (repeatable); wins over --include.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout baseline" max-line-bytes' -l 'max-line-bytes' -d 'Lines longer than this are cut for classification and counted as truncated.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout baseline" max-gzip-ratio' -l 'max-gzip-ratio' -d 'Stop reading a gzip file whose content outgrows this many times its compressed size (past 64 MiB): a gzip bomb.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout baseline"' -l 'rules' -d 'A YAML rule file (repeatable). Its rules come before the config directory\'s and the built-in ones.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout baseline" no-default-rules' -l 'no-default-rules' -d 'Leave out the built-in rule pack and the config directory\'s rules.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout baseline" max-templates' -l 'max-templates' -d 'At most this many distinct message shapes are remembered; events of further shapes are counted under the `overflow` signature.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout baseline" jobs' -l 'jobs' -d 'Threads that read at once: a directory\'s files each on one, a single file cut into segments (default: LOOKOUT_JOBS, else the number of processors online). The result is the same whatever the number; stdin, pipes and --alerts are read on one thread.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout baseline" o output' -l 'output' -s 'o' -d 'Where to write the baseline.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout baseline" bucket' -l 'bucket' -d 'Bucket width of the per-bucket figures (default: as scan chooses).' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout baseline" version' -l 'version' -d 'Show the version.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout baseline" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout rules" version' -l 'version' -d 'Show the version.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout rules" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_positional "lookout rules" -eq 1' -fa 'list' -d 'List the rules in precedence order: the first that matches an event names it.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_positional "lookout rules" -eq 1' -fa 'test' -d 'Check rule files: they parse, their patterns compile, every example matches and no counterexample does.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout rules list"' -l 'rules' -d 'A YAML rule file (repeatable). Its rules come before the config directory\'s and the built-in ones.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout rules list" no-default-rules' -l 'no-default-rules' -d 'Leave out the built-in rule pack and the config directory\'s rules.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout rules list" max-templates' -l 'max-templates' -d 'At most this many distinct message shapes are remembered; events of further shapes are counted under the `overflow` signature.' -rfka ''
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout rules list" grep-pattern' -l 'grep-pattern' -d 'Print every rule\'s pattern as one PCRE2 alternation, for `grep -P` (benchmarks, cross-checks).'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout rules list" version' -l 'version' -d 'Show the version.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout rules list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout rules test" version' -l 'version' -d 'Show the version.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout rules test" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lookout' -n '__lookout_should_offer_completions_for_flags_or_options "lookout help" version' -l 'version' -d 'Show the version.'
