"""The test suite: ``tests.tiny`` holds what the fast tests share."""
