#!/usr/bin/env python3
"""Writes spectra.txt: for every Bruker .bcf of the corpus, the sum spectrum Esprit keeps in the header
(EDSDatabase/HeaderData, SpectrumData0) as HyperSpy 1.7.3's Bruker reader parses it: channel count, channel of the
largest count, CalibAbs (offset, keV), CalibLin (keV per channel). Run from the repository root:
/usr/bin/python3 <this file>.
"""
import glob
import os
import warnings

import numpy as np
from hyperspy.io_plugins.bruker import HyperHeader, SFS_reader

warnings.filterwarnings("ignore")
ROOT = os.path.join("..", "shared", "corpus")
OUT = os.path.join("lambda", "src", "test", "resources", "preview", "bcf", "spectra.txt")

rows = []
for f in sorted(glob.glob(os.path.join(ROOT, "**", "*.bcf"), recursive=True)):
    sfs = SFS_reader(f)
    header = sfs.get_file("EDSDatabase/HeaderData").get_as_BytesIO_string().getvalue()
    sp = HyperHeader(header, [0]).spectra_data[0]
    rows.append("\t".join([os.path.relpath(f, ROOT), str(sp.data.size), str(int(np.argmax(sp.data))),
                           repr(float(sp.offset)), repr(float(sp.scale))]))
with open(OUT, "w") as out:
    out.write("\n".join(rows) + "\n")
print("\n".join(rows))
