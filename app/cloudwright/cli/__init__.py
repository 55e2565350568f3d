"""Cloudwright's headless command line: argument parsing and report rendering only."""
