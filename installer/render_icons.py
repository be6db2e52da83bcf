"""Render resources/icons/parley.svg into the raster icons each platform's installer wants.

Run at build time (the PNGs are never committed): ``python installer/render_icons.py OUT_DIR``
writes ``OUT_DIR/hicolor/NxN/apps/parley.png`` for the freedesktop sizes, ``parley.ico``
(Windows) and ``parley.icns`` (macOS). Qt renders the SVG (QtSvg ships in
PySide6-Essentials), so no extra tool is needed and every platform builds the same pixels.
The .ico and .icns containers are written here rather than by Pillow or iconutil because both
are a short header around PNG data, and this way the build stays the same on every runner.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "parley.svg"
ICON_NAME = "parley"

# freedesktop hicolor sizes the .deb installs (plus the scalable SVG itself).
HICOLOR_SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # what Explorer picks from, 256 for large tiles
# .icns entry types holding PNG data, by pixel size (the @2x types reuse the same pixels).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)
_keep: list[object] = []


def render_png(svg: Path, size: int) -> bytes:
    """The icon as PNG bytes, ``size`` pixels square, with a transparent background."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        # QPainter wants a Gui application; offscreen needs no display. Kept for the process.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _keep.append(QGuiApplication([sys.argv[0]]))
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: QtSvg cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit(f"render_icons: could not encode a {size} px PNG")
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG per size (supported since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        png = pngs[size]
        edge = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns whose entries are PNG data (the modern form Finder and the Dock read)."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def render_all(out: Path, svg: Path = SVG) -> list[Path]:
    """Write every raster icon under ``out``; returns the files written."""
    sizes = sorted(set(HICOLOR_SIZES) | set(ICO_SIZES) | {size for _, size in ICNS_TYPES})
    pngs = {size: render_png(svg, size) for size in sizes}
    written = []
    for size in HICOLOR_SIZES:
        path = out / "hicolor" / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pngs[size])
        written.append(path)
    for name, data in (
        (f"{ICON_NAME}.ico", ico_bytes({s: pngs[s] for s in ICO_SIZES})),
        (f"{ICON_NAME}.icns", icns_bytes(pngs)),
    ):
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the icons into")
    parser.add_argument("--svg", type=Path, default=SVG, help="the source SVG")
    args = parser.parse_args(argv)
    written = render_all(args.out, args.svg)
    print(f"render_icons: {len(written)} icons written under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
