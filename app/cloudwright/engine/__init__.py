"""The Qt-free core of Cloudwright: model, catalogue, document, graph, rules, reachability and I/O.

Contract: nothing under this package imports PySide6 (a test and an import-linter contract enforce it).
"""
