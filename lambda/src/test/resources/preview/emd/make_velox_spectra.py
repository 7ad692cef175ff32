#!/usr/bin/env python3
"""Writes velox-spectra.txt: for every Velox EMD of the corpus without an /Data/Image group but with a /Data/Spectrum
item, read with h5py (not our reader): the first spectrum item's channel count, the channel of its largest count, and
the energy axis HyperSpy gives it (the Detectors entry whose DetectorName contains BinaryResult/Detector: OffsetEnergy,
Dispersion, in eV). Run from the repository root: /usr/bin/python3 <this file>.

Columns (tab-separated): corpus-relative path, channels, argmax channel, offset eV, dispersion eV.
"""
import glob
import json
import os

import h5py
import numpy as np

ROOT = os.path.join("..", "shared", "corpus")
OUT = os.path.join("lambda", "src", "test", "resources", "preview", "emd", "velox-spectra.txt")

rows = []
for f in sorted(glob.glob(os.path.join(ROOT, "**", "*.emd"), recursive=True)):
    with h5py.File(f, "r") as h:
        if "Data" not in h or "Image" in h["Data"] or "Spectrum" not in h["Data"]:
            continue
        item = h["Data/Spectrum"][next(iter(h["Data/Spectrum"]))]
        data = np.asarray(item["Data"][...]).reshape(-1)
        meta = json.loads(bytes(item["Metadata"][:, 0]).rstrip(b"\0").decode())
        name = meta["BinaryResult"]["Detector"]
        det = next(d for d in meta["Detectors"].values() if name in d.get("DetectorName", ""))
        rows.append("\t".join([os.path.relpath(f, ROOT), str(data.size), str(int(np.argmax(data))),
                               det["OffsetEnergy"], det["Dispersion"]]))
with open(OUT, "w") as out:
    out.write("\n".join(rows) + "\n")
print("\n".join(rows))
