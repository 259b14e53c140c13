"""Cold start to main window shown, against a bare QMainWindow started the same way.

Start-up time is what a person feels on every launch; comparing it with the cheapest possible
PySide6 window separates what the application adds from what Python and Qt cost anyway.
Every sample is a fresh interpreter with a fresh data folder, so nothing is cached in-process.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import Result, run_child

# Every child quits from the first turn of its event loop and reports which top-level windows
# were visible then: that proves the timed span ends after the window was shown, not before.
_QUIT_AND_REPORT = """
def _quit():
    shown = sorted(type(w).__name__ for w in app.topLevelWidgets() if w.isVisible())
    print("shown:" + ",".join(shown), flush=True)
    app.quit()
"""

BASELINE_CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
""" + _QUIT_AND_REPORT + """
window = QMainWindow()
window.show()
QTimer.singleShot(0, _quit)
sys.exit(app.exec())
"""

# A profile and a remembered login, so start-up goes straight to the main window instead of
# stopping at the identity dialog. Creating the profile needs the schema, so this migrates too.
PROVISION = """
import sys
from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.paths import resolve_paths
from swat_desktop.services import identity, store
paths = resolve_paths(sys.argv[1]).ensure()
db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
identity.save_profile(db, ProfileInput(login="bench", full_name="Bench User",
                                       role=Role.AGENTE_CELULA, unit="Célula Bench"))
identity.remember_login(paths.local_settings_file, "bench")
db.dispose()
"""

# run_gui reuses this QApplication, so the single-shot fires on the first turn of app.exec(),
# which run_gui only reaches after MainWindow.show(). The CLI is imported before PySide6, as
# the real entry point does: modules imported after PySide6 go through its import hook and
# load measurably slower (about 0.1 s here), which would inflate the figure.
APP_CHILD = """
import sys
from swat_desktop.cli import main
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
""" + _QUIT_AND_REPORT + """
QTimer.singleShot(0, _quit)
sys.exit(main(["--home", sys.argv[1]]))
"""

# Provisioning in the timed child itself: the only way to time the migration of a brand-new
# store, since a store that already holds the profile is necessarily migrated.
APP_CHILD_NEW_STORE = PROVISION + APP_CHILD

EXPECTED_APP = "shown:MainWindow"
EXPECTED_BASELINE = "shown:QMainWindow"

NOTES = {
    "startup": "wall time from subprocess.run to child exit: interpreter start, imports, "
    "opening an already migrated SQLite store (profile provisioned untimed beforehand), "
    "QApplication, identity lookup, MainWindow shown, one event-loop turn",
    "startup_new_store": "as startup, but the timed child also migrates a brand-new SQLite "
    "store and saves the profile before the normal start-up path",
}
BASELINE_NAME = "bare_qmainwindow"
# A start-up that stops at a modal dialog never reaches the quit, so it must fail, not hang.
def _sample(code: str, expected: str, provision: bool) -> float:
    """One fresh process in its own fresh data folder; the folder is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="swat-bench-") as tmp:
        home = Path(tmp)
        if provision:
            run_child(PROVISION, home)
        seconds, output = run_child(code, home)
    if output.splitlines()[-1:] != [expected]:
        raise RuntimeError(f"child did not end with {expected!r} on stdout, got {output!r}")
    return seconds


def run(repeats: int) -> list[Result]:
    cases = {
        BASELINE_NAME: (BASELINE_CHILD, EXPECTED_BASELINE, False),
        "startup": (APP_CHILD, EXPECTED_APP, True),
        "startup_new_store": (APP_CHILD_NEW_STORE, EXPECTED_APP, False),
    }
    samples: dict[str, list[float]] = {name: [] for name in cases}
    # One untimed round first: byte-code compilation and a cold disk cache would otherwise
    # land on the first sample only. The rounds then interleave the cases to spread drift.
    for round_number in range(repeats + 1):
        for name, (code, expected, provision) in cases.items():
            seconds = _sample(code, expected, provision)
            if round_number > 0:
                samples[name].append(seconds)
    baseline = samples.pop(BASELINE_NAME)
    return [
        Result.from_samples(name, times, BASELINE_NAME, baseline, NOTES[name])
        for name, times in samples.items()
    ]
