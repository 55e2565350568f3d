"""Cloudwright: a desktop designer for AWS architectures that understands what it draws."""

__version__ = "0.1.0"
