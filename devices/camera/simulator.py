"""A document camera on 127.0.0.1 serving an MJPEG stream, for the real ``opencv`` driver.

It draws a scene — a desk with a document lying on it, which can be changed at any time —
or plays a video file, and serves it as ``multipart/x-mixed-replace`` over HTTP, the way IP
document cameras do; OpenCV's FFmpeg backend opens the URL like any camera stream. Movement,
blur and glare can be switched on to exercise the quality checks, ``unplug()`` drops the
stream and refuses new connections like a pulled cable, and ``freeze()`` stalls it.

    sim = CameraSimulator().start()
    camera = cameras.get("opencv")("document-camera", source=sim.url)
    sim.show(Path("household-register.jpg").read_bytes())   # or an array, or a path
"""
from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import cv2
import numpy as np

from devices.camera.frames import encode_jpeg

log = logging.getLogger(__name__)

_BOUNDARY = "frame"
MAX_CLIP_FRAMES = 600


def make_desk(width: int, height: int, seed: int = 7) -> np.ndarray:
    """A wooden desk top: a warm brown with grain and lighting falling off to the edges."""
    rng = np.random.default_rng(seed)
    grain = cv2.resize(rng.normal(0, 1, (height // 8, 8)).astype(np.float32), (width, height))
    grain = cv2.GaussianBlur(grain, (0, 0), 3)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    light = 1.0 - 0.25 * (((xs - width / 2) / width) ** 2 + ((ys - height / 2) / height) ** 2) * 4
    base = np.array([60, 100, 150], np.float32)  # BGR
    desk = base[None, None, :] * (light[..., None] + 0.08 * grain[..., None])
    return np.clip(desk, 0, 255).astype(np.uint8)


class Scene:
    """What the camera looks at: the desk, an optional document on it, and the effects."""

    def __init__(self, width: int, height: int, seed: int = 7):
        self.width, self.height = width, height
        self.desk = make_desk(width, height, seed)
        self.document: np.ndarray | None = None
        self.moving = False
        self.blur = 0
        self.glare = False
        self._rng = np.random.default_rng(seed)

    def render(self) -> np.ndarray:
        frame = self.desk.copy()
        if self.document is not None:
            self._place(frame, self.document)
        return self.apply_effects(frame)

    def apply_effects(self, frame: np.ndarray) -> np.ndarray:
        if self.blur:
            frame = cv2.GaussianBlur(frame, (0, 0), float(self.blur))
        if self.glare:
            frame = _add_glare(frame)
        return frame

    def _place(self, frame: np.ndarray, document: np.ndarray) -> None:
        """Lay the document in the middle, a little askew, at its own size or shrunk to 80% of
        the frame; when moving, every frame shifts and turns it by a few pixels and degrees like
        an unsteady hand. A small image (a 1-inch photo) is never enlarged: no camera sees a
        print softer than it is."""
        doc_h, doc_w = document.shape[:2]
        scale = min(1.0, 0.8 * min(self.width / doc_w, self.height / doc_h))
        angle, dx, dy = 1.5, 0.0, 0.0
        if self.moving:
            angle += self._rng.uniform(-4, 4)
            dx, dy = self._rng.uniform(-0.04, 0.04, 2) * (self.width, self.height)
        matrix = cv2.getRotationMatrix2D((doc_w / 2, doc_h / 2), angle, scale)
        matrix[:, 2] += (self.width / 2 - doc_w / 2 + dx, self.height / 2 - doc_h / 2 + dy)
        size = (self.width, self.height)
        warped = cv2.warpAffine(document, matrix, size, flags=cv2.INTER_AREA)
        mask = cv2.warpAffine(np.full((doc_h, doc_w), 255, np.uint8), matrix, size)
        shadow = cv2.GaussianBlur(np.roll(mask, (8, 8), (0, 1)), (0, 0), 6)
        frame[:] = (frame * (1 - 0.35 * shadow[..., None] / 255.0)).astype(np.uint8)
        frame[mask > 127] = warped[mask > 127]


def _add_glare(frame: np.ndarray) -> np.ndarray:
    """A lamp's reflection: a bright soft ellipse that washes out the upper right."""
    height, width = frame.shape[:2]
    spot = np.zeros((height, width), np.float32)
    cv2.ellipse(spot, (int(width * 0.62), int(height * 0.35)), (width // 7, height // 10), 20,
                0, 360, 1.0, -1)
    spot = cv2.GaussianBlur(spot, (0, 0), width / 40)
    lit = frame.astype(np.float32) + spot[..., None] * 255 * 1.2
    return np.clip(lit, 0, 255).astype(np.uint8)


def load_image(document: np.ndarray | str | Path | bytes) -> np.ndarray:
    """A BGR image from an array, an image file path, or encoded image bytes."""
    if isinstance(document, np.ndarray):
        return document if document.ndim == 3 else cv2.cvtColor(document, cv2.COLOR_GRAY2BGR)
    data = document if isinstance(document, bytes) else Path(document).read_bytes()
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("not a readable image")
    return image


class CameraSimulator:
    """An MJPEG-over-HTTP document camera on 127.0.0.1; ``url`` is what the driver opens.

    ``fps`` frames a second of ``width`` x ``height``; ``video`` plays a file (in a loop)
    instead of the desk scene. All controls are safe to call from any thread at any time.
    """

    def __init__(self, *, width: int = 1024, height: int = 768, fps: float = 10.0,
                 video: str | Path | None = None, port: int = 0, jpeg_quality: int = 85):
        self.scene = Scene(width, height)
        self.fps = fps
        self.jpeg_quality = jpeg_quality
        self.frames_served = 0
        self._clip: list[np.ndarray] = []  # JPEG-encoded frames of a video being played
        self._clip_position = 0
        self._version = 0          # bumped by every control, so a still scene is encoded once
        self._lock = threading.Lock()
        self._new_frame = threading.Condition()
        self._jpeg: bytes | None = None
        self._sequence = 0
        self._plugged = True
        self._frozen = False
        self._stopping = threading.Event()
        self._server = _Server(("127.0.0.1", port), _handler_for(self))
        self._threads: list[threading.Thread] = []
        if video:
            self.play(video)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/stream.mjpg"

    @property
    def plugged(self) -> bool:
        return self._plugged

    def start(self) -> "CameraSimulator":
        # A short poll interval so stop() returns quickly.
        for target, args, name in ((self._server.serve_forever, (0.05,), "camera-sim-http"),
                                   (self._produce, (), "camera-sim-frames")):
            thread = threading.Thread(target=target, args=args, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        """Stop serving; safe to call twice."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        with self._new_frame:
            self._new_frame.notify_all()
        self._server.shutdown()
        self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    # -- controls ------------------------------------------------------------------------

    def show(self, document: np.ndarray | str | Path | bytes) -> None:
        """Put a document (image array, file path or encoded bytes) on the desk."""
        image = load_image(document)
        with self._lock:
            self.scene.document = image
            self._clip = []
            self._version += 1

    def clear(self) -> None:
        """Take the document away: the empty desk."""
        with self._lock:
            self.scene.document = None
            self._version += 1

    def play(self, video: str | Path) -> None:
        """Play a video file in a loop instead of the scene (up to ``MAX_CLIP_FRAMES`` frames)."""
        clip = self._load_clip(video)
        with self._lock:
            self._clip, self._clip_position = clip, 0
            self._version += 1

    def _load_clip(self, video: str | Path) -> list[np.ndarray]:
        # The clip is decoded here, once, and kept as JPEG: OpenCV serialises FFmpeg opens
        # behind one lock, so opening the file from the frame thread while the driver in the
        # same process waits on this stream would stall both.
        capture = cv2.VideoCapture(str(video))
        clip = []
        try:
            while len(clip) < MAX_CLIP_FRAMES:
                ok, frame = capture.read()
                if not ok:
                    break
                resized = cv2.resize(frame, (self.scene.width, self.scene.height))
                clip.append(cv2.imencode(".jpg", resized)[1])
        finally:
            capture.release()
        if not clip:
            raise ValueError(f"no frames in video {video}")
        return clip

    def move(self, on: bool = True) -> None:
        """Shake the document from frame to frame, as a hand still placing it would."""
        with self._lock:
            self.scene.moving = on
            self._version += 1

    def blur(self, level: float = 3.0) -> None:
        """Defocus: a Gaussian blur of ``level`` pixels (0 for sharp)."""
        with self._lock:
            self.scene.blur = max(0.0, float(level))
            self._version += 1

    def glare(self, on: bool = True) -> None:
        """A lamp's reflection on the document."""
        with self._lock:
            self.scene.glare = on
            self._version += 1

    def unplug(self) -> None:
        """Drop every stream and refuse new ones, like a pulled USB cable."""
        self._plugged = False
        with self._new_frame:
            self._new_frame.notify_all()

    def replug(self) -> None:
        self._plugged = True

    def freeze(self, on: bool = True) -> None:
        """Keep the stream open but send no frames, like a camera whose firmware hangs."""
        self._frozen = on

    # -- frames --------------------------------------------------------------------------

    def _produce(self) -> None:
        period = 1.0 / self.fps
        jpeg, encoded_version = None, -1
        while not self._stopping.wait(period):
            if not self._plugged or self._frozen:
                continue
            with self._lock:
                still = not (self._clip or self.scene.moving)
                version = self._version
            if jpeg is None or not still or version != encoded_version:
                jpeg, encoded_version = encode_jpeg(self._render(), self.jpeg_quality), version
            with self._new_frame:
                self._jpeg = jpeg
                self._sequence += 1
                self._new_frame.notify_all()

    def _render(self) -> np.ndarray:
        with self._lock:
            if self._clip:
                encoded = self._clip[self._clip_position % len(self._clip)]
                self._clip_position += 1
                return self.scene.apply_effects(cv2.imdecode(encoded, cv2.IMREAD_COLOR))
            return self.scene.render()

    def _next_jpeg(self, after: int, timeout: float = 1.0) -> tuple[bytes | None, int]:
        """A frame newer than sequence ``after``, or None when unplugged or stopping."""
        with self._new_frame:
            self._new_frame.wait_for(lambda: self._sequence > after or not self._plugged
                                     or self._stopping.is_set(), timeout)
            if not self._plugged or self._stopping.is_set() or self._sequence <= after:
                return None, after
            return self._jpeg, self._sequence


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def _handler_for(simulator: CameraSimulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if not simulator.plugged:
                self.send_error(503, "camera unplugged")
                return
            if self.path.startswith("/stream.mjpg"):
                self._stream()
            elif self.path.startswith("/snapshot.jpg"):
                jpeg, _ = simulator._next_jpeg(0)
                self._send_jpeg(jpeg)
            else:
                self.send_error(404)

        def _stream(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", f"multipart/x-mixed-replace; boundary={_BOUNDARY}")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            sequence = 0
            try:
                while True:
                    jpeg, new_sequence = simulator._next_jpeg(sequence)
                    if jpeg is None:
                        if not simulator.plugged or simulator._stopping.is_set():
                            break
                        continue
                    sequence = new_sequence
                    self.wfile.write(f"--{_BOUNDARY}\r\nContent-Type: image/jpeg\r\n"
                                     f"Content-Length: {len(jpeg)}\r\n\r\n".encode() + jpeg + b"\r\n")
                    simulator.frames_served += 1
            except OSError:
                pass  # the driver closed the stream
            self.close_connection = True

        def _send_jpeg(self, jpeg: bytes | None) -> None:
            if jpeg is None:
                self.send_error(503, "no frame")
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(jpeg)))
            self.end_headers()
            self.wfile.write(jpeg)

        def log_message(self, format: str, *args) -> None:
            log.debug("camera simulator: " + format, *args)

    return Handler
