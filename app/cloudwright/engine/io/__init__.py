"""Reading and writing designs: the versioned file format, atomic saves, importers and exporters."""

from cloudwright.engine.io.design_file import (
    DesignLoadError,
    LoadedDesign,
    diagram_to_data,
    dumps,
    load_design,
    load_text,
    read_design,
    save_design,
)

__all__ = ["DesignLoadError", "LoadedDesign", "diagram_to_data", "dumps", "load_design", "load_text",
           "read_design", "save_design"]
