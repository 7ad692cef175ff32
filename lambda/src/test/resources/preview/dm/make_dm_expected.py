#!/usr/bin/env python3
"""Writes spectra.txt: for every DM3/DM4 file of the corpus that HyperSpy 1.7.3 reads as a 1-D signal (a spectrum, or
a spectrum image with a spectral signal axis), the channel where its sum spectrum (the sum over all navigation
positions) is largest, with the spectral axis as HyperSpy calibrates it. The DM preview test checks the plotted peak
against these, read without our reader. Run from the repository root: /usr/bin/python3 <this file>.

Columns (tab-separated): corpus-relative path, channels, argmax channel of the sum spectrum, axis offset, axis
scale, axis units, sum-spectrum bytes (channels x positions x itemsize).
"""
import glob
import os
import warnings

import hyperspy.api as hs
import numpy as np

warnings.filterwarnings("ignore")
ROOT = os.path.join("..", "shared", "corpus")
OUT = os.path.join("lambda", "src", "test", "resources", "preview", "dm", "spectra.txt")

rows = []
for f in sorted(glob.glob(os.path.join(ROOT, "**", "*.dm[34]"), recursive=True)):
    s = hs.load(f)
    if s.axes_manager.signal_dimension != 1:
        continue
    data = np.asarray(s.data, dtype=np.float64)
    total = data.reshape(-1, data.shape[-1]).sum(axis=0)
    ax = s.axes_manager.signal_axes[0]
    rows.append("\t".join([os.path.relpath(f, ROOT), str(total.size), str(int(np.argmax(total))), repr(ax.offset),
                           repr(ax.scale), str(ax.units), str(s.data.nbytes)]))
with open(OUT, "w") as out:
    out.write("\n".join(rows) + "\n")
print("\n".join(rows))
