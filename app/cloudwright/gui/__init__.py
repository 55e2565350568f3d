"""The desktop designer: the only package that imports PySide6."""
