"""The diagram canvas: scene, view, items and interactions."""
