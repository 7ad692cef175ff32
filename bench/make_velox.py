#!/usr/bin/env python3
"""Writes a Velox-layout EMD with an N-frame image stack, for the range-read benchmark.

Everything but the stack is copied from a real Velox file (its groups, its JSON datasets, its per-frame
Metadata column), so the HDF5 structure our reader walks is the one Velox writes. The stack itself is
allocated at creation and never filled: the file has its full size (8 GB for 1000 frames of 2048x2048
int16) but costs almost no disk, because nobody ever writes the pixels -- just as our function never
reads them.

usage: make_velox.py SOURCE.emd OUT.emd FRAMES HEIGHT WIDTH
"""
import re
import sys

import h5py
import numpy as np


def main(source, out, frames, height, width):
    with h5py.File(source, "r") as src, h5py.File(out, "w", libver="earliest") as dst:
        image_groups = list(src["Data/Image"].keys())
        if not image_groups:
            sys.exit(f"{source}: no Data/Image group to model the stack on")
        template = src["Data/Image"][image_groups[0]]
        for name in src:
            if name != "Data":
                src.copy(src[name], dst, name=name)
        data = dst.create_group("Data")
        for name in src["Data"]:
            if name != "Image":
                src.copy(src["Data"][name], data, name=name)
        stack = data.create_group("Image").create_group(image_groups[0])

        # The pixels: chunked one frame per chunk as Velox does, every chunk allocated, none written.
        space = h5py.h5s.create_simple((height, width, frames))
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_chunk((height, width, 1))
        dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
        dcpl.set_fill_time(h5py.h5d.FILL_TIME_NEVER)
        h5py.h5d.create(stack.id, b"Data", h5py.h5t.STD_I16LE, space, dcpl=dcpl)

        # One metadata column per frame (rows x 1 chunks), each the real file's first column with the
        # frame's own id and time stamp written into it, as Velox does, so the columns differ.
        meta = template["Metadata"]
        rows = meta.shape[0]
        first = bytes(meta[:, 0])
        text = first.rstrip(b"\0")
        column = stack.create_dataset("Metadata", shape=(rows, frames), dtype="uint8", chunks=(rows, 1))
        for f in range(frames):
            marked = re.sub(rb'(FrameID":\{"type":"long","value":")0"', rb'\g<1>%d"' % f, text)
            marked = re.sub(rb'(TimeStamp":\{"type":"int64","value":")(\d+)"',
                            lambda m: m.group(1) + b"%d\"" % (int(m.group(2)) + 800000 * f), marked)
            buf = np.zeros(rows, dtype="uint8")
            buf[: len(marked)] = np.frombuffer(marked[:rows], dtype="uint8")
            column[:, f] = buf
        stack.create_dataset("FrameLookupTable", data=np.arange(frames, dtype="uint32"), chunks=(1,))


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
