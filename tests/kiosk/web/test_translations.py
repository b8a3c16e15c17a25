"""English is complete: every text the screens show has a translation with the same placeholders."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_every_message_is_translated_to_english(tmp_path):
    # The template as the code stands now, so a text added without a translation fails here.
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    with (ROOT / "kiosk/translations/en/LC_MESSAGES/messages.po").open("rb") as fh:
        english = {m.id: m for m in read_po(fh) if m.id}
    missing = sorted(i for i in wanted if i not in english or not english[i].string or english[i].fuzzy)
    assert missing == []
    for msgid in wanted:
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(english[msgid].string)), msgid


def test_screens_render_in_english(client):
    client.post("/prefs", data={"set": "en", "next": "/"})
    page = client.get("/").get_data(as_text=True)
    assert "Residence permit application" in page      # catalog text
    assert "请选择要办理的事项" not in page              # interface text
