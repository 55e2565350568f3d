"""Run the real app (as a bare ``cloudwright`` starts it) and grab the screen: used by contact_sheet.py.

    xvfb-run -a -s "-screen 0 1600x1000x24" python docs/tools/app_shot_driver.py stageN|gallery OUT.png
"""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import QTimer

from cloudwright.gui.app import application, create_window


def main() -> None:
    mode, out = sys.argv[1], sys.argv[2]
    app = application()
    window = create_window(None)
    window.case_studies.open_at_startup()
    window.setGeometry(0, 0, 1600, 1000)

    def grab() -> None:
        subprocess.run(["import", "-window", "root", out], check=True)
        window.controller.undo_stack.setClean()
        app.quit()

    def when_gallery_drawn(dialog: object) -> None:
        if dialog.thumbnails_done():  # type: ignore[attr-defined]
            QTimer.singleShot(300, grab)
        else:
            QTimer.singleShot(200, lambda: when_gallery_drawn(dialog))

    def act() -> None:
        if mode == "gallery":
            dialog = window.case_studies.show_gallery()
            dialog.loaded.connect(lambda: when_gallery_drawn(dialog))
            return
        if mode.startswith("stage"):
            window.case_studies.stage_bar.show_stage(int(mode.removeprefix("stage")))
        QTimer.singleShot(600, grab)

    QTimer.singleShot(1500, act)
    app.exec()


if __name__ == "__main__":
    main()
