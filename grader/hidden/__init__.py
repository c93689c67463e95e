"""The hidden property tests: one module per question, run by grader.runner."""
