"""Shoot the analysis panels under Xvfb: properties of a security group, the findings dock on a flawed
design, a blocked path highlighted, and the exposure overlay.

    xvfb-run -a -s "-screen 0 1600x1000x24" python docs/screenshots/make_analysis_screenshots.py

Writes docs/screenshots/{properties-security-group,findings-dock,reachability-blocked-path,
exposure-overlay}.png with ImageMagick's ``import -window root``. The design is the web test design
(tests/gui/gui_designs.py) with two flaws: SSH open to the world, and a database security group that admits
5432 instead of MySQL's 3306, so the intended web -> db flow is blocked.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))


def main() -> None:
    from PySide6.QtCore import QSettings, Qt
    from tests.gui.gui_designs import web_design

    from cloudwright.engine.io.design_file import save_design
    from cloudwright.gui.app import application
    from cloudwright.gui.main_window import MainWindow

    app = application()
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "flawed-web.yaml"
    save_design(web_design(), path)
    window = MainWindow(settings=QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    window.resize(1600, 1000)
    window.show()
    window.controller.open(path)
    controller = window.controller
    controller.request_set_props("web-sg", props={"inbound": [{"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"},
                                                               {"protocol": "tcp", "port": 22, "cidr": "0.0.0.0/0"}]})
    controller.request_set_props("db-sg", props={"inbound": [{"protocol": "tcp", "port": 5432, "sg": "web-sg"}]})
    window.validator.threaded = False
    window.validator.run_now()
    window.view.fit_all()

    def shot(name: str) -> None:
        end = time.perf_counter() + 0.4
        while time.perf_counter() < end:
            app.processEvents()
        subprocess.run(["import", "-window", "root", str(SHOTS / name)], check=True)
        print("wrote", SHOTS / name)

    window.properties_dock.raise_()
    controller.selection.set(["web-sg"])
    shot("properties-security-group.png")

    controller.selection.clear()
    window.resizeDocks([window.findings_dock], [420], Qt.Orientation.Vertical)
    window.findings.show_all.click()
    window.findings.select_finding(next(f for f in window.validator.analysis.findings if f.rule == "REACH-FLOW-001"))
    controller.selection.clear()
    shot("findings-dock.png")
    window.resizeDocks([window.findings_dock], [230], Qt.Orientation.Vertical)

    window.reachability_dock.raise_()
    window.reachability.set_endpoints("web", "db")
    window.reachability.set_flow("tcp", 3306)
    window.reachability.run()
    shot("reachability-blocked-path.png")

    window.reachability.clear()
    window.reachability.exposure.setChecked(True)
    window.validator.run_now()
    shot("exposure-overlay.png")

    controller.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
