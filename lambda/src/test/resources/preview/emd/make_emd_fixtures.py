#!/usr/bin/env python3
"""Writes the small Velox-layout EMD files the EMD preview tests read (run from this directory; needs h5py, numpy).

  stack_chunked.emd     (48, 64, 6) int16, one frame per chunk, as Velox and bench/make_velox.py lay out a stack
  stack_deflate.emd     the same stack with gzip (Deflate) chunks of half a frame each: a 2 x 1 chunk grid
  stack_contiguous.emd  (48, 64, 6) uint16 contiguous: frames interleaved per pixel
  hostile_huge.emd      declares (200000, 200000, 1000) int16 in chunks never written (a few KB on disk)
  hostile_wide.emd      declares (4, 40000000, 1000) int16: one row of frame 0 is 80 GB with its frames
  expected.txt          for each stack file: frame 0 and frame 1, row by row, as numbers (what h5py reads back)

Frame 0 is a diagonal ramp, frame 1 its mirror image, the others noise, so a preview of the wrong frame, or of the
frames mixed, does not match frame 0. The Metadata column is a minimal Velox JSON with a pixel size of 2 nm.
"""
import json

import h5py
import numpy as np

H, W, F = 48, 64, 6
META = json.dumps({
    "Core": {"MetadataDefinitionVersion": "7.9"},
    "Acquisition": {"AcquisitionStartDatetime": {"DateTime": "1600000000"}},
    "BinaryResult": {"Detector": "HAADF", "PixelSize": {"width": "2e-09", "height": "2e-09"},
                     "PixelUnitX": "m", "PixelUnitY": "m"},
}).encode()


def frames():
    y, x = np.mgrid[0:H, 0:W]
    f0 = (x * 37 + y * 53).astype(np.int64) % 3000 + 100
    f1 = f0[:, ::-1]
    rng = np.random.default_rng(14)
    stack = np.empty((H, W, F), dtype=np.int64)
    stack[:, :, 0] = f0
    stack[:, :, 1] = f1
    for k in range(2, F):
        stack[:, :, k] = rng.integers(0, 3000, size=(H, W))
    return stack


def skeleton(path, nframes=1):
    f = h5py.File(path, "w", libver="earliest")
    f.create_dataset("Version", data=np.array([b'{"version": "8", "format": "Velox"}'], dtype=object),
                     dtype=h5py.string_dtype())
    item = f.create_group("Data").create_group("Image").create_group("0123456789abcdef0123456789abcdef")
    column = np.zeros((1024, nframes), dtype="uint8")
    for k in range(nframes):
        column[: len(META), k] = np.frombuffer(META, dtype="uint8")
    item.create_dataset("Metadata", data=column, chunks=(1024, 1))
    return f, item


def stack_file(path, dtype, **layout):
    stack = frames()
    f, item = skeleton(path, F)
    item.create_dataset("Data", data=stack.astype(dtype), **layout)
    f.close()
    with h5py.File(path, "r") as back:
        return back["Data/Image/0123456789abcdef0123456789abcdef/Data"][()]


def hostile(path, shape, chunks):
    f, item = skeleton(path, 1)
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_chunk(chunks)
    h5py.h5d.create(item.id, b"Data", h5py.h5t.STD_I16LE, h5py.h5s.create_simple(shape), dcpl=dcpl)
    f.close()


def main():
    lines = []
    for name, dtype, layout in [("stack_chunked.emd", "int16", {"chunks": (H, W, 1)}),
                                ("stack_deflate.emd", "int16", {"chunks": (H // 2, W, 1), "compression": "gzip"}),
                                ("stack_contiguous.emd", "uint16", {})]:
        data = stack_file(name, dtype, **layout)
        for k in (0, 1):
            lines.append(f"{name} frame {k} {H} {W}")
            lines.extend(" ".join(str(int(v)) for v in row) for row in data[:, :, k])
    with open("expected.txt", "w") as out:
        out.write("\n".join(lines) + "\n")
    hostile("hostile_huge.emd", (200000, 200000, 1000), (1000, 1000, 1))
    hostile("hostile_wide.emd", (4, 40000000, 1000), (1, 1000, 1000))


if __name__ == "__main__":
    main()
