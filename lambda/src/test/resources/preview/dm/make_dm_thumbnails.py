#!/usr/bin/env python3
"""Writes thumbnails.txt: for every DM3/DM4 file of the corpus whose main signal HyperSpy 1.7.3 reads as a 2-D image,
whether its thumbnail (the ImageList item the Thumbnails tag points at, DM's RGBA rendering of the image window) is a
downscaled copy of that image (no larger on either side, aspect within 2 %), and, for those, two grids to compare the
preview with, read by HyperSpy's DM parser (not our reader):
  main   the image's values, block-averaged to at most 64 px on the long side
  thumb  the thumbnail's red channel (grey renderings have R = G = B), block-averaged the same way
Run from the repository root: /usr/bin/python3 <this file>.

Format: a line "file <corpus-relative path> <embedded|decoded>", then for embedded files "main W H" and H lines of W
numbers, "thumb W H" and H lines.
"""
import glob
import os
import warnings

import hyperspy.api as hs
import numpy as np
from hyperspy.io_plugins.digital_micrograph import DigitalMicrographReader, ImageObject

warnings.filterwarnings("ignore")
ROOT = os.path.join("..", "shared", "corpus")
OUT = os.path.join("lambda", "src", "test", "resources", "preview", "dm", "thumbnails.txt")


def shrink(a, long_side=64):
    h, w = a.shape
    f = max(1, int(np.ceil(max(h, w) / long_side)))
    h2, w2 = h // f, w // f
    return a[:h2 * f, :w2 * f].reshape(h2, f, w2, f).mean(axis=(1, 3))


def grid(name, a):
    lines = ["%s %d %d" % (name, a.shape[1], a.shape[0])]
    lines += [" ".join("%.4g" % v for v in row) for row in a]
    return lines


out = []
for f in sorted(glob.glob(os.path.join(ROOT, "**", "*.dm[34]"), recursive=True)):
    s = hs.load(f)
    if s.axes_manager.signal_dimension != 2 or s.axes_manager.navigation_dimension != 0:
        continue
    main = np.asarray(s.data, dtype=np.float64)
    with open(f, "rb") as fh:
        dm = DigitalMicrographReader(fh)
        dm.parse_file()
        index = [t["ImageIndex"] for t in dm.tags_dict.get("Thumbnails", {}).values()]
        thumb = None
        if index:
            t = ImageObject(dm.tags_dict["ImageList"]["TagGroup%d" % index[0]], fh).get_data()
            thumb = np.asarray(t["R"], dtype=np.float64)
    h, w = main.shape
    ok = (thumb is not None and thumb.shape[0] <= h and thumb.shape[1] <= w
          and abs(thumb.shape[1] / thumb.shape[0] - w / h) <= 0.02 * w / h)
    out.append("file %s %s" % (os.path.relpath(f, ROOT), "embedded" if ok else "decoded"))
    if ok:
        out += grid("main", shrink(main)) + grid("thumb", shrink(thumb))
with open(OUT, "w") as o:
    o.write("\n".join(out) + "\n")
print("\n".join(l for l in out if l.startswith("file")))
