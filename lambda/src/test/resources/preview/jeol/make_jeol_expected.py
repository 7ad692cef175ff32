#!/usr/bin/env python3
"""Writes the JEOL Analysis Station preview fixtures from HyperSpy 1.7.3's JEOL reader (hyperspy.io_plugins.jeol),
not from emmeta. Run from the repository root: /usr/bin/python3 <this file>.

spectra.txt: file, channels, channel of the largest count, its count, the second largest count, energy offset (keV),
keV per channel, total counts. The .eds spectrum as HyperSpy reads it; the .pts spectrum images summed over their
pixels, read with only_valid_data=False so that a sweep the acquisition stopped in counts too (Dummy-Data_0000007.pts
holds a single unfinished sweep: HyperSpy's default drops it and sums to zero).

images.txt: file, width, height, sum of the pixels, pixel size (µm) HyperSpy's x axis gives, for the .img image and
the .map element maps (the pixels themselves are decoded by the test from the vendor layout and checked against the
sum here).
"""
import glob
import os
import warnings

import numpy as np
import hyperspy.api as hs

warnings.filterwarnings("ignore")
ROOT = os.path.join("..", "shared", "corpus")
OUT = os.path.join("lambda", "src", "test", "resources", "preview", "jeol")
BASE = os.path.join(ROOT, "public", "rosettasciio")

spectra = []
for f in [os.path.join(BASE, "View002_0000001.eds"), os.path.join(BASE, "Sample", "00_View000", "View000_0000006.pts"),
          os.path.join(BASE, "Dummy-Data_0000007.pts")]:
    s = hs.load(f, only_valid_data=False) if f.endswith(".pts") else hs.load(f)
    d = np.asarray(s.data, dtype=np.int64)
    spectrum = d.reshape(-1, d.shape[-1]).sum(axis=0)
    axis = s.axes_manager.signal_axes[0]
    order = np.sort(spectrum)
    spectra.append("\t".join([os.path.relpath(f, ROOT), str(axis.size), str(int(np.argmax(spectrum))),
                              str(int(order[-1])), str(int(order[-2])), repr(float(axis.offset)),
                              repr(float(axis.scale)), str(int(spectrum.sum()))]))

images = []
for f in sorted(glob.glob(os.path.join(BASE, "Sample", "00_View000", "*.img"))
                + glob.glob(os.path.join(BASE, "Sample", "00_View000", "*.map"))):
    s = hs.load(f)
    h, w = s.data.shape
    images.append("\t".join([os.path.relpath(f, ROOT), str(w), str(h), str(int(np.asarray(s.data, np.int64).sum())),
                             repr(float(s.axes_manager["x"].scale))]))

for name, rows in (("spectra.txt", spectra), ("images.txt", images)):
    with open(os.path.join(OUT, name), "w") as out:
        out.write("\n".join(rows) + "\n")
    print("\n".join(rows))
