"""The properties panel, generated from each kind's typed schema (see :mod:`.panel`)."""

from cloudwright.gui.panels.properties.panel import PropertiesPanel

__all__ = ["PropertiesPanel"]
