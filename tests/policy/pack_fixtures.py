"""Pack pieces shared by the policy tests."""

#: A rule that loads, for tests that break one part of it at a time.
RULE = """\
code: SMG-TST-001
name: test-rule
title: A test rule
severity: revise
category: insult
clause: Do 9
detectors:
  - kind: lexicon
    terms: [nincompoop]
message: "'{match}' is rude."
why: Because.
advice: Do not.
examples:
  fail: [a nincompoop, you nincompoop, nincompoop!]
  pass: [fine, also fine, still fine]
"""
