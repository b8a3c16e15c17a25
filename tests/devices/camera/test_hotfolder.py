"""The scanner hot folder: images, a two-page PDF, a corrupt file, files still being written."""
import importlib.util
import io
import os
import shutil

import cv2
import numpy as np
import pytest
from PIL import Image

from devices.base import CameraError
from devices.camera.base import cameras
from devices.camera.hotfolder import UnreadableScan


@pytest.fixture
def hotfolder(tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    source = cameras.get("hotfolder")("scanner", folder=folder, poll=0.05, settle=0.2, dpi=72)
    source.open()
    yield source
    source.stop()


def drop(folder, name, data: bytes):
    """Write like scanner software does: under a temporary name, then rename into place."""
    partial = folder / (name + ".part")
    partial.write_bytes(data)
    os.replace(partial, folder / name)


def png(colour, size=(200, 300)) -> bytes:
    return cv2.imencode(".png", np.full((*size, 3), colour, np.uint8))[1].tobytes()


def two_page_pdf() -> bytes:
    out = io.BytesIO()
    first = Image.new("RGB", (300, 400), (255, 0, 0))
    first.save(out, "PDF", save_all=True, append_images=[Image.new("RGB", (300, 400), (0, 0, 255))],
               resolution=72)
    return out.getvalue()


def test_image_is_picked_up_and_moved_aside(hotfolder):
    drop(hotfolder.folder, "scan-0001.png", png((10, 200, 30)))
    page = hotfolder.next_page(timeout=10)
    assert (page.source, page.page, page.pages) == ("scan-0001.png", 1, 1)
    assert page.image.shape == (200, 300, 3)
    assert tuple(page.image[0, 0]) == (10, 200, 30)
    assert (hotfolder.processed_dir / "scan-0001.png").exists()
    assert not (hotfolder.folder / "scan-0001.png").exists()
    assert np.array_equal(hotfolder.latest_frame(), page.image)
    jpeg = hotfolder.jpeg(quality=90)
    assert jpeg is hotfolder.jpeg(quality=90)   # encoded once per page for every live view
    assert cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR).shape == (200, 300, 3)
    assert hotfolder.health.available


def test_pdf_pages_come_out_in_order(hotfolder):
    pytest.importorskip("pypdfium2")
    drop(hotfolder.folder, "contract.pdf", two_page_pdf())
    first, second = hotfolder.next_page(timeout=10), hotfolder.next_page(timeout=10)
    assert [(p.page, p.pages) for p in (first, second)] == [(1, 2), (2, 2)]
    assert first.image.shape == (400, 300, 3)
    # BGR: the red page first, then the blue one (Pillow stores them as JPEG: allow a little).
    assert np.allclose(first.image[200, 150], (0, 0, 255), atol=4)
    assert np.allclose(second.image[200, 150], (255, 0, 0), atol=4)
    assert hotfolder.frame_count == 2


def test_corrupt_file_is_rejected_and_the_next_one_still_comes(hotfolder):
    drop(hotfolder.folder, "broken.pdf", b"%PDF-1.4 this is not really a pdf")
    with pytest.raises(UnreadableScan) as caught:
        hotfolder.next_page(timeout=10)
    assert "broken.pdf" in str(caught.value)
    assert caught.value.citizen_message == "扫描件无法读取，请重新扫描。"
    assert (hotfolder.rejected_dir / "broken.pdf").exists()

    drop(hotfolder.folder, "broken.jpg", b"\xff\xd8 not a jpeg")
    drop(hotfolder.folder, "notes.txt", b"hello")
    for _ in range(2):
        with pytest.raises(UnreadableScan):
            hotfolder.next_page(timeout=10)
    drop(hotfolder.folder, "good.png", png((1, 2, 3)))
    assert hotfolder.next_page(timeout=10).source == "good.png"
    assert hotfolder.health.available


def test_a_page_larger_than_the_limit_is_refused_before_decoding_and_a_huge_pdf_page_is_rendered_smaller(tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    source = cameras.get("hotfolder")("scanner", folder=folder, poll=0.05, settle=0.2, dpi=72,
                                      max_pixels=100_000)
    source.open()
    try:
        drop(folder, "bomb.png", png((0, 0, 0), size=(400, 300)))     # 120 000 px claimed
        with pytest.raises(UnreadableScan, match="over the 100000 px limit"):
            source.next_page(timeout=10)
        assert (source.rejected_dir / "bomb.png").exists()
        if importlib.util.find_spec("pypdfium2"):
            drop(folder, "poster.pdf", two_page_pdf())              # 300×400 pt at 72 dpi: 120 000 px
            page = source.next_page(timeout=10)
            assert page.image.shape[0] * page.image.shape[1] <= 100_000
            assert page.image.shape[0] > 250                       # reduced, not refused
    finally:
        source.stop()


def test_partial_and_hidden_files_are_left_alone(hotfolder):
    (hotfolder.folder / "scan.png.part").write_bytes(png((0, 0, 0))[:50])
    (hotfolder.folder / ".scan.png").write_bytes(png((0, 0, 0)))
    drop(hotfolder.folder, "later.png", png((5, 5, 5)))
    assert hotfolder.next_page(timeout=10).source == "later.png"
    assert (hotfolder.folder / "scan.png.part").exists()
    assert (hotfolder.folder / ".scan.png").exists()


def test_file_is_not_taken_before_it_has_settled(tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    source = cameras.get("hotfolder")("scanner", folder=folder, poll=0.05, settle=60)
    source.open()
    try:
        (folder / "growing.png").write_bytes(png((0, 0, 0)))
        assert source.next_page(timeout=0.5) is None
        assert (folder / "growing.png").exists()
    finally:
        source.stop()


def test_same_name_scanned_twice_keeps_both(hotfolder):
    for colour in ((1, 1, 1), (2, 2, 2)):
        drop(hotfolder.folder, "scan.png", png(colour))
        assert tuple(hotfolder.next_page(timeout=10).image[0, 0]) == colour
    assert len(list(hotfolder.processed_dir.iterdir())) == 2


def test_nothing_scanned_yet_is_a_camera_error(hotfolder):
    with pytest.raises(CameraError):
        hotfolder.latest_frame()
    with pytest.raises(CameraError):
        hotfolder.wait_frame(0, timeout=0.1)
    assert hotfolder.next_page(timeout=0.1) is None


def test_file_that_cannot_be_moved_is_handed_out_once(hotfolder, monkeypatch, health_events):
    def read_only_share(source, target):
        raise PermissionError(13, "Permission denied", source)

    events = health_events(hotfolder)
    monkeypatch.setattr(shutil, "move", read_only_share)
    drop(hotfolder.folder, "stuck.png", png((9, 9, 9)))
    assert hotfolder.next_page(timeout=10).source == "stuck.png"
    events.wait_for(False)
    assert hotfolder.next_page(timeout=0.5) is None   # not handed out again at the next polls
    monkeypatch.undo()
    (hotfolder.folder / "stuck.png").unlink()          # staff clear it by hand
    events.wait_for(True)


def test_missing_folder_is_reported_and_recovers(tmp_path, health_events):
    folder = tmp_path / "share"
    source = cameras.get("hotfolder")("scanner", folder=folder, poll=0.05, settle=0.1)
    events = health_events(source)
    try:
        source.start()
        assert source.next_page(timeout=0.2) is None
        assert not source.health.available
        folder.mkdir()
        events.wait_for(True)
        folder.joinpath("processed").rmdir()
        folder.joinpath("rejected").rmdir()
        folder.rmdir()
        events.wait_for(False)
    finally:
        source.stop()
