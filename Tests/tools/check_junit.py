#!/usr/bin/env python3
"""Check a Lookout JUnit report with junitparser, as CI systems read it.

Usage: check_junit.py FILE.xml [FILE.xml ...]

Prints each suite, its test cases (PASS / FAIL) and the totals.
Exit 0: every file parsed and its declared counts (tests=, failures=, errors=, skipped=)
        match its test cases — whether the cases passed is the report's business, not this one's;
exit 1: a file did not parse, or its counts disagree with its cases;
exit 2: usage error, or junitparser is missing (pip install junitparser).
"""
import sys

try:
    from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite
except ImportError:
    print("check_junit: needs junitparser (pip install junitparser)", file=sys.stderr)
    sys.exit(2)


def check(path):
    try:
        xml = JUnitXml.fromfile(path)
    except Exception as error:  # junitparser raises the XML library's own errors
        print(f"FAIL {path}: does not parse: {error}")
        return False
    suites = [xml] if isinstance(xml, TestSuite) else list(xml)
    ok = True
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        cases = list(suite)
        counted = {
            "tests": len(cases),
            "failures": sum(any(isinstance(r, Failure) for r in c.result) for c in cases),
            "errors": sum(any(isinstance(r, Error) for r in c.result) for c in cases),
            "skipped": sum(any(isinstance(r, Skipped) for r in c.result) for c in cases),
        }
        print(f"suite {suite.name}: {counted['tests']} tests, {counted['failures']} failures, "
              f"{counted['errors']} errors, {counted['skipped']} skipped")
        for case in cases:
            state = "FAIL" if not case.is_passed and not case.is_skipped else ("SKIP" if case.is_skipped else "PASS")
            message = next((r.message for r in case.result if r.message), "")
            print(f"  {state} {case.classname} :: {case.name}" + (f" — {message}" if message else ""))
        for key, value in counted.items():
            declared = getattr(suite, key)
            if declared is not None and declared != value:
                print(f"FAIL {path}: suite {suite.name} declares {key}={declared} but has {value}")
                ok = False
            totals[key] += value
    if not isinstance(xml, TestSuite):
        for key, value in totals.items():
            declared = getattr(xml, key, None)
            if declared is not None and declared != value:
                print(f"FAIL {path}: <testsuites> declares {key}={declared} but its suites have {value}")
                ok = False
    print(f"{path}: {len(suites)} suites, {totals['tests']} tests, {totals['failures']} failures"
          + ("" if ok else " (inconsistent)"))
    return ok


def main(paths):
    if not paths or paths[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    results = [check(p) for p in paths]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
