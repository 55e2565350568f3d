"""Application bootstrap: the QApplication (name and organisation for QSettings, window icon) and the
main window. Qt 6 scales for high-DPI screens by default; icons are drawn at the device pixel ratio.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from cloudwright.engine.catalog import diagrams_resources
from cloudwright.gui.autosave import install as install_autosave
from cloudwright.gui.main_window import APP_NAME, MainWindow

ORGANIZATION = "Cloudwright"
ORGANIZATION_DOMAIN = "cloudwright.dev"


def app_icon() -> QIcon:
    """The packaged app icon when present, else the AWS cloud mark from the icon set."""
    packaged = Path(__file__).resolve().parents[3] / "packaging" / "cloudwright.png"
    if packaged.is_file():
        return QIcon(str(packaged))
    return QIcon(str(diagrams_resources() / "aws" / "general" / "general.png"))


def application(argv: list[str] | None = None) -> QApplication:
    """The running QApplication, created and named on first use."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setOrganizationDomain(ORGANIZATION_DOMAIN)
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(app_icon())
    return app


def create_window(path: str | None = None) -> MainWindow:
    """The main window, with ``path`` opened (or imported, for a template) when given; failures show in the status bar."""
    window = MainWindow()
    if path:
        window.files.opener(path)  # designs open; CloudFormation templates are imported
    window.show()
    window.view.fit_all()
    return window


def run(path: str | None = None) -> int:
    """Start the app and return its exit code; without a file it shows a case study (see the gallery)."""
    app = application()
    window = create_window(path)
    if not path:
        window.case_studies.open_at_startup()
    window.raise_()
    install_autosave(window)
    return app.exec()
