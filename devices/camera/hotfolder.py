"""Pages from a flatbed or sheet-fed scanner whose software saves each scan into a folder.

The source polls the folder, takes a file once its size and modification time have held
still for ``settle`` seconds (scanner software writes in pieces), turns it into page images
— PDF pages are rendered with pypdfium2, multi-page TIFFs are split — and hands the pages
out in the order the files arrived. A processed file is moved to ``processed/``; a file that
cannot be read is moved to ``rejected/`` and handed out as an ``UnreadableScan`` error in its
place, and the source carries on with the next file.
"""
from __future__ import annotations

import importlib.util
import io
import logging
import queue
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from devices.base import CameraError
from devices.camera.base import Frame, cameras
from devices.camera.frames import BufferedCamera

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"})
# Names scanner software gives files it is still writing.
_PARTIAL = (".tmp", ".part", ".crdownload", "~")


class UnreadableScan(CameraError):
    citizen_message = "扫描件无法读取，请重新扫描。"
    staff_hint = "The scanned file is damaged or not an image/PDF; it was moved to the rejected folder."


@dataclass(frozen=True)
class ScannedPage:
    """One page of a scanned file: a BGR image, the file's name, and page ``page`` of ``pages``."""

    image: np.ndarray
    source: str
    page: int
    pages: int


