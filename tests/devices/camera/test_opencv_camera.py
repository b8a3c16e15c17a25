"""The real OpenCV driver reading the simulator's MJPEG stream over HTTP, and video files."""
import shutil
import time

import cv2
import numpy as np
import pytest

from devices.base import CameraError
from devices.camera.base import cameras
from tests.devices.camera.helpers import card, centre, frame_where, sharpness


def test_frames_arrive_and_encode_as_jpeg(camera):
    camera.open()
    first = camera.wait_frame(0, timeout=5)
    later = camera.wait_frame(first.number, timeout=5)
    assert later.number > first.number and later.timestamp >= first.timestamp
    assert first.image.shape == (480, 640, 3)
    decoded = cv2.imdecode(np.frombuffer(camera.jpeg(quality=70), np.uint8), cv2.IMREAD_COLOR)
    assert decoded.shape == (480, 640, 3)
    assert camera.health.available
    assert "640x480" in camera.probe()
    assert camera.watching and camera.reconnects_itself
    camera.stop()
    assert not camera.watching
    camera.start()   # a supervisor may restart a stopped grabber
    assert camera.wait_frame(later.number, timeout=5).number > later.number


def test_document_shown_on_the_desk_reaches_the_driver(camera, camera_sim):
    camera.open()
    camera_sim.show(card(colour=(200, 60, 20)))
    shown = frame_where(camera, lambda im: centre(im)[0] > 150 and centre(im)[2] < 80)
    camera_sim.clear()
    cleared = frame_where(camera, lambda im: centre(im)[0] < 120)
    assert not np.array_equal(shown, cleared)


def test_blur_glare_and_movement_on_demand(camera, camera_sim):
    camera.open()
    camera_sim.show(card(colour=(90, 90, 90)))
    sharp = frame_where(camera, lambda im: abs(centre(im)[0] - 90) < 25)
    camera_sim.blur(6)
    blurred = frame_where(camera, lambda im: sharpness(im) < sharpness(sharp) / 4)
    assert sharpness(blurred) < sharpness(sharp)
    camera_sim.blur(0)
    camera_sim.glare(True)
    glared = frame_where(camera, lambda im: (im.min(axis=2) > 245).mean() > 0.02)
    assert (glared.min(axis=2) > 245).mean() > (sharp.min(axis=2) > 245).mean()
    camera_sim.glare(False)
    camera_sim.move(True)
    first = camera.wait_frame(camera.frame_count, timeout=5).image
    moved = frame_where(camera, lambda im: cv2.absdiff(im, first).mean() > 2)
    assert cv2.absdiff(moved, first).mean() > 2


def test_unplug_makes_camera_unavailable_and_replug_recovers(camera, camera_sim, health_events):
    camera.open()
    events = health_events(camera)
    camera_sim.unplug()
    events.wait_for(False)
    with pytest.raises(CameraError) as caught:
        camera.latest_frame()
    assert caught.value.citizen_message
    with pytest.raises(CameraError):
        camera.jpeg()
    camera_sim.replug()
    events.wait_for(True)
    assert camera.latest_frame().shape == (480, 640, 3)
    assert events.transitions == [False, True]


def test_stalled_stream_gives_no_stale_frame(camera_sim):
    camera = cameras.get("opencv")("document-camera", source=camera_sim.url, stale_after=0.3,
                                   read_timeout=30.0)
    try:
        camera.open()
        camera_sim.freeze()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:   # staleness has no event: poll until it shows
            try:
                camera.latest_frame()
            except CameraError as error:
                assert "no frame for 0.3 s" in str(error)
                break
            time.sleep(0.05)
        else:
            pytest.fail("the frame never went stale")
        assert camera.health.available   # the stream is only stalled, not dropped
        camera_sim.freeze(False)
        camera.wait_frame(camera.frame_count, timeout=5)
        assert camera.latest_frame().shape == (480, 640, 3)
    finally:
        camera.stop()


def test_source_that_cannot_be_opened_raises_camera_error(health_events):
    camera = cameras.get("opencv")("document-camera", source="http://127.0.0.1:9/none.mjpg",
                                   open_timeout=1.0, read_timeout=1.0, retry_min=0.05, retry_max=0.2)
    try:
        with pytest.raises(CameraError):
            camera.open()
        with pytest.raises(CameraError):
            camera.latest_frame()
        assert not camera.health.available
    finally:
        camera.stop()


def write_video(path, frames=12, size=(160, 120)):
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 20, size)
    assert writer.isOpened()
    for i in range(frames):
        writer.write(np.full((size[1], size[0], 3), (i * 20) % 255, np.uint8))
    writer.release()


def test_video_file_removed_and_put_back(tmp_path, health_events):
    video = tmp_path / "desk.avi"
    write_video(video)
    camera = cameras.get("opencv")("document-camera", source=str(video), stale_after=2.0,
                                   retry_min=0.05, retry_max=0.3)
    events = health_events(camera)
    try:
        camera.open()
        looped = camera.wait_frame(20, timeout=10)   # more frames than the file has: it loops
        assert looped.image.shape == (120, 160, 3)
        shutil.move(video, tmp_path / "elsewhere.avi")
        events.wait_for(False)
        with pytest.raises(CameraError):
            camera.latest_frame()
        shutil.move(tmp_path / "elsewhere.avi", video)
        events.wait_for(True)
        assert camera.latest_frame().shape == (120, 160, 3)
        assert events.transitions == [True, False, True]
    finally:
        camera.stop()


def test_video_file_without_loop_keeps_its_last_frame(tmp_path):
    video = tmp_path / "once.avi"
    write_video(video, frames=5)
    camera = cameras.get("opencv")("document-camera", source=str(video), loop=False, fps=100)
    try:
        camera.open()
        last = camera.wait_frame(4, timeout=5)
        assert last.number == 5
        assert camera.latest_frame() is last.image
    finally:
        camera.stop()


def test_simulator_plays_a_video_file(tmp_path, camera, camera_sim):
    video = tmp_path / "clip.avi"
    write_video(video, frames=6)
    camera_sim.play(video)
    camera.open()
    frame_where(camera, lambda im: im.shape == (480, 640, 3) and im.std() < 10)


def test_stream_credentials_are_not_logged():
    camera = cameras.get("opencv")("document-camera", source="rtsp://admin:secret@10.0.0.5/live")
    assert camera.describe() == "rtsp://***@10.0.0.5/live"
