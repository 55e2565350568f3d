"""Dockable panels of the main window: palette, properties, findings, reachability."""