@cameras.register
class HotFolderSource(BufferedCamera):
    """A scanner's output folder read as a source of pages.

    Options: ``folder`` (watched), ``processed_dir`` / ``rejected_dir`` (default: subfolders
    ``processed`` and ``rejected``), ``poll`` and ``settle`` seconds, ``dpi`` for PDF pages,
    ``max_pages`` per file, ``max_pixels`` per page (a file whose header claims more is
    refused before any pixel is decoded; a PDF page is rendered at most that large).
    """

    thread_prefix = "hotfolder"

    type = "hotfolder"

    @classmethod
    def available_here(cls) -> bool:
        """PDF scans need pypdfium2 (images alone would work without it)."""
        return importlib.util.find_spec("pypdfium2") is not None

    def __init__(self, name: str, *, folder: str | Path, processed_dir: str | Path | None = None,
                 rejected_dir: str | Path | None = None, poll: float = 0.2, settle: float = 0.5,
                 dpi: int = 200, max_pages: int = 50, max_pixels: int = 40_000_000):
        super().__init__(name)
        self.folder = Path(folder)
        self.processed_dir = Path(processed_dir) if processed_dir else self.folder / "processed"
        self.rejected_dir = Path(rejected_dir) if rejected_dir else self.folder / "rejected"
        self.poll, self.settle, self.dpi, self.max_pages = poll, settle, dpi, max_pages
        self.max_pixels = max_pixels
        self._pages: queue.Queue[ScannedPage | UnreadableScan] = queue.Queue()
        self._seen: dict[Path, tuple[int, int, float]] = {}
        self._unmovable: set[Path] = set()

    # -- lifecycle -----------------------------------------------------------------------

    def open(self) -> None:
        """Create the side folders and start watching; CameraError if the folder is missing."""
        self._check_folder()
        self.start()

    def close(self) -> None:
        self.stop()

    def probe(self) -> str:
        self._check_folder()
        waiting = sum(1 for path in self.folder.iterdir() if self._candidate(path))
        return f"hotfolder {self.folder}: {waiting} file(s) waiting"

    # -- pages ---------------------------------------------------------------------------

    def next_page(self, timeout: float | None = None) -> ScannedPage | None:
        """The next page in arrival order, or None when none comes within ``timeout``.

        Raises ``UnreadableScan`` in the place of a file that could not be read; the
        following call goes on with the next file.
        """
        try:
            item = self._pages.get(timeout=timeout)
        except queue.Empty:
            return None
        if isinstance(item, UnreadableScan):
            raise item
        return item

    def _usable(self) -> Frame:
        """The last page picked up, for the live view."""
        frame = self._frames.newest
        if frame is None:
            raise CameraError(f"hot folder {self.folder}: nothing scanned yet",
                              citizen_message="请将材料放入扫描仪并开始扫描。")
        return frame

    def wait_frame(self, after: int = 0, timeout: float = 2.0) -> Frame:
        frame = self._frames.wait(after, timeout)
        if frame is None:
            raise CameraError(f"hot folder {self.folder}: no new page within {timeout} s",
                              citizen_message="未收到扫描件，请确认扫描仪已开始扫描。")
        return frame

    # -- watcher thread ------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._check_folder()
                for path in self._settled_files():
                    self._take(path)
                if not self._unmovable:
                    self.tracker.ok()
            except CameraError as exc:
                self.tracker.failed(exc)
            except OSError as exc:  # the share went away between listing and moving
                self.tracker.failed(CameraError(f"hot folder {self.folder}: {exc}"))
            self._stop.wait(self.poll)

    def _check_folder(self) -> None:
        if not self.folder.is_dir():
            raise CameraError(f"hot folder {self.folder} does not exist",
                              staff_hint="Create the scanner's output folder or fix the "
                                         "hotfolder 'folder' option.")
        self.processed_dir.mkdir(parents=True, exist_ok=True)
        self.rejected_dir.mkdir(parents=True, exist_ok=True)

    def _candidate(self, path: Path) -> bool:
        return (path.is_file() and not path.name.startswith(".") and not path.name.endswith(_PARTIAL)
                and path not in self._unmovable)

    def _settled_files(self) -> list[Path]:
        """Files whose size and mtime have not changed for ``settle`` seconds, oldest first."""
        now = time.monotonic()
        self._unmovable = {path for path in self._unmovable if path.exists()}  # staff cleared it
        settled, present = [], set()
        for path in self.folder.iterdir():
            if not self._candidate(path):
                continue
            stat = path.stat()
            present.add(path)
            size_mtime = (stat.st_size, stat.st_mtime_ns)
            seen = self._seen.get(path)
            if seen is None or seen[:2] != size_mtime:
                self._seen[path] = (*size_mtime, now)
            elif stat.st_size > 0 and now - seen[2] >= self.settle:
                settled.append((stat.st_mtime_ns, path.name, path))
        for gone in set(self._seen) - present:
            del self._seen[gone]
        return [path for _, _, path in sorted(settled)]

    def _take(self, path: Path) -> None:
        del self._seen[path]
        try:
            images = self._read(path)
        except (UnreadableScan, cv2.error, ValueError, MemoryError) as exc:
            # Whatever a damaged file makes the decoders raise, it is that file's fault only.
            error = exc if isinstance(exc, UnreadableScan) else UnreadableScan(f"{path.name}: {exc}")
            log.warning("hot folder %s: rejected %s: %s", self.name, path.name, error)
            self._move_aside(path, self.rejected_dir)
            self._pages.put(error)
            return
        self._move_aside(path, self.processed_dir)
        for number, image in enumerate(images, start=1):
            self._frames.put(image)
            self._pages.put(ScannedPage(image, path.name, number, len(images)))
        log.info("hot folder %s: %s gave %d page(s)", self.name, path.name, len(images))

    def _move_aside(self, path: Path, folder: Path) -> None:
        """Move a handled file out of the hot folder without overwriting an earlier one.

        A file that cannot be moved (read-only share) is remembered, so it is not handed
        out again at every poll.
        """
        target = folder / path.name
        if target.exists():
            target = folder / f"{path.stem}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns()}{path.suffix}"
        try:
            shutil.move(str(path), str(target))
        except OSError as exc:
            self._unmovable.add(path)
            log.error("hot folder %s: cannot move %s aside: %s", self.name, path.name, exc)
            self.tracker.failed(CameraError(f"hot folder {self.folder}: cannot move {path.name}: {exc}",
                                            staff_hint="Give the kiosk write access to the hot folder."))

    def _read(self, path: Path) -> list[np.ndarray]:
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            images = self._pdf_pages(path)
        elif suffix in IMAGE_SUFFIXES:
            images = _image_pages(path, self.max_pixels)
        else:
            raise UnreadableScan(f"{path.name}: not an image or PDF")
        if not images:
            raise UnreadableScan(f"{path.name}: no pages")
        self._check_page_count(path, len(images))
        return images

    def _check_page_count(self, path: Path, pages: int) -> None:
        if pages > self.max_pages:
            raise UnreadableScan(f"{path.name}: {pages} pages, more than {self.max_pages}")

    def _pdf_pages(self, path: Path) -> list[np.ndarray]:
        import pypdfium2  # imported here so image-only folders work without PDFium

        try:
            pdf = pypdfium2.PdfDocument(path.read_bytes())
        except pypdfium2.PdfiumError as exc:
            raise UnreadableScan(f"{path.name}: {exc}") from exc
        try:
            self._check_page_count(path, len(pdf))  # before rendering hundreds of pages
            # PDFium renders BGR(x) by default, the order OpenCV uses.
            return [page.render(scale=self._pdf_scale(page.get_size())).to_numpy()[..., :3].copy() for page in pdf]
        except pypdfium2.PdfiumError as exc:
            raise UnreadableScan(f"{path.name}: {exc}") from exc
        finally:
            pdf.close()


    def _pdf_scale(self, size_pt: tuple[float, float]) -> float:
        """The dpi asked for, reduced for a page so large it would exceed ``max_pixels``."""
        scale = self.dpi / 72
        pixels = size_pt[0] * size_pt[1] * scale * scale
        # 1% under the limit: PDFium rounds each side up to whole pixels
        return scale if pixels <= self.max_pixels else scale * 0.99 * (self.max_pixels / pixels) ** 0.5


def _image_pages(path: Path, max_pixels: int) -> list[np.ndarray]:
    """Every page of an image file (TIFFs from scanners can hold several), as BGR."""
    raw = path.read_bytes()
    _check_header(path.name, raw, max_pixels)
    data = np.frombuffer(raw, np.uint8)
    ok, pages = cv2.imdecodemulti(data, cv2.IMREAD_COLOR)
    if not ok or not pages:
        raise UnreadableScan(f"{path.name}: not a readable image")
    return list(pages)


def _check_header(name: str, raw: bytes, max_pixels: int) -> None:
    """Refuse a file whose header claims a page larger than ``max_pixels`` (a decompression bomb)."""
    try:
        with Image.open(io.BytesIO(raw)) as img:
            for frame in range(getattr(img, "n_frames", 1)):
                img.seek(frame)
                if img.width * img.height > max_pixels:
                    raise UnreadableScan(f"{name}: page {frame + 1} claims {img.width}×{img.height} px, "
                                         f"over the {max_pixels} px limit")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise UnreadableScan(f"{name}: not a readable image ({exc})") from exc


